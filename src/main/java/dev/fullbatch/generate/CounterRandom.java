package dev.fullbatch.generate;

/**
 * A SplitMix64 stream whose starting point is a hash of (seed, counter), so that stream number {@code i} can be
 * produced directly without producing streams 0..i-1. Each row of a data set gets its own stream; that is what makes
 * a row a pure function of the seed and its index.
 *
 * <p>Every transcendental function goes through {@link StrictMath}, so the same seed gives the same bits on every
 * JVM. Instances are mutable (the stream advances) and confined to one thread; create one per row.
 */
final class CounterRandom {
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double TO_UNIT = 0x1.0p-53;

    private long state;
    private double spareGaussian;
    private boolean hasSpareGaussian;

    private CounterRandom(long state) {
        this.state = state;
    }

    /**
     * Stream number {@code counter} of the family named by {@code key}. Streams of neighbouring counters start at
     * unrelated points of the SplitMix64 sequence, so they do not overlap in practice.
     */
    static CounterRandom stream(long key, long counter) {
        return new CounterRandom(mix(key + counter * GOLDEN_GAMMA));
    }

    /** A key for a family of streams, derived from the user's seed and a constant that names the purpose. */
    static long key(long seed, long purpose) {
        return mix(mix(seed) ^ purpose);
    }

    /**
     * The SplitMix64 output function (Stafford's variant 13): a bijection of 64-bit values that spreads every input
     * bit over the whole output.
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform double in [0, 1) with 53 random bits, from one hashed value. */
    static double unitFromHash(long hash) {
        return (hash >>> 11) * TO_UNIT;
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return unitFromHash(nextLong());
    }

    /** Uniform in the open interval (0, 1): never 0 or 1, so its logarithm and that of its complement are finite. */
    double nextOpenDouble() {
        return ((nextLong() >>> 11) + 0.5) * TO_UNIT;
    }

    /** Standard normal, by the polar form of the Box-Muller transform (two values per accepted pair). */
    double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * factor;
        hasSpareGaussian = true;
        return u * factor;
    }

    /** Standard logistic (location 0, scale 1): a logistic model's label noise. */
    double nextLogistic() {
        double u = nextOpenDouble();
        return StrictMath.log(u / (1 - u));
    }

    /** Standard Gumbel: adding one per class to the scores and taking the argmax samples a softmax model. */
    double nextGumbel() {
        return -StrictMath.log(-StrictMath.log(nextOpenDouble()));
    }
}
