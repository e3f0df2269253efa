#!/usr/bin/python3
"""PyTorch-eager reference for `advent bench train|infer --arch ssd300-vgg16`.

Times what advent's DetectionBench times (detection/.../bench/DetectionBench.java), with torchvision's
SSD300-VGG16 (`torchvision.models.detection.ssd300_vgg16(weights=None, weights_backbone=None,
num_classes=9)`: Cityscapes' 8 classes + background, SsdConfig.ssd300()) in eager mode:

train: one 1 x 3 x 300 x 300 source image with 4 random boxes and one target image per iteration, the
    method's full iteration in AdaptationTrainer's order (ADVENT-SPEC section 5, detection levels of
    DetectionTask): zero grads; freeze D; source forward, SSD MultiBox loss, backward; target forward,
    MinEnt: sum over the 6 confidence maps of lambda_ent * boxes_l / 8732 * mean entropy,
    AdvEnt: 0.001 * BCE(D_l(I_t), source) on conv4_3 and conv7 (entropies of all 6 levels computed
    detached, as advent logs them), backward; AdvEnt: D_l(I_s)/2 and D_l(I_t)/2 steps; read the losses,
    check every gradient is finite (advent does both every iteration); SGD 1e-3 poly (0.9, 120,000),
    momentum 0.9, wd 5e-4, then Adam 1e-4 (0.9, 0.99) per discriminator.
infer: no_grad backbone + head, then torchvision's postprocess_detections (softmax, decoding, score > 0.01,
    400 per class, NMS 0.45, 200 per image) on one 1 x 3 x 300 x 300 image.

Inputs are random as advent's (N(0, 50^2) pixels, SSD's mean-subtracted range, fed straight to the
backbone); weights are random, initialised as advent initialises SSD (Xavier-uniform, bias 0, L2Norm 20),
which matters for inference: an untrained network scores every class near 1/9 and fills NMS.

    /usr/bin/python3 tools/bench/pytorch_ssd_iteration.py train --method advent --iterations 20 --threads 2
    /usr/bin/python3 tools/bench/pytorch_ssd_iteration.py infer --iterations 20 --threads 2 --json
Prints advent's one-line summary, or with --json one JSON object with advent's field names (median
seconds per iteration or image, every timing, peak RSS in MB from ru_maxrss). See README-ssd.md.
"""
import argparse
import json
import math
import os
import platform
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models import vgg as tv_vgg
from torchvision.models.detection import ssd as tv_ssd
from torchvision.models.detection.anchor_utils import DefaultBoxGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.ops import boxes as box_ops

SIZE = 300
CLASSES = 9  # SsdConfig.DEFAULT_CLASSES: Cityscapes' 8 instance classes + background
LEVELS = ("conv4_3", "conv7", "conv8_2", "conv9_2", "conv10_2", "conv11_2")
MAP_SIDES = (38, 19, 10, 5, 3, 1)
BOXES_PER_CELL = (4, 6, 6, 6, 4, 4)
ASPECT_RATIOS = [[2], [2, 3], [2, 3], [2, 3], [2], [2]]
STEPS = [8, 16, 32, 64, 100, 300]
# ssd.pytorch's (advent's DefaultBoxes.ssd300()) min sizes 30, 60, 111, 162, 213, 264 and max 315, over 300:
# with these scales torchvision's DefaultBoxGenerator gives advent's 8,732 boxes in advent's order (advent also clips
# the centres to [0, 1]: the 114 boxes of conv8_2's last row and column sit up to 0.013 further in there).
ADVENT_SCALES = [0.1, 0.2, 0.37, 0.54, 0.71, 0.88, 1.05]
TORCHVISION_SCALES = [0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05]
DISCRIMINATED = ("conv4_3", "conv7")  # DetectionTask.DEFAULT_DISCRIMINATED
LAMBDA_ENT = 0.001  # DetectionTask.Lambdas.ADVENT: total, spread over levels by their share of boxes
LAMBDA_ADV = 0.001  # on each discriminated level
LEARNING_RATE = 1e-3  # DetectionTraining.LEARNING_RATE (SSD's), one group, no 10x heads
D_LEARNING_RATE = 1e-4
SCHEDULE_ITERATIONS = 120_000  # DetectionTraining.ITERATIONS: the bench's poly schedule length
SCHEDULE_POWER = 0.9
D_WIDTH = 64


