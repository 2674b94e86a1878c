package dev.fullbatch.data;

import java.io.Serializable;

/**
 * An immutable run of consecutive training rows, stored compactly.
 *
 * <p>Rows are numbered {@code 0..rows()-1} within the block. Labels are the raw values from the input (the loss
 * decides how to read them). Instance weights are {@code null} when every row weighs 1; offsets (a fixed term added
 * to every margin of the row, such as a log exposure) are {@code null} when there are none. Blocks are cached by
 * Spark and read by the gradient kernels once per pass; they must never be mutated after construction.
 */
public sealed interface Block extends Serializable permits DenseBlock, SparseBlock {

    /** The block's position in the global row order (files sorted by path, then byte ranges); unique per input. */
    long id();

    /** Number of rows held. */
    int rows();

    /** Number of feature columns the rows are laid out for (dense) or the largest index bound (sparse). */
    int numFeatures();

    /** The labels, one per row; never modify. */
    double[] labels();

    /** The instance weights, one per row, or {@code null} when all are 1; never modify. */
    double[] weights();

    /**
     * The offsets, one per row, added to every output (margin) of the row's model in training, metrics and
     * prediction alike; {@code null} when there are none (the same as all 0). Never modify.
     */
    double[] offsets();

    /** Number of stored feature values (dense: rows x features; sparse: nonzeros). */
    long storedValues();

    /** The rows' features as a dense row-major matrix, widened to double (for scoring and tests, not kernels). */
    double featureAt(int row, int column);
}
