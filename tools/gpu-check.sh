#!/usr/bin/env bash
# tools/gpu-check.sh: does this machine's GPU train advent's networks, and how fast?
#
# Runs 20 AdvEnt iterations of DeepLab-V2 ResNet-101 (512x256) and of SSD-300 on the CPU and on the GPU from the
# same seed and the same generated images, compares every loss of every iteration (relative 1e-3) and prints the
# seconds per iteration on both ('advent bench gpu-check'; options after the script's name go to it).
#
# Needs a JDK 17, Maven for the first build, an NVIDIA driver for CUDA 12.8, and a CUDA libtorch 2.7.1:
#   ADVENT_LIBTORCH=/path/to/torch/lib tools/gpu-check.sh           (e.g. a pip-installed torch 2.7.1+cu128)
#   ./advent gpu-setup   then   ADVENT_LIBTORCH=<the folder it prints> tools/gpu-check.sh
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${ADVENT_LIBTORCH:-}" ]; then
  echo "gpu-check: set ADVENT_LIBTORCH to the lib/ folder of a CUDA libtorch 2.7.1 (see the script's header)" >&2
  exit 1
fi
exec "$root/advent" bench gpu-check "$@"
