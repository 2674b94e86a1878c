package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.engine.SliceableAggregator;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BlockReduction} as a typed reduction whose partials are {@link PartialSums}: how every exact sum
 * (gradients, moments, metric sums) runs on a {@link dev.fullbatch.engine.BlockPasses}.
 *
 * <p>Wide partials can be reduce-scattered: {@link #split} cuts them into page-aligned slices of the vector (slice 0
 * also carries the loss, weight and row count), {@link #finish} rounds a merged slice into its components followed by
 * the loss, weight and row count (exact as doubles: counts stay below 2^53), and {@link #assemble} puts the rounded
 * slices back together. Rounding a slice where it is merged gives the bits rounding the whole total would. Immutable.
 */
public final class PartialSumsAggregator implements SliceableAggregator<PartialSums> {
    private static final long serialVersionUID = 1L;
    /** Values after a finished slice's components: loss, weight, rows. */
    private static final int TRAILER = 3;

    private final BlockReduction reduction;
    private final boolean wantVector;

    /**
     * @param reduction what each block adds
     * @param wantVector false for a loss-only pass (no vector is computed or shipped)
     */
    public PartialSumsAggregator(BlockReduction reduction, boolean wantVector) {
        this.reduction = reduction;
        this.wantVector = wantVector;
    }

    @Override
    public PartialSums zero() {
        return new PartialSums(reduction.dimension(), wantVector);
    }

    @Override
    public PartialSums add(PartialSums partial, Block block, double[] parameters) {
        reduction.accumulate(block, parameters, partial);
        return partial;
    }

    @Override
    public PartialSums merge(PartialSums left, PartialSums right) {
        return left.merge(right);
    }

    /** The vector's length, or 0 for a loss-only pass. */
    @Override
    public int width() {
        return wantVector ? reduction.dimension() : 0;
    }

    /**
     * The first component of each of {@code parts} consecutive slices of a vector of {@code dimension} components,
     * and {@code dimension} last: page-aligned, so slices take whole pages.
     */
    public static int[] sliceBounds(int dimension, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        int page = ExactAccumulator.PAGE;
        int[] bounds = new int[parts + 1];
        for (int i = 1; i < parts; i++) {
            long even = (long) dimension * i / parts;
            bounds[i] = (int) Math.min(dimension, (even + page - 1) & -(long) page);
        }
        bounds[parts] = dimension;
        return bounds;
    }

    /**
     * Cuts a partial into the slices of {@link #sliceBounds}: slice i holds vector components
     * {@code bounds[i] .. bounds[i+1]-1} (as its components from 0), and slice 0 also the loss, weight and row count.
     */
    @Override
    public List<PartialSums> split(PartialSums partial, int parts) {
        int[] bounds = sliceBounds(partial.dimension(), parts);
        List<PartialSums> slices = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            slices.add(partial.slice(bounds[i], bounds[i + 1], i == 0));
        }
        return slices;
    }

    /** The slice's rounded components, then its loss sum, weight sum and row count. */
    @Override
    public double[] finish(PartialSums slice) {
        double[] v = slice.vectorSum();
        double[] packed = java.util.Arrays.copyOf(v, v.length + TRAILER);
        packed[v.length] = slice.lossSum();
        packed[v.length + 1] = slice.weightSum();
        packed[v.length + 2] = slice.rows();
        return packed;
    }

    @Override
    public PartialSums assemble(List<double[]> finished) {
        int dim = reduction.dimension();
        int[] bounds = sliceBounds(dim, finished.size());
        double[] vector = new double[dim];
        for (int i = 0; i < finished.size(); i++) {
            double[] packed = finished.get(i);
            System.arraycopy(packed, 0, vector, bounds[i], packed.length - TRAILER);
        }
        double[] first = finished.get(0);
        int at = first.length - TRAILER;
        return PartialSums.ofTotals(dim, (long) first[at + 2], first[at], first[at + 1], vector);
    }
}
