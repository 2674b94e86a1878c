package dev.fullbatch.engine;

import dev.fullbatch.data.Block;
import java.util.List;

/**
 * Runs passes over blocks held in memory, on the calling thread: one partial per block, merged in list order. The
 * reference the distributed engine must match bit for bit, and a way to train on tiny data without Spark.
 */
public final class LocalBlocks implements BlockPasses {
    private final List<Block> blocks;

    /** @param blocks the data, in any order (an aggregator's result may not depend on it) */
    public LocalBlocks(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** The blocks, in the order given. */
    public List<Block> blocks() {
        return blocks;
    }

    @Override
    public <A> A reduce(BlockAggregator<A> aggregator, double[] parameters, String description) {
        A total = aggregator.zero();
        for (Block block : blocks) {
            total = aggregator.merge(total, aggregator.add(aggregator.zero(), block, parameters));
        }
        return total;
    }
}