def _vgg16_features_only(weights=None, progress=True):
    """torchvision's vgg16 minus its classifier, which ssd300_vgg16 throws away (~490 MB of fc6-fc8 weights
    that would otherwise sit in the peak RSS); the features are built by the same make_layers call."""
    holder = nn.Module()
    holder.features = tv_vgg.make_layers(tv_vgg.cfgs["D"], batch_norm=False)
    return holder


def build_model(torchvision_anchors):
    original = tv_ssd.vgg16
    tv_ssd.vgg16 = _vgg16_features_only
    try:
        model = torchvision.models.detection.ssd300_vgg16(weights=None, weights_backbone=None, num_classes=CLASSES)
    finally:
        tv_ssd.vgg16 = original
    # advent's Ssd300.initializeWeights: every conv Xavier-uniform, bias 0; L2Norm scale 20 (torchvision's too)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    if not torchvision_anchors:
        model.anchor_generator = DefaultBoxGenerator(ASPECT_RATIOS, scales=ADVENT_SCALES, steps=STEPS)
    return model


class Detector:
    """The network part of torchvision's SSD.forward (backbone, head), skipping GeneralizedRCNNTransform
    (advent's bench feeds pre-processed 300x300 images) and keeping the six raw confidence maps
    N x (G*K) x H x W (channel g*K + k, the layout of advent's adaptation levels) through forward hooks."""

    def __init__(self, model):
        self.model = model
        self.maps = []
        for conv in model.head.classification_head.module_list:
            conv.register_forward_hook(lambda module, inputs, output: self.maps.append(output))
        # advent computes its default boxes once (DefaultBoxes.ssd300()); torchvision's forward would
        # regenerate them every call (a few ms)
        dummy = [torch.zeros(1, 1, s, s) for s in MAP_SIDES]
        self.anchors = model.anchor_generator(ImageList(torch.zeros(1, 3, SIZE, SIZE), [(SIZE, SIZE)]), dummy)[0]

    def __call__(self, images):
        self.maps = []
        features = list(self.model.backbone(images).values())
        head_outputs = self.model.head(features)
        return head_outputs, self.maps


def multibox_loss(detector, head_outputs, targets):
    """torchvision's matching (SSDMatcher: best default box per ground truth + IoU >= 0.5, as advent's
    PriorMatching) and SSD.compute_loss: smooth-L1 (beta 1) over positives + cross-entropy over positives
    and 3:1 hard negatives, both over N = positives; the same loss as advent's MultiBoxLoss. Differences:
    torchvision does the matching and mining as tensor ops, advent in Java per image (after copying the
    N x 8732 cross-entropy to the JVM); advent clamps the negatives to P - 1 (never reached here) and breaks
    mining ties by index; torchvision takes a loss on positives' encoded targets only."""
    anchors = [detector.anchors] * len(targets)
    matched = [detector.model.proposal_matcher(box_ops.box_iou(t["boxes"], a)) for t, a in zip(targets, anchors)]
    losses = detector.model.compute_loss(targets, head_outputs, anchors, matched)
    return losses["bbox_regression"] + losses["classification"]


def discriminator(channels, min_side, width=D_WIDTH):
    """advent's shared-entropy Discriminator: widths w, 2w, 4w, 8w, 1, LeakyReLU 0.2 between, no norm;
    floor(log2(min side)) (at most 5) 4x4 / stride 2 / padding 1 layers, the rest 1x1 (conv7's 19x19: 4 + 1).
    PyTorch's default init, as advent's TorchInit.defaultConv."""
    strided = min(5, min_side.bit_length() - 1)
    layers, cin = [], channels
    for i, w in enumerate((width, width * 2, width * 4, width * 8, 1)):
        layers.append(nn.Conv2d(cin, w, 4, 2, 1) if i < strided else nn.Conv2d(cin, w, 1))
        if i < 4:
            layers.append(nn.LeakyReLU(0.2))
        cin = w
    return nn.Sequential(*layers)


