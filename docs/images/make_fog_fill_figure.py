#!/usr/bin/env python3
"""Makes docs/images/fog-depth-repair.jpg: the lower left of two real Cityscapes frames fogged at beta 0.02,
with the depth of the plain nearest-valid fill (before) and with DepthRepair (after).

Run from the repository root with two output folders of `advent fog`, one written by a build before the
repair (commit da43d3b) and one by the current build:
  ./advent fog --cityscapes ../shared/data/cityscapes-fog-demo --beta 0.02 --out /tmp/fog-after
  /usr/bin/python3 docs/images/make_fog_fill_figure.py /tmp/fog-before /tmp/fog-after
"""
import sys
from pathlib import Path

from PIL import Image, ImageDraw

before, after = Path(sys.argv[1]), Path(sys.argv[2])
frames = ["hamburg/hamburg_000000_046078", "dusseldorf/dusseldorf_000020_000019"]
crop = (0, 512, 1024, 1024)  # the lower left quarter: the unseen left band and the hood
w, h = 512, 256
sheet = Image.new("RGB", (2 * w, len(frames) * h + 24), "white")
draw = ImageDraw.Draw(sheet)
for col, title in enumerate(["before: nearest valid pixel only", "after: DepthRepair (left band, road cap)"]):
    draw.text((col * w + 8, 6), title, fill="black")
for row, frame in enumerate(frames):
    city, stem = frame.split("/")
    for col, root in enumerate([before, after]):
        file = root / "leftImg8bit_foggy" / "train" / city / f"{stem}_leftImg8bit_foggy_beta_0.02.png"
        tile = Image.open(file).convert("RGB").crop(crop).resize((w, h), Image.BICUBIC)
        sheet.paste(tile, (col * w, 24 + row * h))
sheet.save("docs/images/fog-depth-repair.jpg", quality=85)
