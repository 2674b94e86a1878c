package dev.fullbatch.data;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Per categorical column, the rows whose value went to the other level when a model was applied: values too rare
 * in training or never seen there. Integer counts, merged by adding. Mutable, serializable: one per task.
 */
public final class OtherLevelCounts implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long[] rows;

    /** @param columns number of categorical columns */
    public OtherLevelCounts(int columns) {
        this.rows = new long[columns];
    }

    /** Counts one row of column {@code column}. */
    public void count(int column) {
        rows[column]++;
    }

    /**
     * Counts the rows of an encoded block whose value went to an other level: a row's column c holds 1 in exactly
     * one of its level features ({@link CategoricalEncoding#encode}), so it went to the other level when that
     * level's feature is not 0.
     *
     * @param firstFeature the block's feature where the encoding's features start (after the numeric features)
     */
    public void count(Block block, int firstFeature, CategoricalEncoding encoding) {
        if (encoding.columns().size() != rows.length) {
            throw new IllegalArgumentException("expected an encoding of " + rows.length + " columns, got "
                    + encoding.columns().size());
        }
        for (int c = 0; c < rows.length; c++) {
            int feature = firstFeature + encoding.offset(c) + encoding.columns().get(c).otherLevel();
            for (int r = 0; r < block.rows(); r++) {
                if (block.featureAt(r, feature) != 0) {
                    rows[c]++;
                }
            }
        }
    }

    /**
     * Adds {@code other}'s counts.
     *
     * @return this
     */
    public OtherLevelCounts merge(OtherLevelCounts other) {
        if (other.rows.length != rows.length) {
            throw new IllegalArgumentException("cannot merge counts of " + other.rows.length + " columns into "
                    + rows.length);
        }
        for (int c = 0; c < rows.length; c++) {
            rows[c] += other.rows[c];
        }
        return this;
    }

    /** The rows of column {@code column} that went to its other level. */
    public long rows(int column) {
        return rows[column];
    }

    @Override
    public String toString() {
        return "OtherLevelCounts" + Arrays.toString(rows);
    }
}
