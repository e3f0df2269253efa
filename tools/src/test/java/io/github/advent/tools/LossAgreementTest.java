package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bench gpu-check's verdict: the worst relative difference of any loss, and the GPU refusal's wording. */
class LossAgreementTest {
    @Test
    void theWorstRelativeDifferenceIsFoundAndJudged() {
        List<Map<String, Double>> cpu = List.of(Map.of("supervised", 2.0, "adversarial_main", 0.5),
                Map.of("supervised", 1.0, "adversarial_main", 0.0));
        List<Map<String, Double>> gpu = List.of(Map.of("supervised", 2.001, "adversarial_main", 0.5),
                Map.of("supervised", 1.0, "adversarial_main", 0.0));
        LossAgreement a = LossAgreement.of(cpu, gpu);
        assertEquals(0.001 / 2.001, a.worstRelative(), 1e-15);
        assertEquals("supervised", a.worstLoss());
        assertEquals(0, a.worstIteration());
        assertTrue(a.within(1e-3));
        assertFalse(a.within(1e-4));
        LossAgreement nan = LossAgreement.of(List.of(Map.of("supervised", 1.0)), List.of(Map.of("supervised", Double.NaN)));
        assertFalse(nan.within(1e-3), "NaN never agrees");
        assertThrows(IllegalArgumentException.class, () -> LossAgreement.of(cpu, gpu.subList(0, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> LossAgreement.of(List.of(Map.of("a", 1.0)), List.of(Map.of("b", 1.0))));
    }

    @Test
    void noGpuSaysWhatIsMissing() {
        assertEquals("--device gpu: the PyTorch engine runs the built-in CPU natives (/c); set ADVENT_LIBTORCH to the"
                + " lib/ folder of a CUDA libtorch 2.7.1 (e.g. torch/lib of a pip-installed torch 2.7.1+cu128), or run"
                + " './advent gpu-setup' once online to let DJL download one", Devices.noGpu(null, "/c"));
        assertEquals("--device gpu: libtorch from ADVENT_LIBTORCH=/t is loaded (/t) but CUDA sees no GPU (no NVIDIA"
                + " driver, or a driver older than CUDA 12.8 needs; check nvidia-smi)", Devices.noGpu("/t", "/t"));
        CliRunner.Result r = CliRunner.run("bench", "gpu-check");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("--device gpu: the PyTorch engine runs the built-in CPU natives"), r::toString);
    }
}
