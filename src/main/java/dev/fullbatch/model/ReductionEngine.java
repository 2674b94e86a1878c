package dev.fullbatch.model;

import dev.fullbatch.engine.BlockPasses;

/**
 * Sums a {@link BlockReduction} over a whole data set and returns its exact sums: the view of the engine port
 * ({@link BlockPasses}) that training objectives, moments and metric sums use. Every call is one pass, run as a
 * {@link PartialSumsAggregator}; the Spark implementation and {@link LocalReduction} give identical bits for the same
 * blocks.
 */
@FunctionalInterface
public interface ReductionEngine {

    /**
     * Sums {@code reduction} over every block with the given parameters.
     *
     * @param wantVector false for a loss-only pass
     * @param description what this pass is for, shown in progress displays (e.g. "iteration 17/100")
     */
    PartialSums aggregate(BlockReduction reduction, double[] parameters, boolean wantVector, String description);

    /** The sums of block reductions as passes of {@code data}. */
    static ReductionEngine over(BlockPasses data) {
        return (reduction, parameters, wantVector, description) -> data.reduce(
                new PartialSumsAggregator(reduction, wantVector), parameters, description);
    }
}
