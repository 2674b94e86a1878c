package dev.fullbatch.model;

import dev.fullbatch.math.ExactVector;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The exact partial result of a {@link BlockReduction} over some blocks: a loss sum, a weight sum, a row count and
 * (optionally) a vector, mergeable in any order with the same bits.
 *
 * <p>Kernels add into per-block compensated scratch ({@link #add}, {@link #addAll}, {@link #addLoss},
 * {@link #addWeight}) and call {@link #endBlock()}, which folds the block's totals into exact accumulators and
 * clears the scratch. Only the exact accumulators are serialized; the scratch is transient and rebuilt lazily in
 * each task. Not thread-safe: one instance per task, as Spark's aggregate uses it.
 */
public final class PartialSums implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int LOSS = 0;
    private static final int WEIGHT = 1;

    /** How block totals are merged. */
    public enum Merge {
        /** Exactly, in {@link ExactVector}s: the same bits for any grouping and order (what training uses). */
        EXACT,
        /**
         * In plain double, which depends on the grouping and order: only for measuring what the exact merge costs
         * (benchmarks), never for training.
         */
        PLAIN_DOUBLE
    }

    private final int dimension;
    private final boolean wantsVector;
    private final Merge mergeKind;
    private long rows;
    private ExactVector scalars;
    private ExactVector vector;
    private double[] plainScalars;
    private double[] plainVector;

    private transient double[] hi;
    private transient double[] lo;
    private transient int[] touched;
    private transient boolean[] marked;
    private transient int touchedCount;
    private transient boolean allTouched;
    private transient double lossHi;
    private transient double lossLo;
    private transient double weightHi;
    private transient double weightLo;
    private transient long blockRows;

    /**
     * @param dimension length of the summed vector
     * @param wantsVector false for a loss-only pass (line searches), which skips the vector entirely
     */
    public PartialSums(int dimension, boolean wantsVector) {
        this(dimension, wantsVector, Merge.EXACT);
    }

    /**
     * @param dimension length of the summed vector
     * @param wantsVector false for a loss-only pass (line searches), which skips the vector entirely
     * @param merge how block totals are merged ({@link Merge#EXACT} for anything but benchmarks)
     */
    public PartialSums(int dimension, boolean wantsVector, Merge merge) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, got " + dimension);
        }
        this.dimension = dimension;
        this.wantsVector = wantsVector;
        this.mergeKind = java.util.Objects.requireNonNull(merge, "merge");
    }

    /** Length of the summed vector. */
    public int dimension() {
        return dimension;
    }

    /** Whether kernels should compute the vector (gradient) part. */
    public boolean wantsVector() {
        return wantsVector;
    }

    private void ensureScratch() {
        if (hi == null && wantsVector) {
            hi = new double[dimension];
            lo = new double[dimension];
            touched = new int[Math.min(dimension, 1 << 16)];
            marked = new boolean[dimension];
        }
    }

    /** Adds {@code value} to vector component {@code j} (sparse kernels: only touched components are flushed). */
    public void add(int j, double value) {
        ensureScratch();
        if (!marked[j]) {
            marked[j] = true;
            if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, Math.min(dimension, touched.length * 2));
            }
            touched[touchedCount++] = j;
        }
        double h = hi[j];
        double s = h + value;
        double bp = s - h;
        lo[j] += (h - (s - bp)) + (value - bp);
        hi[j] = s;
    }

    /** Adds a whole run's vector partial {@code chunk[0 .. dimension-1]} (dense kernels). */
    public void addAll(double[] chunk) {
        ensureScratch();
        allTouched = true;
        double[] h = hi;
        double[] l = lo;
        for (int j = 0; j < dimension; j++) {
            double a = h[j];
            double v = chunk[j];
            double s = a + v;
            double bp = s - a;
            l[j] += (a - (s - bp)) + (v - bp);
            h[j] = s;
        }
    }

    /** Adds to the block's weighted loss sum. */
    public void addLoss(double value) {
        double s = lossHi + value;
        double bp = s - lossHi;
        lossLo += (lossHi - (s - bp)) + (value - bp);
        lossHi = s;
    }

    /** Adds to the block's weight sum and counts {@code rowCount} rows. */
    public void addWeight(double value, int rowCount) {
        double s = weightHi + value;
        double bp = s - weightHi;
        weightLo += (weightHi - (s - bp)) + (value - bp);
        weightHi = s;
        blockRows += rowCount;
    }

    /** Folds the current block's totals into the exact accumulators and clears the scratch. */
    public void endBlock() {
        if (mergeKind == Merge.PLAIN_DOUBLE) {
            endBlockPlain();
            return;
        }
        if (scalars == null) {
            scalars = new ExactVector(2);
        }
        scalars.addCompensated(LOSS, lossHi, lossLo);
        scalars.addCompensated(WEIGHT, weightHi, weightLo);
        rows += blockRows;
        lossHi = lossLo = weightHi = weightLo = 0;
        blockRows = 0;
        if (!wantsVector || hi == null) {
            return;
        }
        if (vector == null) {
            vector = new ExactVector(dimension);
        }
        if (allTouched) {
            for (int j = 0; j < dimension; j++) {
                if (hi[j] != 0 || lo[j] != 0) {
                    vector.addCompensated(j, hi[j], lo[j]);
                }
            }
            Arrays.fill(hi, 0.0);
            Arrays.fill(lo, 0.0);
            for (int t = 0; t < touchedCount; t++) {
                marked[touched[t]] = false;
            }
        } else {
            for (int t = 0; t < touchedCount; t++) {
                int j = touched[t];
                vector.addCompensated(j, hi[j], lo[j]);
                hi[j] = 0;
                lo[j] = 0;
                marked[j] = false;
            }
        }
        touchedCount = 0;
        allTouched = false;
    }

    private void endBlockPlain() {
        if (plainScalars == null) {
            plainScalars = new double[2];
        }
        plainScalars[LOSS] += lossHi + lossLo;
        plainScalars[WEIGHT] += weightHi + weightLo;
        rows += blockRows;
        lossHi = lossLo = weightHi = weightLo = 0;
        blockRows = 0;
        if (!wantsVector || hi == null) {
            return;
        }
        if (plainVector == null) {
            plainVector = new double[dimension];
        }
        for (int j = 0; j < dimension; j++) {
            plainVector[j] += hi[j] + lo[j];
        }
        Arrays.fill(hi, 0.0);
        Arrays.fill(lo, 0.0);
        for (int t = 0; t < touchedCount; t++) {
            marked[touched[t]] = false;
        }
        touchedCount = 0;
        allTouched = false;
    }

    /** Adds another partial's exact sums into this one; the result is independent of merge order. */
    public PartialSums merge(PartialSums other) {
        if (other.dimension != dimension || other.wantsVector != wantsVector || other.mergeKind != mergeKind) {
            throw new IllegalArgumentException("cannot merge partial sums of dimension " + other.dimension
                    + " (vector " + other.wantsVector + ", " + other.mergeKind + ") into dimension " + dimension
                    + " (vector " + wantsVector + ", " + mergeKind + ")");
        }
        rows += other.rows;
        if (mergeKind == Merge.PLAIN_DOUBLE) {
            plainScalars = addPlain(plainScalars, other.plainScalars);
            plainVector = addPlain(plainVector, other.plainVector);
            return this;
        }
        if (other.scalars != null) {
            if (scalars == null) {
                scalars = new ExactVector(2);
            }
            scalars.merge(other.scalars);
        }
        if (other.vector != null) {
            if (vector == null) {
                vector = new ExactVector(dimension);
            }
            vector.merge(other.vector);
        }
        return this;
    }

    private static double[] addPlain(double[] mine, double[] theirs) {
        if (theirs == null) {
            return mine;
        }
        if (mine == null) {
            return theirs.clone();
        }
        for (int j = 0; j < mine.length; j++) {
            mine[j] += theirs[j];
        }
        return mine;
    }

    /** Rows seen. */
    public long rows() {
        return rows;
    }

    /** The correctly rounded weighted loss sum. */
    public double lossSum() {
        if (mergeKind == Merge.PLAIN_DOUBLE) {
            return plainScalars == null ? 0.0 : plainScalars[LOSS];
        }
        return scalars == null ? 0.0 : scalars.get(LOSS);
    }

    /** The correctly rounded weight sum. */
    public double weightSum() {
        if (mergeKind == Merge.PLAIN_DOUBLE) {
            return plainScalars == null ? 0.0 : plainScalars[WEIGHT];
        }
        return scalars == null ? 0.0 : scalars.get(WEIGHT);
    }

    /** The correctly rounded vector sums (zeros when nothing was added); a fresh array. */
    public double[] vectorSum() {
        if (mergeKind == Merge.PLAIN_DOUBLE) {
            return plainVector == null ? new double[dimension] : plainVector.clone();
        }
        return vector == null ? new double[dimension] : vector.toDoubleArray();
    }
}
