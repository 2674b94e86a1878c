package dev.fullbatch.data;

/**
 * Rows with sparse features in compressed sparse row (CSR) form: row {@code i} holds the entries
 * {@code rowStart[i] .. rowStart[i+1]-1} of {@code columns} (0-based, strictly increasing) and of the value array.
 *
 * <p>Exactly one of the two value arrays is non-null ({@code double} or {@code float} storage).
 */
public final class SparseBlock implements Block {
    private static final long serialVersionUID = 1L;

    private final long id;
    private final int numFeatures;
    private final double[] labels;
    private final double[] weights;
    private final double[] offsets;
    private final int[] rowStart;
    private final int[] columns;
    private final double[] values;
    private final float[] floatValues;
    /**
     * The nonzeros by column window, built on first use by a pass and kept with the cached block, so that every
     * later pass over it finds them ordered. Transient: a cache that serializes blocks does not store it twice.
     * Written once per instance with a benign race (two tasks may both build it; either result is the same).
     */
    private transient volatile ColumnWindows windows;

    /**
     * @param id the block's global position
     * @param numFeatures an upper bound on column index + 1
     * @param labels one per row
     * @param weights one per row, or null
     * @param rowStart {@code rows + 1} offsets into columns, starting at 0
     * @param columns 0-based column of each stored entry
     * @param values value of each stored entry, or null when {@code floatValues} is given
     * @param floatValues as {@code values} in single precision, or null
     */
    public SparseBlock(long id, int numFeatures, double[] labels, double[] weights, int[] rowStart, int[] columns,
                       double[] values, float[] floatValues) {
        this(id, numFeatures, labels, weights, null, rowStart, columns, values, floatValues);
    }

    /**
     * @param id the block's global position
     * @param numFeatures an upper bound on column index + 1
     * @param labels one per row
     * @param weights one per row, or null
     * @param offsets one per row, or null
     * @param rowStart {@code rows + 1} offsets into columns, starting at 0
     * @param columns 0-based column of each stored entry
     * @param values value of each stored entry, or null when {@code floatValues} is given
     * @param floatValues as {@code values} in single precision, or null
     */
    public SparseBlock(long id, int numFeatures, double[] labels, double[] weights, double[] offsets, int[] rowStart,
                       int[] columns, double[] values, float[] floatValues) {
        if ((values == null) == (floatValues == null)) {
            throw new IllegalArgumentException("exactly one of values and floatValues must be given");
        }
        if (rowStart.length != labels.length + 1) {
            throw new IllegalArgumentException("expected " + (labels.length + 1) + " row offsets, got "
                    + rowStart.length);
        }
        int nnz = rowStart[labels.length];
        int stored = values != null ? values.length : floatValues.length;
        if (columns.length != nnz || stored != nnz) {
            throw new IllegalArgumentException("expected " + nnz + " columns and values, got " + columns.length
                    + " and " + stored);
        }
        if (weights != null && weights.length != labels.length) {
            throw new IllegalArgumentException("expected " + labels.length + " weights, got " + weights.length);
        }
        if (offsets != null && offsets.length != labels.length) {
            throw new IllegalArgumentException("expected " + labels.length + " offsets, got " + offsets.length);
        }
        this.id = id;
        this.numFeatures = numFeatures;
        this.labels = labels;
        this.weights = weights;
        this.offsets = offsets;
        this.rowStart = rowStart;
        this.columns = columns;
        this.values = values;
        this.floatValues = floatValues;
    }

    @Override public long id() { return id; }
    @Override public int rows() { return labels.length; }
    @Override public int numFeatures() { return numFeatures; }
    @Override public double[] labels() { return labels; }
    @Override public double[] weights() { return weights; }
    @Override public double[] offsets() { return offsets; }
    @Override public long storedValues() { return columns.length; }

    /** CSR row offsets, {@code rows() + 1} of them. */
    public int[] rowStart() { return rowStart; }

