package io.github.advent.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import io.github.advent.entropy.checkpoint.ModelIdentity;
import io.github.advent.entropy.testing.ManagedTest;
import io.github.advent.entropy.train.AdaptationLevel;
import io.github.advent.entropy.train.Batch;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentationTaskTest extends ManagedTest {
    /** A "network" whose main head always says class 0 with logit 2 and whose aux head is uniform, at stride 8. */
    private Block constantHeads() {
        return new LambdaBlock(inputs -> {
            NDArray x = inputs.singletonOrThrow();
            long n = x.getShape().get(0);
            long h = (x.getShape().get(2) + 7) / 8;
            long w = (x.getShape().get(3) + 7) / 8;
            NDArray main = x.getManager().zeros(new Shape(n, 3, h, w));
            main.set(new ai.djl.ndarray.index.NDIndex(":, 0"), 2f);
            return new NDList(main, x.getManager().zeros(new Shape(n, 3, h, w)));
        });
    }

    @Test
    void supervisedLossIsMainPlusATenthOfAuxOnUpsampledLogitsIgnoring255() {
        SegmentationTask task = new SegmentationTask(constantHeads(), new ModelIdentity("stub", 3), List.of(),
                SegmentationTask.Lambdas.ADVENT, 20);
        NDArray image = manager.zeros(new Shape(1, 3, 20, 36));
        long[] labels = new long[20 * 36];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3 == 0 ? 255 : 0;
        }
        Batch batch = new Batch(new NDList(image), new NDList(manager.create(labels, new Shape(1, 20, 36))));
        NDList outputs = task.forward(new ai.djl.training.ParameterStore(manager, false), batch.inputs(), true);
        double main = -Math.log(Math.exp(2) / (Math.exp(2) + 2));
        double aux = Math.log(3);
        assertEquals(main + 0.1 * aux, task.supervisedLoss(outputs, batch).getFloat(), 1e-6);
        NDList maps = task.adaptationLogits(outputs, batch);
        assertEquals(new Shape(1, 3, 20, 36), maps.get(0).getShape());
        assertEquals(new Shape(1, 3, 20, 36), maps.get(1).getShape());
    }

    @Test
    void levelsCarryAdventsLambdas() {
        SegmentationTask task = new SegmentationTask(constantHeads(), new ModelIdentity("stub", 19), List.of(),
                SegmentationTask.Lambdas.ADVENT, 512);
        AdaptationLevel main = task.levels().get(0);
        AdaptationLevel aux = task.levels().get(1);
        assertEquals(List.of("main", "aux"), List.of(main.name(), aux.name()));
        assertEquals(0.001, main.lambdaEntropy());
        assertEquals(0.001, main.lambdaAdversarial());
        assertEquals(0.0002, aux.lambdaEntropy());
        assertEquals(0.0002, aux.lambdaAdversarial());
        assertEquals(19, main.classes());
        assertEquals(512, main.minMapSide());
    }
}
