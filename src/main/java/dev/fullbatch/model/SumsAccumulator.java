package dev.fullbatch.model;

import java.io.Serializable;

/**
 * Where a {@link PartialSums} keeps what its blocks added: a loss sum, a weight sum and a vector, each block's
 * compensated totals folded in at the block's end, and other partials merged in. Training uses
 * {@link ExactAccumulator}, whose sums are exact and so independent of merge order; the interface exists so that a
 * benchmark can measure what exactness costs against a plain stand-in, without such a mode in the product.
 *
 * <p>An accumulator belongs to one partial; {@link #merge} only ever sees accumulators of the same class and
 * dimension. Not thread-safe.
 */
public interface SumsAccumulator extends Serializable {

    /** Adds a block's compensated loss sum {@code lossHi + lossLo} and weight sum {@code weightHi + weightLo}. */
    void addScalars(double lossHi, double lossLo, double weightHi, double weightLo);

    /** Adds a compensated sum {@code hi + lo} to vector component {@code j}. */
    void addCompensated(int j, double hi, double lo);

    /** Adds one value to vector component {@code j}. */
    void add(int j, double value);

    /** Whether nothing was added to vector component {@code j} (so its sum is exactly +0.0). */
    boolean isEmpty(int j);

    /** Adds everything {@code other} holds; {@code other} is not modified. */
    void merge(SumsAccumulator other);

    /** The loss sum, rounded to a double. */
    double lossSum();

    /** The weight sum, rounded to a double. */
    double weightSum();

    /** The vector sums rounded to doubles, in a fresh array ({@code dimension} zeros when nothing was added). */
    double[] vector();

    /**
     * A new accumulator of the same class holding vector components {@code from .. to-1} (as components from 0) and,
     * when {@code withScalars}, the loss and weight sums: merging such slices of several accumulators gives the
     * same values as merging the whole accumulators, restricted to the slice. Bounds are multiples of
     * {@link ExactAccumulator#PAGE} (or the dimension).
     */
    SumsAccumulator slice(int from, int to, boolean withScalars);
}
