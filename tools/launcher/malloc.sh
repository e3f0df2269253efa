# Sourced by the advent launcher: glibc malloc settings (GLIBC_TUNABLES) for the workload a command runs.
#
# libtorch allocates every activation with malloc. glibc's defaults give big freed blocks back to the kernel and map
# fresh zero pages for the next use, and those page faults cost over a quarter of a DeepLab training iteration on CPU
# (11.8 s -> 8.6 s at 512x256). Training keeps freed memory in the process for reuse and serves blocks up to 32 MB
# (glibc's maximum) from the heap. Inference (predict, evaluate, bench infer|eval) at 1024x512 frees 17-69 MB
# activations all the time: kept in one heap they fragment it (peak 1.1-1.3 GB, growing image after image), mapped
# afresh in 4 KB pages they cost page faults (9.6 s an image). There, blocks over 16 MB are mapped as transparent huge
# pages (512 times fewer faults; glibc 2.35+, ignored by older ones), smaller ones come from one arena: DeepLab-V2
# R101 predicts in 5.6 s within 0.87 GB (README, "Speed and memory").

ADVENT_TRAINING_MALLOC=glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=33554432
ADVENT_INFERENCE_MALLOC=glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=16777216:glibc.malloc.arena_max=1

# advent_malloc_tunables COMMAND [SUBCOMMAND]: the GLIBC_TUNABLES for that command line; the user's own when set.
advent_malloc_tunables() {
  if [ -n "${GLIBC_TUNABLES:-}" ]; then
    echo "$GLIBC_TUNABLES"
    return
  fi
  case "${1:-} ${2:-}" in
    "predict "* | "evaluate "* | "bench infer" | "bench eval") echo "$ADVENT_INFERENCE_MALLOC" ;;
    *) echo "$ADVENT_TRAINING_MALLOC" ;;
  esac
}
