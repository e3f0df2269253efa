#!/usr/bin/python3
"""Fixtures for io.github.advent.detection: a PyTorch reference of SSD-300 (VGG-16), its default boxes,
matching and MultiBox loss, written from ADVENT-SPEC section 9 (ssd.pytorch's conventions), and the files
the Java tests compare with.

Run from this directory with Debian's torch (python3-torch 1.13):  /usr/bin/python3 make_ssd_fixture.py

Writes
  ssd300_vgg16_keys.json      every state-dict key and shape of the full network (width divisor 1, 9 classes)
                              in ssd.pytorch's naming, plus the parameter count; no weights
  ssd_tiny_ssdpytorch.pth     a reduced network (width divisor 32, 3 classes) with seeded weights, full
                              ssd.pytorch checkpoint keys (vgg.N, L2Norm.weight, extras.N, loc.N, conf.N), zip
  ssd_tiny_reducedfc.pth      its VGG part under vgg16_reducedfc.pth's keys ('0.weight' ... '33.bias'), legacy
                              (pre-1.6) serialisation like the 2017 original
  ssd_tiny_expected.npz       conf_0..5 and loc_0..5 of that network for one 300x300 input (input_image(),
                              a formula the Java test computes too)
  ssd300_priors.npz           the 8,732 default boxes (centre form), and the matching of three ground-truth
                              boxes onto them: classes of every default box, regression targets of positives
  ssd_loss_reference.npz      a small MultiBox case (24 default boxes, 3 images, 4 classes, one image without
                              objects, labels in the task's padded batch format): matched targets, both loss
                              terms and the gradients of their sum with respect to both inputs
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))

VGG = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'C', 512, 512, 512, 'M', 512, 512, 512]
# full-width out channels, kernel, stride, padding
EXTRAS = [(256, 1, 1, 0), (512, 3, 2, 1), (128, 1, 1, 0), (256, 3, 2, 1),
          (128, 1, 1, 0), (256, 3, 1, 0), (128, 1, 1, 0), (256, 3, 1, 0)]
# size, step, min size, max size, aspect ratios
MAPS = [(38, 8, 30, 60, [2]), (19, 16, 60, 111, [2, 3]), (10, 32, 111, 162, [2, 3]),
        (5, 64, 162, 213, [2, 3]), (3, 100, 213, 264, [2]), (1, 300, 264, 315, [2])]
IMAGE = 300


def boxes_per_cell(ratios):
    return 2 + 2 * len(ratios)


class L2Norm(nn.Module):
    def __init__(self, channels, scale):
        super().__init__()
        self.weight = nn.Parameter(torch.full((channels,), float(scale)))

    def forward(self, x):
        norm = x.pow(2).sum(dim=1, keepdim=True).sqrt() + 1e-10
        return x / norm * self.weight[None, :, None, None]


class SSD(nn.Module):
    def __init__(self, divisor, classes):
        super().__init__()
        layers, c = [], 3
        for v in VGG:
            if v == 'M':
                layers.append(nn.MaxPool2d(2, 2))
            elif v == 'C':
                layers.append(nn.MaxPool2d(2, 2, ceil_mode=True))
            else:
                layers += [nn.Conv2d(c, v // divisor, 3, padding=1), nn.ReLU()]
                c = v // divisor
        layers += [nn.MaxPool2d(3, 1, 1),
                   nn.Conv2d(c, 1024 // divisor, 3, padding=6, dilation=6), nn.ReLU(),
                   nn.Conv2d(1024 // divisor, 1024 // divisor, 1), nn.ReLU()]
        self.vgg = nn.ModuleList(layers)
        self.L2Norm = L2Norm(512 // divisor, 20)
        extras, c = [], 1024 // divisor
        for out, k, s, p in EXTRAS:
            extras.append(nn.Conv2d(c, out // divisor, k, stride=s, padding=p))
            c = out // divisor
        self.extras = nn.ModuleList(extras)
        sources = [512 // divisor, 1024 // divisor, 512 // divisor, 256 // divisor, 256 // divisor, 256 // divisor]
        self.loc = nn.ModuleList(nn.Conv2d(s, boxes_per_cell(m[4]) * 4, 3, padding=1) for s, m in zip(sources, MAPS))
        self.conf = nn.ModuleList(nn.Conv2d(s, boxes_per_cell(m[4]) * classes, 3, padding=1)
                                  for s, m in zip(sources, MAPS))

    def forward(self, x):
        sources = []
        for i in range(23):  # through conv4_3's ReLU (index 22)
            x = self.vgg[i](x)
        sources.append(self.L2Norm(x))
        for i in range(23, len(self.vgg)):
            x = self.vgg[i](x)
        sources.append(x)
        for i, layer in enumerate(self.extras):
            x = F.relu(layer(x))
            if i % 2 == 1:
                sources.append(x)
        conf = [c(s) for c, s in zip(self.conf, sources)]
        loc = [l(s) for l, s in zip(self.loc, sources)]
        return conf, loc


def priors():
    """Centre-form default boxes in ssd.pytorch's PriorBox order and arithmetic (float64, then float32)."""
    out = []
    for size, step, min_size, max_size, ratios in MAPS:
        f = IMAGE / step
        s = min_size / IMAGE
        s_prime = math.sqrt(s * (max_size / IMAGE))
        for i in range(size):
            for j in range(size):
                cx, cy = (j + 0.5) / f, (i + 0.5) / f
                out += [cx, cy, s, s, cx, cy, s_prime, s_prime]
                for r in ratios:
                    out += [cx, cy, s * math.sqrt(r), s / math.sqrt(r), cx, cy, s / math.sqrt(r), s * math.sqrt(r)]
    return np.clip(np.array(out, dtype=np.float64).reshape(-1, 4), 0, 1).astype(np.float32)


