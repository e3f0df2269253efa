#!/usr/bin/python3
"""End-to-end SSD-300 references for `advent predict`: torchvision's ssd300_vgg16 itself, and an
ssd.pytorch-convention pipeline written here from the SSD spec (ADVENT-SPEC section 9), both with seeded
weights on real Cityscapes images of several sizes.

Run from this directory with Debian's torch and torchvision (python3-torch 1.13, python3-torchvision 0.14):
    /usr/bin/python3 make_ssd_parity.py [SHARED_DATA]        (SHARED_DATA defaults to ../../../../../shared/data)

No weights are stored: every tensor is filled from a SplitMix64 stream (seed SEED * 1000003 + tensor index, in
state-dict order; value = (2u - 1) * bound, u = (z >>> 11) / 2^53, computed in float64 and rounded to float32),
which the Java test reproduces bit for bit. Bounds: He-uniform sqrt(6 / fan_in) for every weight, 0.1 for
biases, and for the heads a bound calibrated here so that class logits spread over about +-3 and box offsets
over about +-1 (random heads would otherwise give near-uniform, tied scores). L2Norm's scale starts at 20.

Writes
  images/*.png                  four crops of real frames (1024x512, 500x375, 300x300, 333x500)
  torchvision_weights.json      torchvision's state-dict keys, shapes and bounds (91 classes, COCO's count)
  torchvision_expected.json     torchvision's detections per image (boxes in original-image pixels)
  torchvision_priors.npz        'centres': its 8,732 default boxes for 300x300, (cx, cy, w, h) / 300
  ssdpytorch_weights.json       the same for the ssd.pytorch layout (9 classes)
  ssdpytorch_expected.json      this file's ssd.pytorch reference detections
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from PIL import Image
from torchvision.models.detection import ssd300_vgg16
from torchvision.ops import nms

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '../../../../../detection/src/test/resources/model'))
import make_ssd_fixture as spec  # noqa: E402  the ssd.pytorch network, priors and conventions

SEED = 11
GAMMA = np.uint64(0x9E3779B97F4A7C15)
M1 = np.uint64(0xBF58476D1CE4E5B9)
M2 = np.uint64(0x94D049BB133111EB)
LOGIT_SPREAD = 3.0
OFFSET_SPREAD = 1.0
MEAN_BGR = (104.0, 117.0, 123.0)


def splitmix_uniform(seed, count):
    """count doubles in [0, 1) of SplitMix64 seeded with seed (Java's SplitMix64.nextDouble, in order)."""
    state = (np.uint64(seed % (1 << 64)) + np.arange(1, count + 1, dtype=np.uint64) * GAMMA)
    z = state
    z = (z ^ (z >> np.uint64(30))) * M1
    z = (z ^ (z >> np.uint64(27))) * M2
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * (2.0 ** -53)


def fill(model, bounds):
    """Every parameter from its own stream, in state-dict order; bounds: key -> bound (None: the scale 20)."""
    with torch.no_grad():
        for index, (key, tensor) in enumerate(model.state_dict().items()):
            bound = bounds[key]
            if bound is None:
                values = np.full(tensor.numel(), 20.0)
            else:
                values = (splitmix_uniform(SEED * 1000003 + index, tensor.numel()) * 2.0 - 1.0) * bound
            tensor.copy_(torch.from_numpy(values.astype(np.float32)).reshape(tensor.shape))


def base_bounds(model, is_scale):
    bounds = {}
    for key, tensor in model.state_dict().items():
        if is_scale(key):
            bounds[key] = None
        elif key.endswith('.weight'):
            bounds[key] = math.sqrt(6.0 / (tensor.shape[1] * tensor.shape[2] * tensor.shape[3]))
        else:
            bounds[key] = 0.1
    return bounds


def calibrate(model, bounds, heads, run_heads, image):
    """Scales each head's weight bound so its outputs reach the wanted spread on one image; rounded to 4 digits."""
    fill(model, bounds)
    with torch.no_grad():
        outputs = run_heads(image)
    for (key, spread), out in zip(heads, outputs):
        bounds[key] = float('%.4g' % (bounds[key] * spread / out.std().item()))
    fill(model, bounds)


def write_weights(name, model, bounds, classes, convention):
    tensors = [{'key': k, 'shape': list(t.shape), 'bound': bounds[k]} for k, t in model.state_dict().items()]
    with open(os.path.join(HERE, name), 'w') as f:
        json.dump({'seed': SEED, 'classes': classes, 'convention': convention, 'tensors': tensors}, f, indent=1)


def write_expected(name, per_image):
    with open(os.path.join(HERE, name), 'w') as f:
        json.dump({'images': per_image}, f, indent=1)


def detections_json(file, image, boxes, scores, labels):
    return {'file': file, 'width': image.shape[2], 'height': image.shape[1],
            'detections': [[int(l), float(s)] + [float(v) for v in b]
                           for b, s, l in zip(boxes.tolist(), scores.tolist(), labels.tolist())]}


def make_images(shared):
    frame = Image.open(os.path.join(shared, 'cityscapes-frame/frame_1024x512.png')).convert('RGB')
    crops = {'frame_1024x512.png': frame,
             'crop_500x375.png': frame.crop((300, 80, 800, 455)),
             'crop_300x300.png': frame.crop((600, 150, 900, 450)),
             'crop_333x500.png': frame.resize((666, 1000), Image.BILINEAR).crop((100, 200, 433, 700))}
    os.makedirs(os.path.join(HERE, 'images'), exist_ok=True)
    for name, picture in crops.items():
        picture.save(os.path.join(HERE, 'images', name))
    return {name: torch.from_numpy(np.asarray(picture).copy()).permute(2, 0, 1) for name, picture in crops.items()}


def torchvision_reference(images):
    model = ssd300_vgg16(weights=None, weights_backbone=None, num_classes=91).eval()
    bounds = base_bounds(model, lambda k: k == 'backbone.scale_weight')
    first = next(iter(images.values())).float() / 255

    def heads(image):
        transformed, _ = model.transform([image])
        features = list(model.backbone(transformed.tensors).values())
        out = []
        for i, f in enumerate(features):
            out.append(model.head.classification_head.module_list[i](f))
        for i, f in enumerate(features):
            out.append(model.head.regression_head.module_list[i](f))
        return out

    head_keys = [('head.classification_head.module_list.%d.weight' % i, LOGIT_SPREAD) for i in range(6)] + \
                [('head.regression_head.module_list.%d.weight' % i, OFFSET_SPREAD) for i in range(6)]
    calibrate(model, bounds, head_keys, heads, first)
    write_weights('torchvision_weights.json', model, bounds, 91, 'torchvision')
    per_image = []
    with torch.no_grad():
        for name, image in images.items():
            x = image.float() / 255
            out = model([x])[0]
            per_image.append(detections_json(name, image, out['boxes'], out['scores'], out['labels']))
    write_expected('torchvision_expected.json', per_image)
    with torch.no_grad():
        grids = [(m, m) for m in (38, 19, 10, 5, 3, 1)]
        centres = model.anchor_generator._grid_default_boxes(grids, [300, 300], dtype=torch.float32)
    np.savez(os.path.join(HERE, 'torchvision_priors.npz'), centres=centres.numpy().astype(np.float32))


def ssdpytorch_preprocess(image):
    """Resized to 300x300 by bilinear interpolation as cv2.resize's INTER_LINEAR does on a float image (the same
    source positions, (x + 0.5) * in / out - 0.5, clamped at the borders, no anti-aliasing), then the BGR mean
    (104, 117, 123) subtracted, BGR planes."""
    x = F.interpolate(image.float()[None], size=(300, 300), mode='bilinear', align_corners=False)[0]
    bgr = x[[2, 1, 0]]
    return bgr - torch.tensor(MEAN_BGR).view(3, 1, 1)


def ssdpytorch_detect(conf, loc, priors, width, height, classes):
    """softmax; decode with variances 0.1 / 0.2 (no size limit, no clipping before NMS); per class: score > 0.01,
    the 400 best, NMS at IoU 0.45; the 200 best over all classes; boxes clipped to the image and scaled to it."""
    scores = F.softmax(conf, dim=-1)
    centre = priors[:, :2] + loc[:, :2] * 0.1 * priors[:, 2:]
    size = priors[:, 2:] * torch.exp(loc[:, 2:] * 0.2)
    boxes = torch.cat([centre - size / 2, centre + size / 2], 1)
    all_boxes, all_scores, all_labels = [], [], []
    for c in range(1, classes):
        s = scores[:, c]
        keep = s > 0.01
        s, b = s[keep], boxes[keep]
        s, order = s.sort(descending=True, stable=True)
        s, b = s[:400], b[order[:400]]
        kept = nms(b, s, 0.45)
        all_boxes.append(b[kept])
        all_scores.append(s[kept])
        all_labels.append(torch.full((len(kept),), c))
    boxes, scores, labels = torch.cat(all_boxes), torch.cat(all_scores), torch.cat(all_labels)
    scores, order = scores.sort(descending=True, stable=True)
    boxes, labels = boxes[order[:200]].clamp(0, 1), labels[order[:200]]
    scale = torch.tensor([width, height, width, height], dtype=torch.float32)
    return boxes * scale, scores[:200], labels


def ssdpytorch_reference(images):
    classes = 9
    model = spec.SSD(1, classes).eval()
    bounds = base_bounds(model, lambda k: k == 'L2Norm.weight')
    first = ssdpytorch_preprocess(next(iter(images.values())))[None]

    def heads(x):
        conf, loc = model(x)
        return conf + loc

    head_keys = [('conf.%d.weight' % i, LOGIT_SPREAD) for i in range(6)] + \
                [('loc.%d.weight' % i, OFFSET_SPREAD) for i in range(6)]
    calibrate(model, bounds, head_keys, heads, first)
    write_weights('ssdpytorch_weights.json', model, bounds, classes, 'ssd.pytorch')
    priors = torch.from_numpy(spec.priors())
    per_image = []
    with torch.no_grad():
        for name, image in images.items():
            conf, loc = model(ssdpytorch_preprocess(image)[None])
            flat_conf = torch.cat([c.permute(0, 2, 3, 1).reshape(-1, classes) for c in conf])
            flat_loc = torch.cat([l.permute(0, 2, 3, 1).reshape(-1, 4) for l in loc])
            boxes, scores, labels = ssdpytorch_detect(flat_conf, flat_loc, priors, image.shape[2], image.shape[1],
                                                      classes)
            per_image.append(detections_json(name, image, boxes, scores, labels))
    write_expected('ssdpytorch_expected.json', per_image)


if __name__ == '__main__':
    torch.manual_seed(0)
    torch.set_num_threads(2)
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '../../../../../shared/data')
    print('torch', torch.__version__, 'torchvision', torchvision.__version__)
    pictures = make_images(shared)
    torchvision_reference(pictures)
    ssdpytorch_reference(pictures)
    for name in ('torchvision_expected.json', 'ssdpytorch_expected.json'):
        with open(os.path.join(HERE, name)) as f:
            data = json.load(f)
        for entry in data['images']:
            d = entry['detections']
            print(name, entry['file'], len(d), 'detections, scores', d[0][1] if d else None, '...',
                  d[-1][1] if d else None)
