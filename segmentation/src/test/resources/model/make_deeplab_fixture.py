#!/usr/bin/python3
"""Fixtures for io.github.advent.segmentation.model: a PyTorch reference of DeepLab-V2 (multi-level,
as ADVENT-SPEC section 2 describes it), written from the spec, and the files the Java tests compare with.

Run from this directory with Debian's torch (python3-torch 1.13):  /usr/bin/python3 make_deeplab_fixture.py

Writes
  deeplab_resnet101_keys.json     every state-dict key and shape of the full model (depth [3,4,23,3], C=19,
                                  width divisor 1), num_batches_tracked included, plus the parameter count;
                                  no weights
  deeplab_tiny_advent.pth         a reduced model (bottleneck depth [1,1,1,1], width divisor 16, C=5) with
                                  seeded, non-trivial weights and BN statistics, plain keys (ADVENT layout),
                                  zip serialisation
  deeplab_tiny_advent_fp16.npz    the same state dict as float16 (.npz, num_batches_tracked as int64)
  deeplab_tiny_imagenet.pth       the same backbone in the layout of DeepLab_resnet_pretrained_imagenet.pth:
                                  every key under 'Scale.', an old 7-class 'layer5' classifier to be skipped,
                                  no layer6, no num_batches_tracked; legacy (pre-1.6) serialisation
  deeplab_tiny_torchvision.pth    the same backbone in torchvision's resnet layout: num_batches_tracked and an
                                  'fc' classifier (10 x 128) to be skipped; zip serialisation
  deeplab_tiny_expected.npz       input (2x3x64x97: height 64 exercises the max-pool's ceil mode, width 97
                                  does not), eval-mode logits of both heads, train-mode logits of both heads
                                  (batch statistics) and some running statistics after that one train-mode
                                  forward (momentum 0.1)
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
EXPANSION = 4
HEAD_DILATIONS = (6, 12, 18, 24)


class Bottleneck(nn.Module):
    def __init__(self, inplanes, planes, stride, dilation, downsample):
        super().__init__()
        # the stride sits on the first 1x1 convolution (DeepLab / caffe ResNet), not on the 3x3
        self.conv1 = nn.Conv2d(inplanes, planes, 1, stride=stride, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=dilation, dilation=dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * EXPANSION, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * EXPANSION)
        if downsample:
            self.downsample = nn.Sequential(
                nn.Conv2d(inplanes, planes * EXPANSION, 1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * EXPANSION))
        else:
            self.downsample = None

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = torch.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        shortcut = x if self.downsample is None else self.downsample(x)
        return torch.relu(out + shortcut)


class Head(nn.Module):
    """Four parallel dilated 3x3 convolutions with bias, summed."""

    def __init__(self, inplanes, classes):
        super().__init__()
        self.conv2d_list = nn.ModuleList(
            nn.Conv2d(inplanes, classes, 3, padding=d, dilation=d, bias=True) for d in HEAD_DILATIONS)

    def forward(self, x):
        out = self.conv2d_list[0](x)
        for conv in self.conv2d_list[1:]:
            out = out + conv(x)
        return out


class DeepLabV2(nn.Module):
    def __init__(self, blocks, classes, divisor=1):
        super().__init__()
        base = 64 // divisor
        self.conv1 = nn.Conv2d(3, base, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(base)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)
        inplanes = base
        stages = ((base, 1, 1), (2 * base, 2, 1), (4 * base, 1, 2), (8 * base, 1, 4))
        for index, ((planes, stride, dilation), count) in enumerate(zip(stages, blocks)):
            layer = []
            for i in range(count):
                # the first block of every stage has a projection shortcut (channels change in all four)
                layer.append(Bottleneck(inplanes, planes, stride if i == 0 else 1, dilation, i == 0))
                inplanes = planes * EXPANSION
            setattr(self, 'layer%d' % (index + 1), nn.Sequential(*layer))
        self.layer5 = Head(16 * base, classes)  # auxiliary head on layer3
        self.layer6 = Head(32 * base, classes)  # main head on layer4

    def forward(self, x):
        x = self.maxpool(torch.relu(self.bn1(self.conv1(x))))
        x = self.layer3(self.layer2(self.layer1(x)))
        aux = self.layer5(x)
        main = self.layer6(self.layer4(x))
        return main, aux  # the Java block's order (ADVENT's Python returns (aux, main))


def seeded_weights(model, seed):
    """Weights and BN statistics that keep activations of order 1 in eval mode, so the comparison means something."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, module in model.named_modules():
            if isinstance(module, nn.Conv2d):
                fan_in = module.weight[0].numel()
                module.weight.copy_(torch.randn(module.weight.shape, generator=g) * math.sqrt(2.0 / fan_in))
                if module.bias is not None:
                    module.bias.copy_((torch.rand(module.bias.shape, generator=g) * 2 - 1) * 0.5)
            elif isinstance(module, nn.BatchNorm2d):
                n = module.num_features
                module.weight.copy_(0.5 + torch.rand(n, generator=g))
                module.bias.copy_(torch.randn(n, generator=g) * 0.1)
                module.running_mean.copy_(torch.randn(n, generator=g) * 0.1)
                module.running_var.copy_(0.5 + 1.5 * torch.rand(n, generator=g))
                module.num_batches_tracked.fill_(7)


