#!/usr/bin/python3
"""Times the Cityscapes scripts' own per-image path on the files `advent bench eval --keep DIR` wrote,
for comparison with `advent bench eval` on the same machine and the same files.

It imports cityscapesscripts.evaluation.evalPixelLevelSemanticLabeling from a checkout of
mcordts/cityscapesScripts (not part of this project) and calls its evaluateImgLists on every
label / prediction pair, with the pure-Python confusion path (CSUPPORT off: PIL decoding, then
numpy's encode + np.unique per image) and without the instance-level nIoU (advent does not
compute it). Nothing of the script is copied here.

    advent bench eval --iterations 500 --keep /tmp/bench-eval --json
    PYTHONPATH=/path/to/cityscapesScripts /usr/bin/python3 eval/bench/time_cityscapes_python.py /tmp/bench-eval

Prints one JSON object: images, seconds, seconds_per_image, images_per_second, peak_rss_mib.
"""
import importlib
import importlib.util
import json
import os
import resource
import sys
import time
import types

import numpy as np
import PIL

data = os.path.abspath(sys.argv[1])
limit = int(sys.argv[2]) if len(sys.argv) > 2 else None

if importlib.util.find_spec("pyquaternion") is None:  # used only by its 3D-box helpers
    sys.modules["pyquaternion"] = types.SimpleNamespace(Quaternion=None)
ev = importlib.import_module("cityscapesscripts.evaluation.evalPixelLevelSemanticLabeling")
ev.CSUPPORT = False
ev.args.evalInstLevelScore = False
ev.args.JSONOutput = False
ev.args.quiet = True

gt_root = os.path.join(data, "cityscapes", "gtFine", "val")
labels, predictions = [], []
for city in sorted(os.listdir(gt_root)):
    for name in sorted(os.listdir(os.path.join(gt_root, city))):
        if name.endswith("_gtFine_labelIds.png"):
            stem = name[: -len("_gtFine_labelIds.png")]
            labels.append(os.path.join(gt_root, city, name))
            predictions.append(os.path.join(data, "predictions", city, stem + "_leftImg8bit.png"))
if limit:
    labels, predictions = labels[:limit], predictions[:limit]

start = time.perf_counter()
result = ev.evaluateImgLists(predictions, labels, ev.args)
seconds = time.perf_counter() - start
print(json.dumps({
    "benchmark": "cityscapesScripts evaluateImgLists, Python path (CSUPPORT off, no nIoU)",
    "images": len(labels),
    "seconds": seconds,
    "seconds_per_image": seconds / len(labels),
    "images_per_second": len(labels) / seconds,
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    "python": sys.version.split()[0],
    "numpy": np.__version__,
    "pillow": PIL.__version__,
}, indent=2))
