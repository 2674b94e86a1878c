package dev.fullbatch.model;

import dev.fullbatch.data.ColumnWindows;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The exact partial result of a {@link BlockReduction} over some blocks: a loss sum, a weight sum, a row count and
 * (optionally) a vector, mergeable in any order with the same bits.
 *
 * <p>Kernels add into the current block's compensated sums ({@link #add}, {@link #addAll}, {@link #addLoss},
 * {@link #addWeight}) and call {@link #endBlock()}, which folds the block's totals into the accumulator
 * ({@link ExactAccumulator}: exact sums) and clears them. Wide vectors (more than {@value #DIRECT_LIMIT} components)
 * take single adds ({@link #add}) differently: into the task's {@link RunningSums}, pairs of running sums that stay
 * equal to the exact sum, which travel with the partial and are merged as more values. {@link #vectorSum} rounds
 * each component's exact sum correctly, whatever the order of the adds, the blocks, the tasks and the merges: the same
 * bits for any partitioning. Only the accumulator and the running sums are serialized; the block's sums
 * ({@link BlockScratch}) are transient and rebuilt lazily in each task. Not thread-safe: one instance per task.
 *
 * <p>How a partial is cut into slices for a reduce-scatter, and put back together, is {@link PartialSumsAggregator}'s.
 */
public final class PartialSums implements Serializable {
    private static final long serialVersionUID = 5L;
    /** Up to this many components, single adds go straight into the block's sums (they stay in the caches). */
    static final int DIRECT_LIMIT = 1 << 14;

    private final int dimension;
    private final boolean wantsVector;
    private final int pendingLimit;
    private final SumsAccumulator totals;
    private long rows;
    /** Wide vectors' single adds; null until the first. */
    private RunningSums running;
    /** Set only by {@link #ofTotals}: the vector part as already rounded doubles (see there). */
    private double[] roundedVector;
    private transient BlockScratch block;

    /**
     * @param dimension length of the summed vector
     * @param wantsVector false for a loss-only pass (line searches), which skips the vector entirely
     */
    public PartialSums(int dimension, boolean wantsVector) {
        this(dimension, wantsVector, new ExactAccumulator(Math.max(dimension, 0)));
    }

    /**
     * A partial that keeps its sums in {@code totals} rather than exactly: for benchmarks that measure what the
     * exact accumulator costs. Training never uses it.
     *
     * @param totals a fresh accumulator of {@code dimension} components
     */
    public PartialSums(int dimension, boolean wantsVector, SumsAccumulator totals) {
        this(dimension, wantsVector, totals, RunningSums.PENDING_LIMIT);
    }

    /** As above, running listed single adds after {@code pendingLimit} of them (tests use small values). */
    PartialSums(int dimension, boolean wantsVector, int pendingLimit) {
        this(dimension, wantsVector, new ExactAccumulator(Math.max(dimension, 0)), pendingLimit);
    }

    private PartialSums(int dimension, boolean wantsVector, SumsAccumulator totals, int pendingLimit) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, got " + dimension);
        }
        if (pendingLimit < 1) {
            throw new IllegalArgumentException("pendingLimit must be >= 1, got " + pendingLimit);
        }
        this.dimension = dimension;
        this.wantsVector = wantsVector;
        this.totals = Objects.requireNonNull(totals, "totals");
        this.pendingLimit = pendingLimit;
    }

    /** Length of the summed vector. */
    public int dimension() {
        return dimension;
    }

    /** Whether kernels should compute the vector (gradient) part. */
    public boolean wantsVector() {
        return wantsVector;
    }

    private BlockScratch block() {
        if (block == null) {
            block = new BlockScratch(dimension);
        }
        return block;
    }

    /**
     * Adds {@code value} to vector component {@code j} (sparse kernels: only touched components are flushed). Up to
     * {@value #DIRECT_LIMIT} components, into the block's compensated sum; beyond, into the task's running sums (see
     * the class comment).
     */
    public void add(int j, double value) {
        if (dimension > DIRECT_LIMIT) {
            // A random read-modify-write into megabytes of running sums would wait for a cache miss at nearly every
            // nonzero: the running sums list the adds and run them window by window while each window is cached.
            running().add(j, value);
            return;
        }
        block().add(j, value);
    }

    /**
     * Adds {@code g * x[q]} to component {@code offset + columns[q]} for q in {@code from .. to-1}: one sparse row's
     * products, exactly as that many {@link #add} calls in order would.
     */
    public void addProducts(int offset, int[] columns, double[] x, int from, int to, double g) {
        if (dimension > DIRECT_LIMIT) {
            running().addProducts(offset, columns, x, from, to, g);
            return;
        }
        for (int q = from; q < to; q++) {
            block().add(offset + columns[q], g * x[q]);
        }
    }

    /** {@link #addProducts(int, int[], double[], int, int, double)} on float values (each widened exactly). */
    public void addProducts(int offset, int[] columns, float[] x, int from, int to, double g) {
        if (dimension > DIRECT_LIMIT) {
            running().addProducts(offset, columns, x, from, to, g);
            return;
        }
        for (int q = from; q < to; q++) {
            block().add(offset + columns[q], g * x[q]);
        }
    }

    /**
     * Whether {@link #addWindowedProducts} may be called: the vector is wide enough that single adds go to the running
     * sums, whose sums are exact whatever the order (the block's compensated sums below would not give the bits of
     * row order).
     */
    boolean takesWindowedProducts() {
        return dimension > DIRECT_LIMIT;
    }

    /**
     * Adds {@code g[row * stride + output] * x} to component {@code offset + column} for every nonzero (row, column,
     * x) of a block, given ordered by column window, skipping rows whose {@code g} is zero: the same values as
     * {@link #addProducts} row by row, deferred to the running sums, which run them window by window with the task's
     * other blocks ({@code g} is handed over: the caller must not change it afterwards). Only when
     * {@link #takesWindowedProducts()}.
     */
    void addWindowedProducts(ColumnWindows windows, double[] g, int stride, int output, int offset) {
        if (!takesWindowedProducts()) {
            throw new IllegalStateException("windowed products need more than " + DIRECT_LIMIT + " components, got "
                    + dimension);
        }
        running().addWindowed(windows, g, stride, output, offset);
    }

    private RunningSums running() {
        if (running == null) {
            running = new RunningSums(dimension, pendingLimit, totals);
        }
        return running;
    }

    /** Adds a whole run's vector partial {@code chunk[0 .. dimension-1]} (dense kernels). */
    public void addAll(double[] chunk) {
        block().addAll(chunk);
    }

    /** Adds to the block's weighted loss sum. */
    public void addLoss(double value) {
        block().addLoss(value);
    }

    /** Adds to the block's weight sum and counts {@code rowCount} rows. */
    public void addWeight(double value, int rowCount) {
        block().addWeight(value, rowCount);
    }

    /** Folds the current block's totals into the accumulator and clears them. */
    public void endBlock() {
        absorbRounded();
        rows += block().foldInto(totals, wantsVector);
    }

    /**
     * Sums that were already merged and rounded elsewhere (on an executor), as the engine returns them: reading them
     * gives exactly these values. Merging such an instance adds its rounded values exactly, as any other values.
     *
     * @param vector the rounded vector, length {@code dimension} (not copied: the caller hands it over)
     */
    static PartialSums ofTotals(int dimension, long rows, double lossSum, double weightSum, double[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("expected a vector of " + dimension + " components, got "
                    + vector.length);
        }
        PartialSums s = new PartialSums(dimension, true);
        s.rows = rows;
        s.totals.addScalars(lossSum, 0.0, weightSum, 0.0);
        s.roundedVector = vector;
        return s;
    }

    /**
     * Components {@code from .. to-1} of these sums (as components from 0), and with {@code first} also the loss,
     * weight and row count: merging the same slice of several partials and rounding it gives exactly the values of
     * merging the whole partials and rounding, restricted to the slice. {@code from} is a multiple of
     * {@link ExactAccumulator#PAGE}. A wide partial's running sums are handed to its slices, not copied: cut a partial
     * only when it is complete, and add nothing to it afterwards (merging it into another is fine).
     */
    PartialSums slice(int from, int to, boolean first) {
        if (!wantsVector) {
            throw new IllegalStateException("a loss-only partial has no vector to slice");
        }
        if (running != null) {
            running.flush();
        }
        PartialSums slice = new PartialSums(to - from, true, totals.slice(from, to, first));
        if (first) {
            slice.rows = rows;
        }
        if (roundedVector != null) {
            slice.roundedVector = Arrays.copyOfRange(roundedVector, from, to);
        }
        if (running != null) {
            slice.running = running.slice(from, to, slice.totals);
        }
        return slice;
    }

    /** Moves rounded values (from {@link #ofTotals}) into the accumulator, exactly, before anything is added. */
    private void absorbRounded() {
        if (roundedVector == null) {
            return;
        }
        double[] values = roundedVector;
        roundedVector = null;
        addRounded(values);
    }

    private void addRounded(double[] values) {
        for (int j = 0; j < dimension; j++) {
            totals.add(j, values[j]);
        }
    }

    /** Adds another partial's sums into this one; the result is independent of merge order. */
    public PartialSums merge(PartialSums other) {
        if (other.dimension != dimension || other.wantsVector != wantsVector
                || other.totals.getClass() != totals.getClass()) {
            throw new IllegalArgumentException("cannot merge partial sums of dimension " + other.dimension
                    + " (vector " + other.wantsVector + ", " + other.totals.getClass().getSimpleName()
                    + ") into dimension " + dimension + " (vector " + wantsVector + ", "
                    + totals.getClass().getSimpleName() + ")");
        }
        if (running != null) {
            running.flush();
        }
        if (other.running != null) {
            other.running.flush();
        }
        absorbRounded();
        if (other.roundedVector != null) {
            addRounded(other.roundedVector);
        }
        rows += other.rows;
        totals.merge(other.totals);
        if (other.running != null) {
            if (running == null) {
                running = new RunningSums(dimension, pendingLimit, totals);
            }
            running.merge(other.running);
        }
        return this;
    }

    @java.io.Serial
    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        // Running the listed adds may add to the accumulator: before anything is written.
        if (running != null) {
            running.flush();
        }
        out.defaultWriteObject();
    }

    @java.io.Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (dimension < 0 || pendingLimit < 1 || totals == null) {
            throw new java.io.InvalidObjectException("malformed partial sums: dimension " + dimension);
        }
    }

    /** Rows seen. */
    public long rows() {
        return rows;
    }

    /** The correctly rounded weighted loss sum. */
    public double lossSum() {
        return totals.lossSum();
    }

    /** The correctly rounded weight sum. */
    public double weightSum() {
        return totals.weightSum();
    }

    /** The correctly rounded vector sums (zeros when nothing was added); a fresh array. */
    public double[] vectorSum() {
        if (running != null) {
            running.flush();
        }
        if (roundedVector != null) {
            return roundedVector.clone();
        }
        if (running == null) {
            return totals.vector();
        }
        // A component whose accumulator holds nothing sums to s + c exactly, and one IEEE addition rounds that
        // correctly: the bits the accumulator would give. The others take their s and c into the accumulator first.
        running.settle();
        double[] result = totals.vector();
        running.writeSums(result);
        return result;
    }
}
