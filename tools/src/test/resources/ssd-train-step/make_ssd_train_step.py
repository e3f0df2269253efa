#!/usr/bin/python3
"""The first iteration of `advent train detection` (ssd.pytorch conventions), computed independently: SSD-300's
MultiBox loss after matching (Liu et al. 2016: each ground truth's best default box forced, then IoU >= 0.5;
variances 0.1 / 0.2; smooth-L1 on positives; cross-entropy on positives and the 3:1 hardest negatives; both
over N positives), and ADVENT's formulas on the target image (Vu et al. 2019): per default box the softmax over
its K classes, the weighted self-information I = -P log2(P + 1e-30) / log2(K) in the network's layout (channel
g*K + k of each head), the normalised entropy (I summed over K) averaged per map, and the adversarial and
discriminator losses of the fully convolutional discriminators on conv4_3 and conv7.

Run from this directory with Debian's torch (python3-torch 1.13):  /usr/bin/python3 make_ssd_train_step.py

The network, default boxes, matching and MultiBox loss are those of ../../../../../detection/src/test/resources/
model/make_ssd_fixture.py (written from the SSD paper); the seeded weights use the SplitMix64 streams of
../ssd-parity/make_ssd_parity.py. The discriminators start as advent's do (PyTorch's default conv init,
U(+-1/sqrt(fan_in)) for weight then bias of each conv in order, every value drawn from SplitMix64 derived from
the run's --seed and stream 1000 + level index), so their first outputs can be computed here.

Inputs: the real Cityscapes crops of ../ssd-parity/images: crop_300x300.png is the labelled source image with
three hand-drawn boxes (source.json), crop_500x375.png the target image (resized to 300x300).

Writes
  weights.json     keys, shapes and bounds of the seeded ssd300-vgg16-w16 network (K = 4: background, person,
                   car, bicycle), read by the Java test's SeededSsdWeights
  source.json      the source image's boxes as COCO JSON
  expected.json    every loss of the first iteration, as advent's metrics.csv names them
  information.npz  the target's self-information maps, one per head (conv4_3 ... conv11_2), N x (G*K) x H x W
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '../ssd-parity'))
sys.path.insert(0, os.path.join(HERE, '../../../../../detection/src/test/resources/model'))
import make_ssd_fixture as spec  # noqa: E402  the SSD network, priors, matching and MultiBox loss
import make_ssd_parity as parity  # noqa: E402  SplitMix64 streams, seeded fill, head calibration, pre-processing

parity.SEED = 21
DIVISOR = 4  # ssd300-vgg16-w16: conv1_1 16 channels, the demo's width
CLASSES = ['person', 'car', 'bicycle']
K = len(CLASSES) + 1
# hand-drawn on crop_300x300.png: x1, y1, x2, y2 in pixels
BOXES = [('person', [1, 51, 19, 120]), ('car', [15, 54, 62, 112]), ('bicycle', [72, 62, 150, 127])]
RUN_SEED = 7  # the Java test's --seed
DISCRIMINATED = [(0, 'conv4_3'), (1, 'conv7')]
D_BASE_WIDTH = 64  # ADVENT's, the command line's default
LEVELS = ['conv4_3', 'conv7', 'conv8_2', 'conv9_2', 'conv10_2', 'conv11_2']
MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def derived_state(seed, stream):
    """The state of SplitMix64.derived(seed, stream): a generator seeded with seed ^ (stream * gamma), its first value."""
    return mix(((seed ^ (stream * GAMMA)) + GAMMA) & MASK)


class Discriminator(nn.Module):
    """ADVENT's: 4x4 / 2 convolutions of widths w, 2w, 4w, 8w, 1 (1x1 once the map cannot be halved), LeakyReLU 0.2."""

    def __init__(self, channels, side, seed, stream):
        super().__init__()
        strided = min(5, int(math.floor(math.log2(side))))
        widths = [D_BASE_WIDTH, 2 * D_BASE_WIDTH, 4 * D_BASE_WIDTH, 8 * D_BASE_WIDTH, 1]
        layers, c = [], channels
        for i, w in enumerate(widths):
            layers.append(nn.Conv2d(c, w, 4, 2, 1) if i < strided else nn.Conv2d(c, w, 1))
            c = w
        self.layers = nn.ModuleList(layers)
        counts = [p.numel() for conv in layers for p in (conv.weight, conv.bias)]
        values = parity.splitmix_uniform(derived_state(seed, stream), sum(counts))
        offset = 0
        with torch.no_grad():
            for conv in layers:
                bound = 1.0 / math.sqrt(conv.weight[0].numel())
                for p in (conv.weight, conv.bias):
                    u = values[offset:offset + p.numel()]
                    offset += p.numel()
                    p.copy_(torch.from_numpy(((u * 2 - 1) * bound).astype(np.float32)).reshape(p.shape))

    def forward(self, x):
        for i, conv in enumerate(self.layers):
            x = conv(x)
            if i < len(self.layers) - 1:
                x = F.leaky_relu(x, 0.2)
        return x


