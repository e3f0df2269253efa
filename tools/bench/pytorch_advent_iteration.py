#!/usr/bin/python3
"""PyTorch-eager reference for `advent bench train|infer --arch deeplabv2-resnet101`.

Times exactly what advent's AdvEnt iteration does (ADVENT-SPEC section 5): DeepLab-V2 ResNet-101,
1 source + 1 target image, both heads upsampled (align_corners=True), seg loss, target adversarial
loss through frozen discriminators, both discriminators' source/target steps, SGD + 2x Adam.
Written from the spec; weights are random (speed does not depend on them).

    /usr/bin/python3 tools/bench/pytorch_advent_iteration.py train --size 512x256 --iterations 5 --threads 2
    /usr/bin/python3 tools/bench/pytorch_advent_iteration.py infer --size 1024x512 --iterations 3 --threads 2
Prints one JSON line: median seconds per iteration (or image), every timing, peak RSS in MB.
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Bottleneck(nn.Module):
    def __init__(self, cin, planes, stride, dilation, downsample):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 1, stride=stride, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=dilation, dilation=dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.downsample = downsample

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        skip = x if self.downsample is None else self.downsample(x)
        return F.relu(out + skip)


class Classifier(nn.Module):
    def __init__(self, cin, classes):
        super().__init__()
        self.conv2d_list = nn.ModuleList(
            nn.Conv2d(cin, classes, 3, padding=d, dilation=d) for d in (6, 12, 18, 24))

    def forward(self, x):
        return sum(conv(x) for conv in self.conv2d_list)


class DeepLabV2(nn.Module):
    def __init__(self, classes=19, blocks=(3, 4, 23, 3)):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.cin = 64
        self.layer1 = self.stage(64, blocks[0], 1, 1)
        self.layer2 = self.stage(128, blocks[1], 2, 1)
        self.layer3 = self.stage(256, blocks[2], 1, 2)
        self.layer4 = self.stage(512, blocks[3], 1, 4)
        self.layer5 = Classifier(1024, classes)
        self.layer6 = Classifier(2048, classes)
        for m in self.modules():
            if isinstance(m, nn.BatchNorm2d):
                for p in m.parameters():
                    p.requires_grad = False

    def stage(self, planes, count, stride, dilation):
        down = None
        if stride != 1 or self.cin != planes * 4 or dilation in (2, 4):
            down = nn.Sequential(nn.Conv2d(self.cin, planes * 4, 1, stride=stride, bias=False),
                                 nn.BatchNorm2d(planes * 4))
        layers = [Bottleneck(self.cin, planes, stride, dilation, down)]
        self.cin = planes * 4
        layers += [Bottleneck(self.cin, planes, 1, dilation, None) for _ in range(count - 1)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1, ceil_mode=True)
        x = self.layer2(self.layer1(x))
        x3 = self.layer3(x)
        return self.layer6(self.layer4(x3)), self.layer5(x3)


def discriminator(classes, width=64):
    layers = []
    cin = classes
    for i, w in enumerate((width, width * 2, width * 4, width * 8, 1)):
        layers.append(nn.Conv2d(cin, w, 4, stride=2, padding=1))
        if i < 4:
            layers.append(nn.LeakyReLU(0.2))
        cin = w
    return nn.Sequential(*layers)


def self_information(logits, size, classes):
    p = F.softmax(F.interpolate(logits, size=size, mode="bilinear", align_corners=True), dim=1)
    return -p * torch.log2(p + 1e-30) / torch.log2(torch.tensor(float(classes)))


def bce(x, label):
    return F.binary_cross_entropy_with_logits(x, torch.full_like(x, label))


def advent_iteration(model, d_main, d_aux, opt, opt_main, opt_aux, source, labels, target, classes):
    size = source.shape[2:]
    opt.zero_grad(); opt_main.zero_grad(); opt_aux.zero_grad()
    for d in (d_main, d_aux):
        for p in d.parameters():
            p.requires_grad = False
    main, aux = model(source)
    up = lambda t: F.interpolate(t, size=size, mode="bilinear", align_corners=True)
    loss = F.cross_entropy(up(main), labels, ignore_index=255) + 0.1 * F.cross_entropy(up(aux), labels, ignore_index=255)
    loss.backward()
    i_s_main = self_information(main.detach(), size, classes)
    i_s_aux = self_information(aux.detach(), size, classes)
    t_main, t_aux = model(target)
    i_t_main = self_information(t_main, target.shape[2:], classes)
    i_t_aux = self_information(t_aux, target.shape[2:], classes)
    adv = 0.001 * bce(d_main(i_t_main), 0) + 0.0002 * bce(d_aux(i_t_aux), 0)
    adv.backward()
    for d in (d_main, d_aux):
        for p in d.parameters():
            p.requires_grad = True
    for d, i_s, i_t in ((d_aux, i_s_aux, i_t_aux), (d_main, i_s_main, i_t_main)):
        (bce(d(i_s.detach()), 0) / 2).backward()
        (bce(d(i_t.detach()), 1) / 2).backward()
    opt.step(); opt_aux.step(); opt_main.step()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["train", "infer"])
    parser.add_argument("--size", default="512x256")
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1234)
    width, height = (int(v) for v in args.size.split("x"))
    classes = 19
    model = DeepLabV2(classes)
    times = []
    if args.mode == "train":
        model.train()
        d_main, d_aux = discriminator(classes), discriminator(classes)
        backbone = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith(("layer5", "layer6"))]
        heads = [p for n, p in model.named_parameters() if p.requires_grad and n.startswith(("layer5", "layer6"))]
        opt = torch.optim.SGD([{"params": backbone, "lr": 2.5e-4}, {"params": heads, "lr": 2.5e-3}],
                              lr=2.5e-4, momentum=0.9, weight_decay=5e-4)
        opt_main = torch.optim.Adam(d_main.parameters(), lr=1e-4, betas=(0.9, 0.99))
        opt_aux = torch.optim.Adam(d_aux.parameters(), lr=1e-4, betas=(0.9, 0.99))
        for i in range(args.warmup + args.iterations):
            source = torch.randn(1, 3, height, width)
            labels = torch.randint(0, classes, (1, height, width))
            target = torch.randn(1, 3, height, width)
            start = time.perf_counter()
            advent_iteration(model, d_main, d_aux, opt, opt_main, opt_aux, source, labels, target, classes)
            if i >= args.warmup:
                times.append(time.perf_counter() - start)
    else:
        model.eval()
        with torch.no_grad():
            for i in range(args.warmup + args.iterations):
                image = torch.randn(1, 3, height, width)
                start = time.perf_counter()
                main_logits, _ = model(image)
                F.interpolate(main_logits, size=(height * 2, width * 2), mode="bilinear", align_corners=True).argmax(1)
                if i >= args.warmup:
                    times.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"engine": "pytorch-eager " + torch.__version__, "mode": args.mode, "size": args.size,
                      "threads": args.threads, "median_seconds": statistics.median(times), "seconds": times,
                      "peak_rss_mb": round(peak_mb, 1)}))


if __name__ == "__main__":
    main()
