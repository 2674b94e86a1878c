package dev.fullbatch.data;

import java.util.Arrays;

/**
 * Accumulates rows into growable primitive arrays and freezes them into one {@link Block}.
 *
 * <p>A row is built with {@link #addValue} calls followed by {@link #endRow}; {@link #abortRow} drops a row that
 * turned out to be malformed half-way, so a bad line never leaves partial values behind. Not thread-safe; one
 * builder per block.
 */
public final class BlockBuilder {
    private final boolean dense;
    private final int denseWidth;

    private double[] labels = new double[256];
    private double[] weights;
    private double[] offsets;
    private int rows;

    private int[] rowStart = new int[257];
    private int[] columns;
    private double[] values = new double[1024];
    private int size;
    private int rowFirst;
    private int lastColumn = -1;
    private int maxColumn = -1;

    private BlockBuilder(boolean dense, int denseWidth) {
        this.dense = dense;
        this.denseWidth = denseWidth;
        this.columns = dense ? null : new int[1024];
    }

    /** A builder for sparse rows (CSR), columns given 0-based and strictly increasing within a row. */
    public static BlockBuilder sparse() {
        return new BlockBuilder(false, 0);
    }

    /** A builder for dense rows of exactly {@code width} values each, given in column order. */
    public static BlockBuilder dense(int width) {
        if (width < 0) {
            throw new IllegalArgumentException("width must be >= 0, got " + width);
        }
        return new BlockBuilder(true, width);
    }

    /** Rows completed so far. */
    public int rows() {
        return rows;
    }

    /** The last column added to the current row, or -1 when the row has none yet. */
    public int lastColumn() {
        return lastColumn;
    }

    /** The largest column of any completed row, or -1 when no completed row has a value. */
    public int maxColumn() {
        return maxColumn;
    }

    /** Values added to the current, unfinished row. */
    public int valuesInRow() {
        return size - rowFirst;
    }

    /** Appends one feature value to the current row (sparse: at {@code column}; dense: the next column). */
    public void addValue(int column, double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            if (!dense) {
                columns = Arrays.copyOf(columns, size * 2);
            }
        }
        if (!dense) {
            columns[size] = column;
        }
        values[size++] = value;
        lastColumn = column;
    }

    /** Completes the current row with its label and instance weight. */
    public void endRow(double label, double weight) {
        endRow(label, weight, 0.0);
    }

    /**
     * Completes the current row with its label, instance weight and offset. The weight and offset arrays are only
     * created once a row has a weight other than 1 or an offset other than 0, so rows without them build blocks
     * whose {@link Block#weights()} and {@link Block#offsets()} are null, as if the input had no such columns.
     */
    public void endRow(double label, double weight, double offset) {
        if (rows == labels.length) {
            labels = Arrays.copyOf(labels, rows * 2);
            rowStart = Arrays.copyOf(rowStart, rows * 2 + 1);
            if (weights != null) {
                weights = Arrays.copyOf(weights, rows * 2);
            }
            if (offsets != null) {
                offsets = Arrays.copyOf(offsets, rows * 2);
            }
        }
        if (weight != 1.0 && weights == null) {
            weights = new double[labels.length];
            Arrays.fill(weights, 0, rows, 1.0);
        }
        if (weights != null) {
            weights[rows] = weight;
        }
        if (offset != 0.0 && offsets == null) {
            offsets = new double[labels.length];
        }
        if (offsets != null) {
            offsets[rows] = offset;
        }
        labels[rows++] = label;
        rowStart[rows] = size;
        if (size > rowFirst) {
            maxColumn = Math.max(maxColumn, dense ? size - rowFirst - 1 : lastColumn);
        }
        rowFirst = size;
        lastColumn = -1;
    }

    /** Drops the values of the current, unfinished row. */
    public void abortRow() {
        size = rowFirst;
        lastColumn = -1;
    }

    /**
     * Freezes the rows into a block.
     *
     * @param id the block's global position
     * @param numFeatures the model width: sparse columns must be below it; dense rows must have exactly this width
     * @param asDense lay sparse rows out densely (when the data is dense enough that it is smaller and faster)
     * @param useFloat store feature values in single precision
     */
    public Block build(long id, int numFeatures, boolean asDense, boolean useFloat) {
        double[] l = Arrays.copyOf(labels, rows);
        double[] w = weights == null ? null : Arrays.copyOf(weights, rows);
        double[] o = offsets == null ? null : Arrays.copyOf(offsets, rows);
        if (dense) {
            if (numFeatures != denseWidth) {
                throw new IllegalArgumentException("dense rows have width " + denseWidth + ", asked for "
                        + numFeatures);
            }
            return new DenseBlock(id, numFeatures, l, w, o, useFloat ? null : Arrays.copyOf(values, size),
                    useFloat ? narrow(values, size) : null);
        }
        SparseBlock csr = new SparseBlock(id, numFeatures, l, w, o, Arrays.copyOf(rowStart, rows + 1),
                Arrays.copyOf(columns, size), Arrays.copyOf(values, size), null);
        if (asDense) {
            return csr.toDense(numFeatures, useFloat);
        }
        return useFloat ? csr.withWidth(numFeatures, true) : csr;
    }

    private static float[] narrow(double[] v, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
