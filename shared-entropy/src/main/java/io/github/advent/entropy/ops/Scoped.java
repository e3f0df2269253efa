package io.github.advent.entropy.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs a computation with its intermediate arrays in a scope closed right after, so that only its
 * result survives. DJL attaches an operation's result to the manager of the array it was called on:
 * without a scope, every intermediate of a layer stays alive until its input's manager closes (8 GB
 * instead of about 1 GB for a DeepLab forward at 1024x512), and anything computed from a weight lands
 * in the model's own manager, which is never closed during training. Autograd keeps, on its own, what
 * backward needs.
 */
public final class Scoped {
    private Scoped() {}

    /** {@code block(x)}, its intermediates freed, the result owned by {@code x}'s manager. */
    public static NDArray apply(NDArray x, UnaryOperator<NDArray> block) {
        return result(x.getManager(), () -> block.apply(x), x);
    }

    /**
     * One layer of a chain: {@link #apply} {@code block} to {@code x}, then close {@code x} (nothing but
     * autograd needs it any more) unless it is the chain's {@code input}, which belongs to the caller.
     */
    public static NDArray advance(NDArray x, NDArray input, UnaryOperator<NDArray> block) {
        NDArray out = apply(x, block);
        if (x != input) {
            x.close();
        }
        return out;
    }

    /**
     * Runs {@code computation} with the {@code borrowed} arrays (nulls skipped) temporarily attached to a
     * new scope under {@code owner}, so that every array computed from them lands in that scope; the
     * result is moved to {@code owner}, everything else is freed, and the borrowed arrays go back to
     * their own managers.
     */
    public static NDArray result(NDManager owner, Supplier<NDArray> computation, NDArray... borrowed) {
        try (NDManager scope = owner.newSubManager()) {
            Set<NDArray> attached = Collections.newSetFromMap(new IdentityHashMap<>());
            for (NDArray array : borrowed) {
                if (array != null && attached.add(array)) {
                    array.tempAttach(scope);
                }
            }
            NDArray out = computation.get();
            out.attach(owner);
            return out;
        }
    }
}
