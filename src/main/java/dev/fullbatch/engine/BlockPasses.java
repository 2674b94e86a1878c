package dev.fullbatch.engine;

/**
 * Runs passes over one fixed set of blocks: the port every pass over (possibly distributed, cached) data goes
 * through. The Spark implementation broadcasts the parameters, runs one job and merges the tasks' partials (through
 * {@code treeAggregate}'s levels at the configured tree depth when partials are wide); {@link LocalBlocks} runs
 * them over blocks held in memory. Both give identical bits for the same blocks, since an aggregator's result may
 * not depend on grouping or order.
 */
public interface BlockPasses {

    /**
     * Runs {@code aggregator} over every block.
     *
     * @param parameters broadcast to every task (copied; not modified)
     * @param description what the pass is for, shown in progress displays (e.g. "iteration 17/100")
     * @return the merge of every block's partial ({@link BlockAggregator#zero()} when there are no blocks)
     */
    <A> A reduce(BlockAggregator<A> aggregator, double[] parameters, String description);
}
