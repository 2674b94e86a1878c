package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.engine.LocalBlocks;
import java.util.List;

/**
 * Runs reductions over blocks held in memory, one partial per block merged in list order ({@link LocalBlocks}): the
 * reference the distributed engine must match bit for bit, and a way to train on tiny data without Spark.
 */
public final class LocalReduction implements ReductionEngine, BlockPasses {
    private final LocalBlocks blocks;

    /** @param blocks the data, in any order (the exact merge makes order irrelevant) */
    public LocalReduction(List<Block> blocks) {
        this.blocks = new LocalBlocks(blocks);
    }

    @Override
    public PartialSums aggregate(BlockReduction reduction, double[] parameters, boolean wantVector,
                                 String description) {
        return reduce(new PartialSumsAggregator(reduction, wantVector), parameters, description);
    }

    @Override
    public <A> A reduce(BlockAggregator<A> aggregator, double[] parameters, String description) {
        return blocks.reduce(aggregator, parameters, description);
    }
}
