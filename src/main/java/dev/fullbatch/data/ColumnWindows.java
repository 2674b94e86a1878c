package dev.fullbatch.data;

/**
 * A {@link SparseBlock}'s nonzeros ordered by column window: window {@code w} holds the entries whose column lies in
 * {@code [w << shift, (w + 1) << shift)}, in the block's own order (row by row, columns increasing), as entries
 * {@code windowStart[w] .. windowStart[w+1]-1} of {@link #entries()} and of the value array.
 *
 * <p>Why: a wide model's gradient is summed into megabytes of per-component sums, which stay in the caches only a
 * window at a time, so a pass must visit the nonzeros window by window. Which window a nonzero belongs to is a
 * property of the data, not of the pass: it is worked out once per block ({@link SparseBlock#columnWindows}) instead
 * of sorting every pass's products again.
 *
 * <p>Each entry packs the row (high bits) and the column within its window (low {@code shift} bits) into one int:
 * {@code row = entry >>> shift}, {@code column = (w << shift) | (entry & ((1 << shift) - 1))}. The values are copies
 * of the block's (double or float, as it stores them): 12 or 8 bytes per nonzero beside the block's own. Immutable
 * once built; not serialized (rebuilt from the block where it is used).
 */
public final class ColumnWindows {
    private final int shift;
    private final int[] windowStart;
    private final int[] entries;
    private final double[] values;
    private final float[] floatValues;

    private ColumnWindows(int shift, int[] windowStart, int[] entries, double[] values, float[] floatValues) {
        this.shift = shift;
        this.windowStart = windowStart;
        this.entries = entries;
        this.values = values;
        this.floatValues = floatValues;
    }

    /**
     * Whether a block of {@code rows} rows can be packed with windows of {@code 2^shift} columns (the row must fit the
     * int's remaining {@code 32 - shift} bits, read unsigned).
     */
    static boolean fits(int rows, int shift) {
        return shift > 0 && shift < 31 && rows <= (1L << (32 - shift));
    }

    /** Orders {@code block}'s nonzeros by window of {@code 2^shift} columns (a stable counting sort). */
    static ColumnWindows of(SparseBlock block, int shift) {
        int[] start = block.rowStart();
        int[] col = block.columns();
        double[] vd = block.values();
        float[] vf = block.floatValues();
        int nnz = col.length;
        int windows = block.numFeatures() <= 0 ? 1 : ((block.numFeatures() - 1) >>> shift) + 1;
        windows = Math.max(windows, (block.maxColumn() >>> shift) + 1);
        int[] windowStart = new int[windows + 1];
        for (int c : col) {
            windowStart[(c >>> shift) + 1]++;
        }
        for (int w = 0; w < windows; w++) {
            windowStart[w + 1] += windowStart[w];
        }
        int[] next = java.util.Arrays.copyOf(windowStart, windows);
        int[] entries = new int[nnz];
        double[] values = vd != null ? new double[nnz] : null;
        float[] floatValues = vf != null ? new float[nnz] : null;
        int mask = (1 << shift) - 1;
        for (int row = 0; row < block.rows(); row++) {
            for (int q = start[row]; q < start[row + 1]; q++) {
                int c = col[q];
                int at = next[c >>> shift]++;
                entries[at] = (row << shift) | (c & mask);
                if (values != null) {
                    values[at] = vd[q];
                } else {
                    floatValues[at] = vf[q];
                }
            }
        }
        return new ColumnWindows(shift, windowStart, entries, values, floatValues);
    }

    /** log2 of the columns per window. */
    public int shift() {
        return shift;
    }

    /** Number of windows. */
    public int windows() {
        return windowStart.length - 1;
    }

    /** {@code windows() + 1} offsets into the entries: window {@code w} is {@code [start[w], start[w+1])}. */
    public int[] windowStart() {
        return windowStart;
    }

    /** Packed (row, column within window) per entry; see the class comment. */
    public int[] entries() {
        return entries;
    }

    /** Double values per entry, or null when the block stores floats. */
    public double[] values() {
        return values;
    }

    /** Float values per entry, or null when the block stores doubles. */
    public float[] floatValues() {
        return floatValues;
    }
}
