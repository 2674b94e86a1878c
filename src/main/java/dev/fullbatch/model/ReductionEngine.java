package dev.fullbatch.model;

/**
 * Runs a {@link BlockReduction} over a whole data set and returns its exact sums.
 *
 * <p>The Spark implementation ({@code dev.fullbatch.spark.TreeGradient}) does one distributed pass per call; the
 * in-memory one ({@link LocalReduction}) serves tests and tiny data. Both give identical bits for the same blocks.
 */
public interface ReductionEngine {

    /**
     * Sums {@code reduction} over every block with the given parameters.
     *
     * @param wantVector false for a loss-only pass
     * @param description what this pass is for, shown in progress displays (e.g. "iteration 17/100")
     */
    PartialSums aggregate(BlockReduction reduction, double[] parameters, boolean wantVector, String description);
}
