package dev.fullbatch.data;

/**
 * Rows with dense features stored row-major: feature {@code j} of row {@code i} is at {@code i * numFeatures + j}.
 *
 * <p>Exactly one of the two value arrays is non-null: {@code double} storage, or {@code float} storage when the user
 * asked for half the memory and bandwidth (values rounded once on load; all arithmetic stays in double).
 */
public final class DenseBlock implements Block {
    private static final long serialVersionUID = 1L;

    private final long id;
    private final int rows;
    private final int numFeatures;
    private final double[] labels;
    private final double[] weights;
    private final double[] offsets;
    private final double[] values;
    private final float[] floatValues;

    /**
     * @param id the block's global position
     * @param numFeatures columns per row, at least 0
     * @param labels one per row
     * @param weights one per row, or null
     * @param values row-major, {@code labels.length * numFeatures} values, or null when {@code floatValues} is given
     * @param floatValues as {@code values} in single precision, or null
     */
    public DenseBlock(long id, int numFeatures, double[] labels, double[] weights, double[] values,
                      float[] floatValues) {
        this(id, numFeatures, labels, weights, null, values, floatValues);
    }

    /**
     * @param id the block's global position
     * @param numFeatures columns per row, at least 0
     * @param labels one per row
     * @param weights one per row, or null
     * @param offsets one per row, or null
     * @param values row-major, {@code labels.length * numFeatures} values, or null when {@code floatValues} is given
     * @param floatValues as {@code values} in single precision, or null
     */
    public DenseBlock(long id, int numFeatures, double[] labels, double[] weights, double[] offsets, double[] values,
                      float[] floatValues) {
        if (numFeatures < 0) {
            throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
        }
        if ((values == null) == (floatValues == null)) {
            throw new IllegalArgumentException("exactly one of values and floatValues must be given");
        }
        long expected = (long) labels.length * numFeatures;
        long actual = values != null ? values.length : floatValues.length;
        if (expected != actual) {
            throw new IllegalArgumentException("expected " + expected + " feature values for " + labels.length
                    + " rows of " + numFeatures + ", got " + actual);
        }
        if (weights != null && weights.length != labels.length) {
            throw new IllegalArgumentException("expected " + labels.length + " weights, got " + weights.length);
        }
        if (offsets != null && offsets.length != labels.length) {
            throw new IllegalArgumentException("expected " + labels.length + " offsets, got " + offsets.length);
        }
        this.id = id;
        this.rows = labels.length;
        this.numFeatures = numFeatures;
        this.labels = labels;
        this.weights = weights;
        this.offsets = offsets;
        this.values = values;
        this.floatValues = floatValues;
    }

    @Override public long id() { return id; }
    @Override public int rows() { return rows; }
    @Override public int numFeatures() { return numFeatures; }
    @Override public double[] labels() { return labels; }
    @Override public double[] weights() { return weights; }
    @Override public double[] offsets() { return offsets; }
    @Override public long storedValues() { return (long) rows * numFeatures; }

    /** Row-major double values, or null when stored as float. */
    public double[] values() { return values; }

    /** Row-major float values, or null when stored as double. */
    public float[] floatValues() { return floatValues; }

    @Override
    public double featureAt(int row, int column) {
        int k = row * numFeatures + column;
        return values != null ? values[k] : floatValues[k];
    }
}
