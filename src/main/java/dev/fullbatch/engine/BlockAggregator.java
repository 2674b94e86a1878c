package dev.fullbatch.engine;

import dev.fullbatch.data.Block;
import java.io.Serializable;

/**
 * One pass over the blocks of a data set as a typed reduction: an empty partial, a block added to a partial, two
 * partials merged (the aggregator of Spark ML's loss functions, with the parameters broadcast by the engine).
 *
 * <p>A {@link BlockPasses} runs it: every task starts from {@link #zero()}, adds its blocks in any order with
 * {@link #add}, and the partials are merged in any grouping and order with {@link #merge}. The result must not
 * depend on that grouping or order, to the last bit: exact sums ({@code PartialSums}), integer counts, minima and
 * maxima qualify; plain floating-point sums do not. Implementations are immutable and serializable (they travel to
 * executors with each pass); the partials they make must be serializable too, and are owned by one thread at a time.
 *
 * @param <A> the partial result
 */
public interface BlockAggregator<A> extends Serializable {

    /** A new, empty partial. */
    A zero();

    /**
     * Adds one block to {@code partial}.
     *
     * @param parameters the pass's parameters (read only; the same array for every block of a task)
     * @return the partial with the block added: {@code partial} itself (changed in place) or a new one
     */
    A add(A partial, Block block, double[] parameters);

    /**
     * Merges two partials.
     *
     * @return their merge: {@code left} (changed in place) or a new partial; {@code right} is not used afterwards
     */
    A merge(A left, A right);
}
