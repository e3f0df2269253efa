package io.github.advent.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.advent.detection.DetectionTask;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoPlanTest {
    @Test
    void detectionSettingsAreReplacedByKey() {
        DemoPlan.Detection standard = DemoPlan.standard().detection();
        DemoPlan.Detection d = standard.with("disc=conv8_2+conv4_3,weighting=foreground,batch=4,adapt=100,ent=0.3,"
                + "adv=0.01,lr_adapt=3e-4,lr_d=2e-4,pretrain=50,lr=1e-3,architecture=ssd300-vgg16-w8");
        assertEquals(List.of("conv4_3", "conv8_2"), List.copyOf(d.discriminated()), "sorted, whatever the order given");
        assertEquals(DetectionTask.EntropyWeighting.FOREGROUND, d.weighting());
        assertEquals(4, d.batchSize());
        assertEquals(100, d.adaptIterations());
        assertEquals(new DetectionTask.Lambdas(0.3, 0.01), d.lambdas());
        assertEquals(3e-4, d.adaptLearningRate());
        assertEquals(2e-4, d.discriminatorLearningRate());
        assertEquals(50, d.pretrainIterations());
        assertEquals(1e-3, d.learningRate());
        assertEquals("ssd300-vgg16-w8", d.architecture());
        assertEquals(standard, standard.with("batch=" + standard.batchSize()), "a setting given its own value changes nothing");
    }

    @Test
    void theStandardDetectionContinuesTheShippedStartWithTheDemosNetwork() {
        DemoPlan.Detection d = DemoPlan.standard().detection();
        assertEquals(0, d.pretrainIterations());
        assertEquals("ssd300-vgg16-w16", d.architecture(), "no layer narrower than 16 channels");
        assertEquals(0, DemoPlan.quick().detection().pretrainIterations(), "the smoke test starts from it too");
        assertTrue(DemoPlan.standard().describe().contains("the shipped source-only start"), DemoPlan.standard().describe());
    }

    @Test
    void badDetectionSettingsAreRefused() {
        DemoPlan.Detection d = DemoPlan.standard().detection();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.with("colour=3")).getMessage()
                .contains("unknown detection setting 'colour'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.with("batch")).getMessage()
                .contains("expected key=value"));
        assertThrows(IllegalArgumentException.class, () -> d.with("weighting=sometimes"));
        assertEquals(Set.of("conv7"), d.with("disc=conv7").discriminated());
    }
}