def numpy_state(state):
    return {k: v.detach().cpu().numpy() for k, v in state.items()}


def full_key_list():
    model = DeepLabV2([3, 4, 23, 3], 19)
    state = model.state_dict()
    entries = [[k, list(v.shape)] for k, v in state.items()]
    parameters = sum(p.numel() for p in model.parameters())
    header = {'depth': [3, 4, 23, 3], 'classes': 19, 'width_divisor': 1,
              'parameters': parameters, 'state_dict_entries': len(entries)}
    with open(os.path.join(HERE, 'deeplab_resnet101_keys.json'), 'w') as f:  # one entry a line, diff-friendly
        f.write(json.dumps(header)[:-1] + ',\n"entries": [\n')
        f.write(',\n'.join(json.dumps(e) for e in entries))
        f.write('\n]}\n')
    print('resnet-101: %d parameters, %d state-dict entries' % (parameters, len(entries)))


def tiny_fixtures():
    torch.manual_seed(1234)
    model = DeepLabV2([1, 1, 1, 1], 5, divisor=16)
    seeded_weights(model, 1234)
    state = model.state_dict()
    torch.save(state, os.path.join(HERE, 'deeplab_tiny_advent.pth'))
    np.savez(os.path.join(HERE, 'deeplab_tiny_advent_fp16.npz'),
             **{k: (v.astype(np.float16) if v.dtype == np.float32 else v) for k, v in numpy_state(state).items()})

    backbone = {k: v for k, v in state.items() if not k.startswith(('layer5.', 'layer6.'))}
    g = torch.Generator().manual_seed(99)
    imagenet = {}
    for k, v in backbone.items():
        if not k.endswith('num_batches_tracked'):
            imagenet['Scale.' + k] = v.clone()
    for i in range(4):  # the old classifier: other class count, must not be loaded
        imagenet['Scale.layer5.conv2d_list.%d.weight' % i] = torch.randn(7, 64, 3, 3, generator=g)
        imagenet['Scale.layer5.conv2d_list.%d.bias' % i] = torch.randn(7, generator=g)
    torch.save(imagenet, os.path.join(HERE, 'deeplab_tiny_imagenet.pth'), _use_new_zipfile_serialization=False)

    torchvision = {k: v.clone() for k, v in backbone.items()}
    torchvision['fc.weight'] = torch.randn(10, 128, generator=g)
    torchvision['fc.bias'] = torch.randn(10, generator=g)
    torch.save(torchvision, os.path.join(HERE, 'deeplab_tiny_torchvision.pth'))

    x = torch.randn(2, 3, 64, 97, generator=g) * 50  # roughly the scale of mean-subtracted BGR pixels
    expected = {'input': x}
    model.eval()
    with torch.no_grad():
        main, aux = model(x)
    expected['eval_main'] = main
    expected['eval_aux'] = aux
    model.train()
    with torch.no_grad():
        main, aux = model(x)
    expected['train_main'] = main
    expected['train_aux'] = aux
    after = model.state_dict()
    for key in ('bn1.running_mean', 'bn1.running_var', 'layer2.0.bn2.running_mean', 'layer4.0.bn3.running_var',
                'layer4.0.downsample.1.running_mean', 'layer4.0.downsample.1.running_var'):
        expected['after_train.' + key] = after[key]
    np.savez(os.path.join(HERE, 'deeplab_tiny_expected.npz'), **numpy_state(expected))
    print('tiny: main %s, aux %s, %d parameters' % (tuple(main.shape), tuple(aux.shape),
                                                    sum(p.numel() for p in model.parameters())))


if __name__ == '__main__':
    full_key_list()
    tiny_fixtures()
