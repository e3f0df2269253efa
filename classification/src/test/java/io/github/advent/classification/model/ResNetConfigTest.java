package io.github.advent.classification.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.util.SplitMix64;
import org.junit.jupiter.api.Test;

class ResNetConfigTest extends ManagedTest {
    @Test
    void namesRoundTripAndResnet50HasTorchvisionsShape() {
        for (String name : new String[] {"resnet50", "resnet26-w16", "resnet14-w8"}) {
            assertEquals(name, ResNetConfig.parse(name, 10).architecture());
        }
        ResNetConfig r50 = ResNetConfig.resnet50(1000);
        assertEquals(2048, r50.features());
        ResNet network = new ResNet(r50, new SplitMix64(0));
        // torchvision 0.14's resnet50: 320 state-dict entries, 53 of them num_batches_tracked; 25,557,032 parameters
        assertEquals(320 - 53, network.stateDict().size());
        long trainable = network.stateDict().entrySet().stream().filter(e -> e.getValue().requiresGradient())
                .mapToLong(e -> e.getValue().getShape().size()).sum();
        assertEquals(25_557_032L, trainable);
        assertTrue(network.stateDict().containsKey("layer4.2.bn3.running_var"));
        assertTrue(network.stateDict().containsKey("layer3.0.downsample.1.weight"));
        assertFalse(network.stateDict().containsKey("layer3.1.downsample.0.weight"));
        assertEquals(new Shape(64, 3, 7, 7), network.stateDict().get("conv1.weight").getShape());
        assertEquals(new Shape(128, 128, 3, 3), network.stateDict().get("layer2.0.conv2.weight").getShape());
    }

    @Test
    void refusesNamesThatAreNotResnets() {
        assertThrows(IllegalArgumentException.class, () -> ResNetConfig.parse("resnet101", 10));
        assertThrows(IllegalArgumentException.class, () -> ResNetConfig.parse("resnet50-w64", 10));
        assertThrows(IllegalArgumentException.class, () -> ResNetConfig.parse("resnet14-w12", 10));
        assertThrows(IllegalArgumentException.class, () -> ResNetConfig.parse("deeplabv2-resnet50", 10));
        assertThrows(IllegalArgumentException.class, () -> ResNetConfig.parse("resnet50", 1));
    }

    @Test
    void narrowNetworkClassifiesABatch() {
        ResNet network = ResNet.create(manager, ResNetConfig.parse("resnet14-w8", 4), new SplitMix64(3));
        var out = network.forward(new ai.djl.training.ParameterStore(manager, false),
                new ai.djl.ndarray.NDList(manager.ones(new Shape(3, 3, 40, 40))), false);
        assertEquals(new Shape(3, 4), out.head().getShape());
        assertEquals(DataType.FLOAT32, out.head().getDataType());
    }
}
