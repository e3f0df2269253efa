"""Reference outputs of PIL's Image.resize for ResamplingTest (ADVENT resizes with PIL).

Run with any Pillow >= 4 (made with Pillow 9.4.0): python3 make_pil_fixtures.py
Writes input.png (37x23 RGB: noise, saturated blocks, a gradient), labels.png (37x23 8-bit ids),
and bicubic_WxH.png / nearest_WxH.png for each size below.
"""
import numpy as np
from PIL import Image

SIZES = [(16, 9), (30, 20), (61, 47), (37, 10), (50, 23), (1, 1), (101, 5), (8, 40)]

rng = np.random.default_rng(20190101)
w, h = 37, 23
rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
rgb[: h // 2, : w // 3] = 255                                   # saturated block: clipping at 255
rgb[h // 2 :, 2 * w // 3 :] = 0                                  # black block: clipping at 0
rgb[:, w // 3 : 2 * w // 3, 1] = np.linspace(0, 255, h, dtype=np.uint8)[:, None]   # smooth gradient
labels = rng.integers(0, 40, (h, w), dtype=np.uint8)

image = Image.fromarray(rgb, "RGB")
label = Image.fromarray(labels, "L")
image.save("input.png")
label.save("labels.png")
for (ow, oh) in SIZES:
    image.resize((ow, oh), Image.BICUBIC).save(f"bicubic_{ow}x{oh}.png")
    label.resize((ow, oh), Image.NEAREST).save(f"nearest_{ow}x{oh}.png")
