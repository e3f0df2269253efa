package io.github.advent.entropy.train;

/** A loss became NaN or infinite; the iteration's update was not applied. */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long iteration;
    private final String loss;

    public NonFiniteLossException(long iteration, String loss, double value) {
        super("loss '" + loss + "' is " + value + " at iteration " + iteration
                + "; the update was not applied (try a lower learning rate, or check the inputs of that iteration)");
        this.iteration = iteration;
        this.loss = loss;
    }

    public long iteration() {
        return iteration;
    }

    public String loss() {
        return loss;
    }
}