def corners(centres):
    return np.concatenate([centres[:, :2] - centres[:, 2:] / 2, centres[:, :2] + centres[:, 2:] / 2], 1)


def iou(a, b):
    """M x P IoU of corner boxes, in float32 with the Java code's order of operations."""
    w = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    h = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    inter = np.where((w > 0) & (h > 0), w * h, np.float32(0))
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(inter > 0, inter / union, np.float32(0)).astype(np.float32)


def centre_form(boxes):
    """Corner boxes to centre form."""
    return np.concatenate([(boxes[:, :2] + boxes[:, 2:]) / 2, boxes[:, 2:] - boxes[:, :2]], 1)


def encode(matched, centres):
    """Variances 0.1 / 0.2: centre offsets over the prior size, log size ratios."""
    m = matched.astype(np.float64)
    p = centres.astype(np.float64)
    c = (m[:, :2] + m[:, 2:]) / 2
    wh = m[:, 2:] - m[:, :2]
    return np.concatenate([(c - p[:, :2]) / (0.1 * p[:, 2:]), np.log(wh / p[:, 2:]) / 0.2], 1).astype(np.float32)


def match(truths, labels, centres, threshold=0.5):
    """Best default box per truth forced (later truths win a shared one), then IoU >= threshold. First index on ties."""
    count = centres.shape[0]
    if len(truths) == 0:
        return np.zeros(count, np.int64), np.zeros((count, 4), np.float32)
    overlaps = iou(truths, corners(centres))
    best_prior = overlaps.argmax(1)
    best_truth = overlaps.argmax(0)
    best_overlap = overlaps.max(0)
    best_overlap[best_prior] = 2
    for j in range(len(truths)):
        best_truth[best_prior[j]] = j
    classes = labels[best_truth].astype(np.int64)
    classes[best_overlap < threshold] = 0
    return classes, encode(truths[best_truth], centres)


def multibox_loss(conf, loc, conf_t, loc_t):
    """ssd.pytorch's MultiBoxLoss formula: smooth-L1 on positives, CE on positives + 3:1 mined negatives, / N."""
    pos = conf_t > 0
    loss_l = F.smooth_l1_loss(loc[pos], loc_t[pos], reduction='sum')
    ce = torch.logsumexp(conf, 2) - conf.gather(2, conf_t.unsqueeze(2)).squeeze(2)
    mining = ce.detach().clone()
    mining[pos] = 0
    _, order = mining.sort(1, descending=True)
    _, rank = order.sort(1)
    num_pos = pos.long().sum(1, keepdim=True)
    num_neg = torch.clamp(3 * num_pos, max=conf.shape[1] - 1)
    neg = rank < num_neg
    chosen = pos | neg
    loss_c = F.cross_entropy(conf[chosen], conf_t[chosen], reduction='sum')
    n = num_pos.sum().float()
    return loss_l / n, loss_c / n