def self_information(logits, classes=CLASSES):
    """EntropyMaps: softmax within each default box's K classes, I = -P log2(P + 1e-30) / log2(K)."""
    n, c, h, w = logits.shape
    p = F.softmax(logits.view(n, c // classes, classes, h, w), dim=2).view(n, c, h, w)
    return -p * torch.log2(p + 1e-30) / math.log2(classes)


def mean_entropy(information, classes=CLASSES):
    n, c, h, w = information.shape
    return information.view(n, c // classes, classes, h, w).sum(2).mean()


def bce(x, label):
    return F.binary_cross_entropy_with_logits(x, torch.full_like(x, label))


def poly(base, iteration):
    return base * (1 - iteration / SCHEDULE_ITERATIONS) ** SCHEDULE_POWER


def train_iteration(method, detector, discriminators, opt, d_opts, source, targets, target, iteration):
    for group in opt.param_groups:
        group["lr"] = poly(LEARNING_RATE, iteration)
    for d_opt in d_opts.values():
        for group in d_opt.param_groups:
            group["lr"] = poly(D_LEARNING_RATE, iteration)
    opt.zero_grad()
    for d_opt in d_opts.values():
        d_opt.zero_grad()
    for d in discriminators.values():
        d.requires_grad_(False)
    losses = {}
    head_outputs, maps = detector(source)
    loss = multibox_loss(detector, head_outputs, targets)
    loss.backward()
    losses["supervised"] = loss
    source_info = {}
    if method == "advent":
        source_info = {n: self_information(maps[LEVELS.index(n)].detach()) for n in DISCRIMINATED}
    target_info = {}
    if method != "source-only":
        _, maps_t = detector(target)
        total = 0
        total_boxes = sum(s * s * g for s, g in zip(MAP_SIDES, BOXES_PER_CELL))
        for i, name in enumerate(LEVELS):
            info = self_information(maps_t[i])
            if method == "minent":
                entropy = mean_entropy(info)
                losses["entropy_" + name] = entropy
                total = total + LAMBDA_ENT * MAP_SIDES[i] ** 2 * BOXES_PER_CELL[i] / total_boxes * entropy
            else:
                detached = info.detach()
                losses["entropy_" + name] = mean_entropy(detached)
                if name in discriminators:
                    target_info[name] = detached
                    adversarial = bce(discriminators[name](info), 0.0)
                    losses["adversarial_" + name] = adversarial
                    total = total + LAMBDA_ADV * adversarial
        total.backward()
    for d in discriminators.values():
        d.requires_grad_(True)
    for name, d in discriminators.items():
        on_source = bce(d(source_info[name]), 0.0)
        (on_source / 2).backward()
        on_target = bce(d(target_info[name]), 1.0)
        (on_target / 2).backward()
        losses["d_" + name + "_source"] = on_source
        losses["d_" + name + "_target"] = on_target
    # advent reads every loss into the JVM and checks it, then sums every gradient to check it is finite
    values = {k: float(v) for k, v in losses.items()}
    if not all(math.isfinite(v) for v in values.values()):
        raise FloatingPointError("non-finite loss: %s" % values)
    groups = [opt] + list(d_opts.values())
    for o in groups:
        for group in o.param_groups:
            for p in group["params"]:
                if p.grad is not None and not math.isfinite(float(p.grad.sum())):
                    raise FloatingPointError("non-finite gradient")
    opt.step()
    for d_opt in d_opts.values():
        d_opt.step()
    return values


def random_objects(generator, classes, n=4):
    """DetectionBench.objects: four boxes, corner (x, y) in [0, 0.7), sides in [0.05, 0.3), classes 1..K-1;
    torchvision wants pixel corners."""
    u = torch.rand(n, 4, generator=generator)
    x, y = u[:, 0] * 0.7, u[:, 1] * 0.7
    w, h = 0.05 + u[:, 2] * 0.25, 0.05 + u[:, 3] * 0.25
    boxes = torch.stack((x, y, x + w, y + h), 1) * SIZE
    labels = torch.randint(1, classes, (n,), generator=generator)
    return {"boxes": boxes, "labels": labels}


def random_image(generator):
    """DetectionBench.image: 1 x 3 x 300 x 300, N(0, 50^2), SSD's mean-subtracted range."""
    return torch.randn(1, 3, SIZE, SIZE, generator=generator) * 50


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["train", "infer"])
    parser.add_argument("--method", choices=["source-only", "minent", "advent"], default="advent",
                        help="train only (default: advent, as advent's bench)")
    parser.add_argument("--iterations", type=int, default=20, help="timed iterations (default: 20, advent's)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed iterations first (default: 1, advent's)")
    parser.add_argument("--threads", type=int, default=2,
                        help="torch.set_num_threads (default: 2; advent's libtorch uses one per physical core)")
    parser.add_argument("--json", action="store_true", help="print one JSON object with advent's field names")
    parser.add_argument("--torchvision-anchors", action="store_true",
                        help="torchvision's own default-box scales (0.07, 0.15, ...) instead of the ssd.pytorch ones advent's"
                             " bench uses (advent's '-torchvision' convention, which its bench does not run)")
    parser.add_argument("--full-forward", action="store_true",
                        help="infer only: call model([image]) as torchvision users do (adds GeneralizedRCNNTransform's"
                             " normalise + 300->300 resize, anchor generation and box rescaling); not what advent times")
    args = parser.parse_args()
    if args.iterations < 1 or args.warmup < 0:
        parser.error("--iterations must be >= 1 and --warmup >= 0")
    torch.set_num_threads(args.threads)
    torch.manual_seed(1234)
    generator = torch.Generator().manual_seed(7)
    model = build_model(args.torchvision_anchors)
    detector = Detector(model)
    times = []
    extra = {}
    if args.mode == "train":
        model.train()
        discriminators, d_opts = {}, {}
        if args.method == "advent":
            for name in DISCRIMINATED:
                i = LEVELS.index(name)
                discriminators[name] = discriminator(BOXES_PER_CELL[i] * CLASSES, MAP_SIDES[i])
                d_opts[name] = torch.optim.Adam(discriminators[name].parameters(), lr=D_LEARNING_RATE, betas=(0.9, 0.99))
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.SGD(params, lr=LEARNING_RATE, momentum=0.9, weight_decay=5e-4)
        for i in range(args.warmup + args.iterations):
            source = random_image(generator)
            targets = [random_objects(generator, CLASSES)]
            target = random_image(generator)
            start = time.perf_counter()
            train_iteration(args.method, detector, discriminators, opt, d_opts, source, targets, target, i)
            if i >= args.warmup:
                times.append(time.perf_counter() - start)
        extra["recomputed_passes"] = 0  # advent's field; this script stops on a non-finite pass instead
        images = 1 if args.method == "source-only" else 2
    else:
        model.eval()
        network = decode = detections = 0.0
        with torch.no_grad():
            for i in range(args.warmup + args.iterations):
                image = random_image(generator)
                detector.maps = []  # the hooks' list, filled by every forward
                if args.full_forward:
                    # the transform's normalisation ((x - mean) / (1/255)) maps this back onto `image`
                    rgb01 = image[0] / 255 + torch.tensor(model.transform.image_mean).view(3, 1, 1)
                    start = time.perf_counter()
                    result = model([rgb01])
                    end = mid = time.perf_counter()
                else:
                    start = time.perf_counter()
                    head_outputs, _ = detector(image)
                    mid = time.perf_counter()
                    result = model.postprocess_detections(head_outputs, [detector.anchors], [(SIZE, SIZE)])
                    end = time.perf_counter()
                if i >= args.warmup:
                    times.append(end - start)
                    network += mid - start
                    decode += end - mid
                    detections += len(result[0]["scores"])
        n = len(times)
        extra["decode_share"] = decode / (network + decode) if network + decode > 0 else 0.0
        extra["network_seconds"] = network / n
        extra["decode_seconds"] = decode / n
        extra["detections_per_image"] = detections / n
        images = 1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    median = statistics.median(times)
    out = {"mode": args.mode, "architecture": "ssd300-vgg16"}
    if args.mode == "train":
        out["method"] = args.method
    out.update({"size": "%dx%d" % (SIZE, SIZE), "iterations": len(times), "median_seconds": median,
                "images_per_iteration": images, "images_per_second": images / median, "seconds": times,
                "peak_rss_mb": round(peak_mb, 1)})
    out.update(extra)
    out.update({"threads": torch.get_num_threads(), "device": "cpu()",
                "engine": "pytorch-eager %s / torchvision %s (python %s)" % (
                    torch.__version__, torchvision.__version__, platform.python_version()),
                "onednn_max_cpu_isa": str(os.environ.get("ONEDNN_MAX_CPU_ISA")),
                "glibc_tunables": str(os.environ.get("GLIBC_TUNABLES"))})
    if args.mode == "infer" and args.full_forward:
        out["full_forward"] = True
        del out["decode_share"]  # the split is not measured in that mode
    if args.torchvision_anchors:
        out["torchvision_anchors"] = True
    if args.json:
        print(json.dumps(out))
    else:
        share = ", decode + NMS %.1f %% of the time" % (100 * out["decode_share"]) if "decode_share" in out else ""
        print("%s ssd300-vgg16%s at 300x300: median %.3f s per %s over %d (%.2f images/s), peak RSS %.0f MB%s" % (
            args.mode, " " + args.method if args.mode == "train" else "", median,
            "iteration" if args.mode == "train" else "image", len(times), images / median, peak_mb, share))


if __name__ == "__main__":
    main()
