package io.github.advent.tools;

import ai.djl.Device;
import ai.djl.engine.Engine;
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
            throw new BadInputException(null, "--device gpu: the PyTorch engine sees no GPU (this build carries CPU"
                    + " natives; point PYTORCH_LIBRARY_PATH at a CUDA libtorch 2.7.1 lib/ folder to use one)");
        }
        return Device.gpu();
    }
}
