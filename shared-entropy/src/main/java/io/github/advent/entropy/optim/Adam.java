package io.github.advent.entropy.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adam with PyTorch's semantics (ADVENT's discriminators: lr 1e-4, betas (0.9, 0.99), eps 1e-8):
 * {@code m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²;
 * w −= lr / (1 − b1^t) · m / (√v / √(1 − b2^t) + eps)}.
 */
public final class Adam extends GroupedOptimizer {
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";
    static final String STEP = "step";

    private final double beta1;
    private final double beta2;
    private final float epsilon;
    private final float weightDecay;
    private final NDManager stepManager;
    private long steps;
    private double firstMomentCorrection;
    private float secondMomentCorrection;
    private NDArray stepArray;

    public Adam(List<ParameterGroup> groups, double beta1, double beta2, double epsilon, double weightDecay,
            NDManager stateParent) {
        super(groups, stateParent);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = (float) epsilon;
        this.weightDecay = (float) weightDecay;
        this.stepManager = stateParent.newSubManager();
    }

    public Adam(List<ParameterGroup> groups, double beta1, double beta2, NDManager stateParent) {
        this(groups, beta1, beta2, 1e-8, 0, stateParent);
    }

    public long steps() {
        return steps;
    }

    @Override
    protected void beforeStep() {
        steps++;
        secondMomentCorrection = (float) Math.sqrt(1 - Math.pow(beta2, steps));
        firstMomentCorrection = 1 - Math.pow(beta1, steps);
    }

    @Override
    protected void update(String name, NDArray weight, NDArray gradient, double learningRate) {
        NDArray m = buffers.get(name + "." + EXP_AVG);
        NDArray v = buffers.get(name + "." + EXP_AVG_SQ);
        if (m == null) {
            m = buffers.zerosLike(name + "." + EXP_AVG, weight);
            v = buffers.zerosLike(name + "." + EXP_AVG_SQ, weight);
        }
        try (NDArray g = withWeightDecay(gradient, weight, weightDecay);
                NDArray gScaled = g.mul((float) (1 - beta1));
                NDArray gSquared = g.mul(g);
                NDArray gSquaredScaled = gSquared.mul((float) (1 - beta2))) {
            m.muli((float) beta1).addi(gScaled);
            v.muli((float) beta2).addi(gSquaredScaled);
        }
        // PyTorch divides lr by (1 − b1^t) in double before the float kernel sees it.
        float rate = (float) (learningRate / firstMomentCorrection);
        try (NDArray root = v.sqrt();
                NDArray corrected = root.div(secondMomentCorrection);
                NDArray denominator = corrected.add(epsilon);
                NDArray ratio = m.div(denominator);
                NDArray scaled = ratio.mul(rate)) {
            weight.subi(scaled);
        }
    }

    @Override
    protected Set<String> bufferSuffixes() {
        return Set.of(EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>(super.state());
        if (stepArray != null) {
            stepArray.close();
        }
        stepArray = stepManager.create(steps);
        state.put(STEP, stepArray);
        return state;
    }

    @Override
    public void loadState(Map<String, NDArray> state) {
        Map<String, NDArray> buffersOnly = new LinkedHashMap<>(state);
        NDArray step = buffersOnly.remove(STEP);
        if (step == null) {
            throw new IllegalArgumentException("Adam state has no 'step' entry");
        }
        super.loadState(buffersOnly);
        steps = step.toLongArray()[0];
    }

    @Override
    public void close() {
        stepManager.close();
        super.close();
    }
}