def seeded_weights(model, seed):
    """He-normal weights and small biases keep activations of order 1 through the narrow network."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Conv2d):
                fan_in = module.weight[0].numel()
                module.weight.copy_(torch.randn(module.weight.shape, generator=g) * math.sqrt(2.0 / fan_in))
                module.bias.copy_((torch.rand(module.bias.shape, generator=g) * 2 - 1) * 0.1)
        model.L2Norm.weight.copy_(10 + 20 * torch.rand(model.L2Norm.weight.shape, generator=g))


def input_image():
    """1 x 3 x 300 x 300, roughly mean-subtracted BGR pixel scale; the Java test computes the same formula."""
    c, h, w = np.meshgrid(np.arange(3), np.arange(IMAGE), np.arange(IMAGE), indexing='ij')
    x = 60 * np.sin(0.05 * (c + 1) * h + 0.031 * w) + 25 * np.cos(0.017 * h - 0.043 * (c + 1) * w)
    return torch.from_numpy(x.astype(np.float32)[None])


def full_key_list():
    model = SSD(1, 9)
    state = model.state_dict()
    entries = [[k, list(v.shape)] for k, v in state.items()]
    parameters = sum(p.numel() for p in model.parameters())
    header = {'width_divisor': 1, 'classes': 9, 'parameters': parameters, 'state_dict_entries': len(entries)}
    with open(os.path.join(HERE, 'ssd300_vgg16_keys.json'), 'w') as f:  # one entry a line, diff-friendly
        f.write(json.dumps(header)[:-1] + ',\n"entries": [\n')
        f.write(',\n'.join(json.dumps(e) for e in entries))
        f.write('\n]}\n')
    print('ssd300 K=9: %d parameters, %d state-dict entries' % (parameters, len(entries)))


def tiny_network():
    torch.manual_seed(1234)
    model = SSD(32, 3)
    seeded_weights(model, 1234)
    state = model.state_dict()
    torch.save(state, os.path.join(HERE, 'ssd_tiny_ssdpytorch.pth'))
    reduced = {k[len('vgg.'):]: v.clone() for k, v in state.items() if k.startswith('vgg.')}
    torch.save(reduced, os.path.join(HERE, 'ssd_tiny_reducedfc.pth'), _use_new_zipfile_serialization=False)
    model.eval()
    with torch.no_grad():
        conf, loc = model(input_image())
    expected = {}
    for i, (c, l) in enumerate(zip(conf, loc)):
        expected['conf_%d' % i] = c.numpy()
        expected['loc_%d' % i] = l.numpy()
    np.savez(os.path.join(HERE, 'ssd_tiny_expected.npz'), **expected)
    print('tiny: %d parameters; maps %s' % (sum(p.numel() for p in model.parameters()),
                                           [tuple(c.shape) for c in conf]))


def prior_fixture():
    centres = priors()
    truths = np.array([[0.10, 0.20, 0.35, 0.60],     # a pedestrian-sized box
                       [0.50, 0.50, 0.98, 0.95],     # a large box
                       [0.70, 0.05, 0.74, 0.09]],    # a small box: few or no priors reach 0.5
                      np.float32)
    labels = np.array([2, 5, 8])
    classes, targets = match(truths, labels, centres)
    positive = np.nonzero(classes)[0]
    np.savez(os.path.join(HERE, 'ssd300_priors.npz'), priors=centres, truths=truths, labels=labels.astype(np.int64),
             classes=classes, positive=positive.astype(np.int64), positive_targets=targets[positive])
    print('priors: %d; positives per class %s' % (len(centres), np.bincount(classes, minlength=9)[1:]))


def loss_fixture():
    rng = np.random.default_rng(7)
    count, images, classes = 24, 3, 4
    boxes = np.zeros((images, 3, 4), np.float32)  # the task's padded label format: class 0 = no box
    labels = np.zeros((images, 3), np.int64)
    boxes[0] = [[0.05, 0.1, 0.6, 0.7], [0.3, 0.35, 0.95, 0.9], [0.2, 0.2, 0.5, 0.5]]
    labels[0] = [1, 3, 2]
    boxes[1, 0] = [0.4, 0.1, 0.7, 0.45]
    labels[1, 0] = 2
    # 14 random default boxes, 10 jittered copies of the objects: image 0 gets more positives than its
    # negatives can match 3:1 (the mining clamps), image 1 gets the usual 3:1
    rng_boxes = [rng.uniform(0.1, 0.9, 14), rng.uniform(0.1, 0.9, 14), rng.uniform(0.1, 0.5, 14),
                 rng.uniform(0.1, 0.5, 14)]
    objects = np.concatenate([np.repeat(boxes[0], 3, 0), boxes[1, :1]])
    jittered = centre_form(objects) + rng.uniform(-0.03, 0.03, (10, 4))
    centres = np.concatenate([np.stack(rng_boxes, 1), jittered]).astype(np.float32)
    assert len(centres) == count
    conf_t, loc_t = [], []
    for n in range(images):
        keep = labels[n] > 0
        c, l = match(boxes[n][keep], labels[n][keep], centres)
        conf_t.append(c)
        loc_t.append(l)
    conf_t, loc_t = np.stack(conf_t), np.stack(loc_t)
    conf = torch.tensor(rng.normal(0, 2, (images, count, classes)).astype(np.float32), requires_grad=True)
    loc = torch.tensor(rng.normal(0, 1.5, (images, count, 4)).astype(np.float32), requires_grad=True)
    loss_l, loss_c = multibox_loss(conf, loc, torch.from_numpy(conf_t), torch.from_numpy(loc_t))
    (loss_l + loss_c).backward()
    np.savez(os.path.join(HERE, 'ssd_loss_reference.npz'), priors=centres, boxes=boxes, labels=labels,
             conf=conf.detach().numpy(), loc=loc.detach().numpy(), conf_t=conf_t, loc_t=loc_t,
             loss_l=np.float32(loss_l.item()), loss_c=np.float32(loss_c.item()),
             grad_conf=conf.grad.numpy(), grad_loc=loc.grad.numpy())
    print('loss: positives per image %s, loss_l %.6f, loss_c %.6f' % ((conf_t > 0).sum(1), loss_l.item(),
                                                                       loss_c.item()))


if __name__ == '__main__':
    full_key_list()
    tiny_network()
    prior_fixture()
    loss_fixture()
