package io.github.advent.entropy.train;

/** A loss became NaN or infinite; the iteration's update was not applied. */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long iteration;
    private final String loss;

    public NonFiniteLossException(long iteration, String loss, double value) {
        this(iteration, loss, "loss '" + loss + "' is " + value + " at iteration " + iteration
                + "; the update was not applied (try a lower learning rate, or check the inputs of that iteration)");
    }

    private NonFiniteLossException(long iteration, String loss, String message) {
        super(message);
        this.iteration = iteration;
        this.loss = loss;
    }

    /** Test-time adaptation: the entropy of batch {@code batch} came out non-finite in every try; nothing was updated. */
    public static NonFiniteLossException testTime(long batch, double value) {
        return new NonFiniteLossException(batch, "entropy", "test-time adaptation: the entropy of batch " + batch + " is "
                + value + " in every try; the update was not applied and the run stops (try a lower --lr, or check"
                + " that batch's images)");
    }

    /** Test-time adaptation: after batch {@code batch}'s updates its predictions are non-finite: the model diverged. */
    public static NonFiniteLossException testTimeDiverged(long batch, double value) {
        return new NonFiniteLossException(batch, "entropy", "test-time adaptation: after the update on batch " + batch
                + " the entropy of its predictions is " + value + ": the model diverged and the run stops (try a lower --lr)");
    }

    /** Every loss was finite but a gradient was not: a numerical fault below the model, not a divergence. */
    public static NonFiniteLossException gradient(long iteration, String parameter) {
        return new NonFiniteLossException(iteration, parameter, "the gradient of '" + parameter + "' is not finite at"
                + " iteration " + iteration + " although every loss is, in every try; the update was not applied (a"
                + " faulty CPU kernel: run with ONEDNN_MAX_CPU_ISA=AVX2, and if it persists with one libtorch thread:"
                + " ADVENT_JAVA_OPTS=-Dai.djl.pytorch.num_threads=1)");
    }

    /** The same failure with {@code detail} appended to its message (e.g. the images of the batch). */
    public NonFiniteLossException withDetail(String detail) {
        NonFiniteLossException detailed = new NonFiniteLossException(iteration, loss, getMessage() + detail);
        detailed.initCause(this);
        return detailed;
    }

    public long iteration() {
        return iteration;
    }

    public String loss() {
        return loss;
    }
}
