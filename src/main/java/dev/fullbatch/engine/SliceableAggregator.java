package dev.fullbatch.engine;

import java.util.List;

/**
 * An aggregator whose partials are long vectors that can be merged slice by slice: an engine may then cut every
 * partial into slices, merge each slice in a different place (a reduce-scatter) and put the finished slices
 * together, instead of bringing whole partials to one place. The result must be the bits {@link #merge} of the
 * whole partials would give.
 *
 * @param <A> the partial result
 */
public interface SliceableAggregator<A> extends BlockAggregator<A> {

    /** Components of a partial's vector (0 when the pass has none): what decides whether slicing pays. */
    int width();

    /**
     * Cuts a partial into {@code parts} consecutive slices, each itself a partial that {@link #merge} merges with
     * the same slice of other partials. Slice 0 carries whatever is not part of the vector. The slices may take over
     * the partial's storage (no copy): the caller adds nothing to the partial afterwards.
     */
    List<A> split(A partial, int parts);

    /** The final, compact form of a merged slice (8 bytes a component), as it travels to the driver. */
    double[] finish(A slice);

    /**
     * The whole result from its finished slices, in slice order: what merging every whole partial would have
     * given.
     */
    A assemble(List<double[]> finished);
}
