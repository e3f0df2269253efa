package io.github.advent.entropy.util;

/**
 * A small seeded generator whose whole state is one {@code long}, so a run's random stream can be
 * written into a checkpoint and continued exactly after {@code --resume}. (SplitMix64, Steele et al.
 * 2014: passes BigCrush, and each call is one add and a mix.)
 */
public final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The whole state; {@code new SplitMix64(r.state())} continues exactly where {@code r} is. */
    public long state() {
        return state;
    }

    /** Continues from a state returned by {@link #state()}. */
    public void setState(long state) {
        this.state = state;
    }

    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, bound), without modulo bias (rejection on 31 bits, as java.util.Random). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        int bits;
        int value;
        do {
            bits = (int) (nextLong() >>> 33);
            value = bits % bound;
        } while (bits - value + (bound - 1) < 0);
        return value;
    }

    /** A standard normal deviate (Box-Muller; one of the pair is discarded to keep the state a single long). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** An independent generator for a named sub-stream, e.g. per epoch or per worker. */
    public static SplitMix64 derived(long seed, long stream) {
        SplitMix64 mixer = new SplitMix64(seed ^ (stream * GOLDEN_GAMMA));
        return new SplitMix64(mixer.nextLong());
    }
}
