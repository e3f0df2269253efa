# Sourced by the advent launcher: which libtorch DJL 0.36 loads, and how to tell it.
#
# DJL 0.36's PyTorch engine (ai.djl.pytorch.jni.LibUtils) loads libtorch from PYTORCH_LIBRARY_PATH when that
# folder holds libtorch.so, ahead of the CPU natives jar; it then looks for its JNI library under the flavour
# PYTORCH_FLAVOR names, and without it guesses "<flavour>-precxx11", a folder no 2.7.1 jar has (so the engine fails).
# pytorch-jni-2.7.1-0.36.0.jar, on our class path, carries the JNI for cpu and cu128 only; it is extracted into
# ~/.djl.ai offline. Without PYTORCH_LIBRARY_PATH the CPU natives jar wins even on a GPU machine.

ADVENT_LIBTORCH_VERSION=2.7.1

# advent_libtorch_check DIR: prints nothing and returns 0 when DIR is a CUDA libtorch 2.7.1 lib/ folder;
# otherwise prints one line saying what is missing and returns 1.
advent_libtorch_check() {
  local dir="$1" what="ADVENT_LIBTORCH=$1"
  if [ ! -d "$dir" ]; then
    echo "advent: $what: no such folder (give the lib/ folder of a CUDA libtorch $ADVENT_LIBTORCH_VERSION, e.g. torch/lib of a pip-installed torch $ADVENT_LIBTORCH_VERSION+cu128)"
    return 1
  fi
  if [ ! -f "$dir/libtorch.so" ]; then
    echo "advent: $what: no libtorch.so in this folder (give libtorch's lib/ folder, the one holding libtorch.so and libtorch_cuda.so)"
    return 1
  fi
  if [ ! -f "$dir/libtorch_cuda.so" ]; then
    echo "advent: $what: no libtorch_cuda.so in this folder: a CPU-only libtorch (the CPU natives are built in; leave ADVENT_LIBTORCH unset for the CPU)"
    return 1
  fi
  local version
  version="$(advent_libtorch_version "$dir")"
  if [ -n "$version" ] && [[ "$version" != "$ADVENT_LIBTORCH_VERSION" && "$version" != "$ADVENT_LIBTORCH_VERSION"+* ]]; then
    echo "advent: $what is libtorch $version; DJL 0.36 runs libtorch $ADVENT_LIBTORCH_VERSION only (pip install torch==$ADVENT_LIBTORCH_VERSION --index-url https://download.pytorch.org/whl/cu128)"
    return 1
  fi
  return 0
}

# advent_libtorch_version DIR: the version its distribution states (a pip torch's ../version.py, a libtorch
# archive's ../build-version), or nothing when neither is there.
advent_libtorch_version() {
  local dir="$1"
  if [ -f "$dir/../version.py" ]; then
    sed -n "s/^__version__ *= *['\"]\([^'\"]*\)['\"].*/\1/p" "$dir/../version.py" | head -n 1
  elif [ -f "$dir/../build-version" ]; then
    head -n 1 "$dir/../build-version"
  fi
}

# advent_libtorch_flavor DIR: PYTORCH_FLAVOR if set, else cu128 (the CUDA flavour whose JNI DJL 0.36 ships).
advent_libtorch_flavor() {
  echo "${PYTORCH_FLAVOR:-cu128}"
}

# advent_use_libtorch DIR: exports what DJL needs to load DIR (checked by advent_libtorch_check).
advent_use_libtorch() {
  PYTORCH_LIBRARY_PATH="$1"
  PYTORCH_VERSION="$ADVENT_LIBTORCH_VERSION"
  PYTORCH_FLAVOR="$(advent_libtorch_flavor)"
  export PYTORCH_LIBRARY_PATH PYTORCH_VERSION PYTORCH_FLAVOR
}

# advent_class_path ROOT: tools' classes and every runtime jar except the CPU natives, for a run on another libtorch
# (the tools jar itself cannot be used: its manifest puts the CPU natives back on the class path).
advent_class_path() {
  local root="$1" cp="$1/tools/target/classes" jar
  for jar in "$root"/tools/target/lib/*.jar; do
    case "$(basename "$jar")" in
      pytorch-native-cpu-*) ;;
      *) cp="$cp:$jar" ;;
    esac
  done
  echo "$cp"
}
