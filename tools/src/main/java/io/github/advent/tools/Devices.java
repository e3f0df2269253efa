package io.github.advent.tools;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import io.github.advent.entropy.io.BadInputException;
import io.github.advent.tools.Choices.DeviceChoice;

/** Turns {@code --device} into a DJL device: left out, the GPU when the engine finds one, else the CPU. */
final class Devices {
    private Devices() {}

    static Device resolve(DeviceChoice choice) {
        int gpus = Engine.getInstance().getGpuCount();
        if (choice == DeviceChoice.CPU || (choice == null && gpus == 0)) {
            return Device.cpu();
        }
        if (gpus == 0) {
            throw new BadInputException(null, noGpu(System.getenv("ADVENT_LIBTORCH"), LibUtils.getLibtorchPath()));
        }
        return Device.gpu();
    }

    /** Why {@code --device gpu} cannot run: what is missing, for the libtorch that was loaded. */
    static String noGpu(String adventLibtorch, String loadedFrom) {
        if (adventLibtorch == null || adventLibtorch.isBlank()) {
            return "--device gpu: the PyTorch engine runs the built-in CPU natives (" + loadedFrom + "); set"
                    + " ADVENT_LIBTORCH to the lib/ folder of a CUDA libtorch 2.7.1 (e.g. torch/lib of a pip-installed"
                    + " torch 2.7.1+cu128), or run './advent gpu-setup' once online to let DJL download one";
        }
        return "--device gpu: libtorch from ADVENT_LIBTORCH=" + adventLibtorch + " is loaded (" + loadedFrom
                + ") but CUDA sees no GPU (no NVIDIA driver, or a driver older than CUDA 12.8 needs; check nvidia-smi)";
    }
}
