package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import java.util.List;

/**
 * Runs reductions over blocks held in memory, one partial per block merged in list order: the reference the
 * distributed engine must match bit for bit, and a way to train on tiny data without Spark.
 */
public final class LocalReduction implements ReductionEngine {
    private final List<Block> blocks;

    /** @param blocks the data, in any order (the exact merge makes order irrelevant) */
    public LocalReduction(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    @Override
    public PartialSums aggregate(BlockReduction reduction, double[] parameters, boolean wantVector,
                                 String description) {
        PartialSums total = new PartialSums(reduction.dimension(), wantVector);
        for (Block block : blocks) {
            PartialSums one = new PartialSums(reduction.dimension(), wantVector);
            reduction.accumulate(block, parameters, one);
            total.merge(one);
        }
        return total;
    }
}