def bce(logits, label):
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, float(label))).item()


def self_information(conf):
    """N x (G*K) x H x W logits: softmax within each box's K classes, -P log2(P + 1e-30) / log2(K), same layout."""
    n, c, h, w = conf.shape
    p = F.softmax(conf.reshape(n, c // K, K, h, w), dim=2)
    return (-p * torch.log2(p + 1e-30) / math.log2(K)).reshape(n, c, h, w)


def flatten(maps, width):
    return torch.cat([m.permute(0, 2, 3, 1).reshape(m.shape[0], -1, width) for m in maps], 1)


def main():
    torch.set_num_threads(2)
    images = os.path.join(HERE, '../ssd-parity/images')
    source_image = torch.from_numpy(np.asarray(Image.open(os.path.join(images, 'crop_300x300.png')).convert('RGB'))
                                    .copy()).permute(2, 0, 1)
    target_image = torch.from_numpy(np.asarray(Image.open(os.path.join(images, 'crop_500x375.png')).convert('RGB'))
                                    .copy()).permute(2, 0, 1)
    source = parity.ssdpytorch_preprocess(source_image)[None]
    target = parity.ssdpytorch_preprocess(target_image)[None]

    model = spec.SSD(DIVISOR, K).eval()
    bounds = parity.base_bounds(model, lambda k: k == 'L2Norm.weight')
    head_keys = [('conf.%d.weight' % i, parity.LOGIT_SPREAD) for i in range(6)] + \
                [('loc.%d.weight' % i, parity.OFFSET_SPREAD) for i in range(6)]

    def heads(x):
        conf, loc = model(x)
        return conf + loc

    parity.calibrate(model, bounds, head_keys, heads, source)
    parity.write_weights(os.path.join(HERE, 'weights.json'), model, bounds, K, 'ssd.pytorch')

    coco = {'images': [{'id': 1, 'file_name': 'crop_300x300.png', 'width': 300, 'height': 300}],
            'annotations': [{'id': i + 1, 'image_id': 1, 'category_id': CLASSES.index(c) + 1,
                             'bbox': [b[0], b[1], b[2] - b[0], b[3] - b[1]], 'area': (b[2] - b[0]) * (b[3] - b[1]),
                             'iscrowd': 0} for i, (c, b) in enumerate(BOXES)],
            'categories': [{'id': i + 1, 'name': c} for i, c in enumerate(CLASSES)]}
    with open(os.path.join(HERE, 'source.json'), 'w') as f:
        json.dump(coco, f, indent=1)

    expected = {}
    with torch.no_grad():
        conf, loc = model(source)
        priors = spec.priors()
        truths = np.array([b for _, b in BOXES], np.float32) / 300
        labels = np.array([CLASSES.index(c) + 1 for c, _ in BOXES])
        conf_t, loc_t = spec.match(truths, labels, priors)
        loss_l, loss_c = spec.multibox_loss(flatten(conf, K), flatten(loc, 4), torch.from_numpy(conf_t)[None],
                                            torch.from_numpy(loc_t)[None])
        expected['supervised'] = (loss_l + loss_c).item()
        expected['supervised_location'] = loss_l.item()
        expected['supervised_confidence'] = loss_c.item()
        expected['positives'] = int((conf_t > 0).sum())
        source_information = [self_information(c) for c in conf]

        target_conf, _ = model(target)
        information = [self_information(c) for c in target_conf]
        for name, i in zip(LEVELS, information):
            expected['entropy_' + name] = i.reshape(1, -1, K, i.shape[2], i.shape[3]).sum(2).mean().item()
        for index, name in DISCRIMINATED:
            d = Discriminator(information[index].shape[1], information[index].shape[2], RUN_SEED, 1000 + index)
            expected['adversarial_' + name] = bce(d(information[index]), 0)
            expected['d_%s_source' % name] = bce(d(source_information[index]), 0)
            expected['d_%s_target' % name] = bce(d(information[index]), 1)
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump({'seed': RUN_SEED, 'classes': CLASSES, 'losses': expected}, f, indent=1)
    np.savez(os.path.join(HERE, 'information.npz'), **{n: i.numpy() for n, i in zip(LEVELS, information)})
    for k, v in expected.items():
        print('%-24s %.7g' % (k, v))


if __name__ == '__main__':
    main()
