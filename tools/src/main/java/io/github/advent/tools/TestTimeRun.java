package io.github.advent.tools;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.github.advent.entropy.train.NonFiniteLossException;
import io.github.advent.entropy.train.TestTimeAdapter;
import java.util.ArrayList;
import java.util.List;

/** The online loop of test-time adaptation, for every task: batches in stream order, adapt, then hand out. */
public final class TestTimeRun {
    /** One batch's mean prediction entropy before its steps and after (the outputs handed out). */
    public record BatchEntropy(int firstImage, int images, double before, double after) {}

    private TestTimeRun() {}

    /**
     * Adapts on {@code target}'s images in batches of {@code batch} and gives each image's outputs to the target;
     * {@code bar} (may be null) counts images.
     */
    public static List<BatchEntropy> run(TestTimeTarget target, TestTimeAdapter adapter, int batch, NDManager manager,
            ProgressBar bar) {
        List<BatchEntropy> entropies = new ArrayList<>();
        for (int first = 0; first < target.size(); first += batch) {
            int end = Math.min(target.size(), first + batch);
            try (NDManager scope = manager.newSubManager()) {
                NDList parts = new NDList();
                for (int i = first; i < end; i++) {
                    parts.add(target.input(i, scope));
                }
                NDArray inputs = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
                TestTimeAdapter.Result result;
                try {
                    result = adapter.adapt(new NDList(inputs));
                } catch (NonFiniteLossException e) {
                    List<String> names = new ArrayList<>();
                    for (int i = first; i < end; i++) {
                        names.add(target.name(i));
                    }
                    throw e.withDetail(" (images: " + String.join(", ", names) + ")");
                }
                for (int i = first; i < end; i++) {
                    target.accept(i, slice(result.outputs(), i - first));
                }
                entropies.add(new BatchEntropy(first, end - first, result.entropyBefore(), result.entropyAfter()));
            }
            if (bar != null) {
                bar.step(end - first);
            }
        }
        return entropies;
    }

    /** Image {@code n} of every output array (batch dimension kept, size 1). */
    private static NDList slice(NDList outputs, int n) {
        NDList one = new NDList(outputs.size());
        for (NDArray array : outputs) {
            one.add(array.get(new NDIndex("{}:{}", n, n + 1)));
        }
        return one;
    }
}