    /** 0-based column per stored entry. */
    public int[] columns() { return columns; }

    /** Double values per stored entry, or null when stored as float. */
    public double[] values() { return values; }

    /** Float values per stored entry, or null when stored as double. */
    public float[] floatValues() { return floatValues; }

    /**
     * This block's nonzeros ordered by windows of {@code 2^shift} columns (see {@link ColumnWindows}), built on the
     * first call and kept (transiently) with the block; null when the block has too many rows to pack
     * ({@code rows() > 2^(32 - shift)}), or while the heap has too little room for them (see
     * {@link #roomForWindows}), in which case callers take the row-ordered arrays.
     */
    public ColumnWindows columnWindows(int shift) {
        ColumnWindows w = windows;
        if (w != null && w.shift() == shift) {
            return w;
        }
        if (!ColumnWindows.fits(rows(), shift) || !roomForWindows()) {
            return null;
        }
        w = ColumnWindows.of(this, shift);
        windows = w;
        return w;
    }

    /**
     * Whether this JVM's heap has room to keep this block's windows: at least four times their size (a packed int and
     * a copy of the value per nonzero) free below the heap's limit. The windows live beside the cached block, outside
     * what Spark's storage memory accounts for (it sizes a block when caching it, before any pass), so a cache filling
     * its storage memory could otherwise take the heap to its end; without room the block's products take the
     * row-ordered path, which sums to the same bits, more slowly. Counting uncollected garbage as used only makes
     * this more cautious, and a later pass asks again.
     */
    private boolean roomForWindows() {
        Runtime runtime = Runtime.getRuntime();
        return roomForWindows(columns.length, values != null,
                runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory()));
    }

    /** Whether {@code freeHeapBytes} leave room for the windows of {@code nonzeros} values (doubles or floats). */
    static boolean roomForWindows(long nonzeros, boolean doubleValues, long freeHeapBytes) {
        long bytes = nonzeros * (Integer.BYTES + (doubleValues ? Double.BYTES : Float.BYTES));
        return freeHeapBytes / 4 >= bytes;
    }

    /** The largest stored column index, or -1 when the block has no entries. */
    public int maxColumn() {
        int max = -1;
        for (int c : columns) {
            max = Math.max(max, c);
        }
        return max;
    }

    @Override
    public double featureAt(int row, int column) {
        for (int k = rowStart[row]; k < rowStart[row + 1]; k++) {
            if (columns[k] == column) {
                return values != null ? values[k] : floatValues[k];
            }
            if (columns[k] > column) {
                break;
            }
        }
        return 0.0;
    }

    /** This block's rows laid out densely over {@code width} columns (entries at or beyond it are an error). */
    public DenseBlock toDense(int width, boolean useFloat) {
        int n = rows();
        double[] dv = useFloat ? null : new double[n * width];
        float[] fv = useFloat ? new float[n * width] : null;
        for (int i = 0; i < n; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int c = columns[k];
                if (c >= width) {
                    throw new IllegalArgumentException("column " + c + " outside width " + width);
                }
                double v = values != null ? values[k] : floatValues[k];
                if (useFloat) {
                    fv[i * width + c] = (float) v;
                } else {
                    dv[i * width + c] = v;
                }
            }
        }
        return new DenseBlock(id, width, labels, weights, offsets, dv, fv);
    }

    /** This block with its width set to {@code width} and values optionally narrowed to float. */
    public SparseBlock withWidth(int width, boolean useFloat) {
        if (useFloat && floatValues == null) {
            float[] fv = new float[values.length];
            for (int k = 0; k < fv.length; k++) {
                fv[k] = (float) values[k];
            }
            return new SparseBlock(id, width, labels, weights, offsets, rowStart, columns, null, fv);
        }
        return new SparseBlock(id, width, labels, weights, offsets, rowStart, columns, values, floatValues);
    }
}
