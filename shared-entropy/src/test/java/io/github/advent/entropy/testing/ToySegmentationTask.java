package io.github.advent.entropy.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.advent.entropy.nn.TorchInit;
import io.github.advent.entropy.ops.CrossEntropy;
import io.github.advent.entropy.ops.Scalars;
import io.github.advent.entropy.optim.NamedParameter;
import io.github.advent.entropy.optim.ParameterGroup;
import io.github.advent.entropy.train.AdaptationLevel;
import io.github.advent.entropy.train.AdaptationTask;
import io.github.advent.entropy.train.AdaptationTrainer;
import io.github.advent.entropy.train.Batch;
import io.github.advent.entropy.util.SplitMix64;
import java.util.ArrayList;
import java.util.List;

/**
 * A DeepLab in miniature for trainer tests: a conv + frozen-affine batch norm stem, an auxiliary
 * head on it, one more conv and a main head; L = CE(main) + 0.1·CE(aux); heads at 10x.
 */
public final class ToySegmentationTask implements AdaptationTask {
    private final ToyNet network;
    private final List<AdaptationLevel> levels;
    private final String architecture;

    public ToySegmentationTask(NDManager manager, long seed, int mapSide, double lambdaEntropy, double lambdaAdversarial) {
        this("toy-segmenter", manager, seed, mapSide, lambdaEntropy, lambdaAdversarial);
    }

    public ToySegmentationTask(String architecture, NDManager manager, long seed, int mapSide, double lambdaEntropy,
            double lambdaAdversarial) {
        this.architecture = architecture;
        this.network = new ToyNet(ToyDomains.CLASSES);
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, mapSide, mapSide));
        TorchInit.defaultConv(network, new SplitMix64(seed));
        this.levels = List.of(
                new AdaptationLevel("main", ToyDomains.CLASSES, 1, lambdaEntropy, lambdaAdversarial, true, mapSide),
                new AdaptationLevel("aux", ToyDomains.CLASSES, 1, lambdaEntropy / 5, lambdaAdversarial / 5, true, mapSide));
    }

    @Override
    public String architecture() {
        return architecture;
    }

    @Override
    public int numClasses() {
        return ToyDomains.CLASSES;
    }

    @Override
    public Block network() {
        return network;
    }

    @Override
    public List<ParameterGroup> parameterGroups() {
        List<NamedParameter> backbone = new ArrayList<>();
        List<NamedParameter> heads = new ArrayList<>();
        for (NamedParameter p : AdaptationTrainer.namedParameters(network)) {
            if (p.name().contains("BatchNorm")) {
                continue; // batch-norm affine never trained, as in DeepLab-V2
            }
            (p.name().contains("Head") ? heads : backbone).add(p);
        }
        return List.of(new ParameterGroup("backbone", 1, backbone), new ParameterGroup("heads", 10, heads));
    }

    @Override
    public List<AdaptationLevel> levels() {
        return levels;
    }

    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, boolean training) {
        return network.forward(parameters, inputs, training);
    }

    @Override
    public NDArray supervisedLoss(NDList outputs, Batch batch) {
        NDArray labels = batch.labels().get(0);
        return CrossEntropy.withIgnore(outputs.get(0), labels).add(Scalars.mul(CrossEntropy.withIgnore(outputs.get(1), labels), 0.1f));
    }

    @Override
    public NDList adaptationLogits(NDList outputs, Batch batch) {
        return new NDList(outputs.get(0), outputs.get(1));
    }

    /** Returns (main, aux) logits at the input resolution. */
    static final class ToyNet extends AbstractBlock {
        private final Block stem;
        private final Block norm;
        private final Block auxHead;
        private final Block body;
        private final Block mainHead;

        ToyNet(int classes) {
            stem = addChildBlock("stem", conv(8, 3));
            norm = addChildBlock("BatchNorm", BatchNorm.builder().build());
            auxHead = addChildBlock("auxHead", conv(classes, 1));
            body = addChildBlock("body", conv(8, 3));
            mainHead = addChildBlock("mainHead", conv(classes, 1));
        }

        private static Conv2d conv(int filters, int kernel) {
            return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(filters)
                    .optPadding(new Shape(kernel / 2, kernel / 2)).build();
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = stem.forward(ps, inputs, training).singletonOrThrow();
            x = Activation.relu(norm.forward(ps, new NDList(x), training).singletonOrThrow());
            NDArray aux = auxHead.forward(ps, new NDList(x), training).singletonOrThrow();
            NDArray y = Activation.relu(body.forward(ps, new NDList(x), training).singletonOrThrow());
            NDArray main = mainHead.forward(ps, new NDList(y), training).singletonOrThrow();
            return new NDList(main, aux);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            Shape out = new Shape(in.get(0), ToyDomains.CLASSES, in.get(2), in.get(3));
            return new Shape[] {out, out};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape in = inputShapes[0];
            Shape features = new Shape(in.get(0), 8, in.get(2), in.get(3));
            stem.initialize(manager, dataType, in);
            norm.initialize(manager, dataType, features);
            auxHead.initialize(manager, dataType, features);
            body.initialize(manager, dataType, features);
            mainHead.initialize(manager, dataType, features);
        }
    }

    /** Every parameter's current values, by name (weights, biases and batch-norm statistics). */
    public static java.util.Map<String, float[]> snapshot(Block block) {
        java.util.Map<String, float[]> values = new java.util.LinkedHashMap<>();
        for (var pair : block.getParameters()) {
            Parameter p = pair.getValue();
            values.put(pair.getKey(), p.getArray().toFloatArray());
        }
        return values;
    }
}
