#!/usr/bin/env python3
"""Makes docs/images/foggy-cityscapes.jpg: real Cityscapes frames, clear and foggy at the three betas.

Run from the repository root after writing the foggy images with advent itself, e.g.
  for b in 0.005 0.01 0.02; do ./advent fog --cityscapes ../shared/data/cityscapes-fog-demo --beta $b --out /tmp/fogout; done
  /usr/bin/python3 docs/images/make_foggy_figure.py ../shared/data/cityscapes-fog-demo /tmp/fogout
"""
import sys
from pathlib import Path

from PIL import Image, ImageDraw

clear_root, foggy_root = Path(sys.argv[1]), Path(sys.argv[2])
frames = ["aachen/aachen_000001_000019", "cologne/cologne_000088_000019"]
betas = ["0.005", "0.01", "0.02"]
w, h = 480, 240
sheet = Image.new("RGB", (w * 4, h * len(frames) + 24), "white")
draw = ImageDraw.Draw(sheet)
for col, title in enumerate(["clear"] + ["beta " + b for b in betas]):
    draw.text((col * w + 8, 6), title, fill="black")
for row, frame in enumerate(frames):
    city, stem = frame.split("/")
    files = [clear_root / "leftImg8bit" / "train" / city / f"{stem}_leftImg8bit.png"]
    files += [foggy_root / "leftImg8bit_foggy" / "train" / city / f"{stem}_leftImg8bit_foggy_beta_{b}.png" for b in betas]
    for col, file in enumerate(files):
        sheet.paste(Image.open(file).convert("RGB").resize((w, h), Image.BICUBIC), (col * w, 24 + row * h))
sheet.save("docs/images/foggy-cityscapes.jpg", quality=85)
