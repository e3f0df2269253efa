package io.github.advent.entropy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards against a libtorch 2.7.1 defect: its oneDNN AVX-512 convolution kernels return NaN
 * weight gradients at random (a few per thousand iterations, measured on AMD EPYC with AVX-512),
 * which ends a training run. Limiting oneDNN to AVX2 ({@code ONEDNN_MAX_CPU_ISA=AVX2}) gives
 * exact gradients. The variable must be set before the process starts; the {@code advent}
 * launcher and the build set it, and this check warns anyone embedding the library without it.
 */
public final class CpuKernels {
    public static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";

    private static final Logger LOG = LoggerFactory.getLogger(CpuKernels.class);
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private CpuKernels() {}

    /** True when oneDNN may pick its AVX-512 kernels in this process. */
    public static boolean avx512KernelsEnabled() {
        String isa = System.getenv(ISA_VARIABLE);
        return (isa == null || isa.isBlank() || isa.toUpperCase(java.util.Locale.ROOT).contains("512")
                || isa.equalsIgnoreCase("ALL")) && cpuHasAvx512();
    }

    /** Logs one warning per process when training would run on the faulty kernels. */
    public static void warnIfUnsafe() {
        if (CHECKED.compareAndSet(false, true) && avx512KernelsEnabled()) {
            LOG.warn("this CPU has AVX-512 and {} is not set to AVX2: libtorch 2.7.1's AVX-512 convolution "
                    + "gradients turn NaN at random; run through ./advent or export {}=AVX2", ISA_VARIABLE, ISA_VARIABLE);
        }
    }

    private static boolean cpuHasAvx512() {
        try {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            return Files.isReadable(cpuinfo) && Files.readString(cpuinfo).contains("avx512f");
        } catch (IOException e) {
            return false;
        }
    }
}
