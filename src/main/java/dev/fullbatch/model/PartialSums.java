package dev.fullbatch.model;

import dev.fullbatch.math.ExactVector;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The exact partial result of a {@link BlockReduction} over some blocks: a loss sum, a weight sum, a row count and
 * (optionally) a vector, mergeable in any order with the same bits.
 *
 * <p>Kernels add into per-block compensated scratch ({@link #add}, {@link #addAll}, {@link #addLoss},
 * {@link #addWeight}) and call {@link #endBlock()}, which folds the block's totals into exact accumulators and
 * clears the scratch. Only the exact accumulators are serialized; the scratch is transient and rebuilt lazily in
 * each task. Scratch and accumulators are paged ({@value #PAGE} components a page, allocated on first touch) and
 * {@link #endBlock()} visits only the components the block touched, so a pass over sparse data costs in proportion
 * to its nonzeros, not to the dimension times the number of tasks. Not thread-safe: one instance per task, as
 * Spark's aggregate uses it.
 */
public final class PartialSums implements Serializable {
    private static final long serialVersionUID = 2L;
    private static final int LOSS = 0;
    private static final int WEIGHT = 1;
    /** Components per scratch page (one {@code long} of touched bits). */
    static final int PAGE = 64;
    private static final int PAGE_SHIFT = 6;

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

    /** Page p holds the block's compensated sums of components 64p .. 64p+63 as (hi, lo) pairs. */
    private transient double[][] pages;
    /** Bit o of pageBits[p]: component 64p + o was added to in the current block. */
    private transient long[] pageBits;
    /** The pages touched in the current block, in first-touch order. */
    private transient int[] touchedPages;
    private transient int touchedPageCount;
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
        this.mergeKind = Objects.requireNonNull(merge, "merge");
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
        if (pages == null) {
            int n = (dimension + PAGE - 1) >>> PAGE_SHIFT;
            pages = new double[n][];
            pageBits = new long[n];
            touchedPages = new int[Math.min(n, 1024)];
        }
    }

    /** Records that the current block touched page {@code p} (whose bits were all clear). */
    private double[] touch(int p) {
        if (touchedPageCount == touchedPages.length) {
            touchedPages = Arrays.copyOf(touchedPages, Math.min(pages.length, 2 * touchedPages.length));
        }
        touchedPages[touchedPageCount++] = p;
        double[] page = pages[p];
        if (page == null) {
            page = new double[2 * PAGE];
            pages[p] = page;
        }
        return page;
    }

    /** Adds {@code value} to vector component {@code j} (sparse kernels: only touched components are flushed). */
    public void add(int j, double value) {
        if (pages == null) {
            ensureScratch();
        }
        int p = j >>> PAGE_SHIFT;
        long bits = pageBits[p];
        double[] page = bits == 0 ? touch(p) : pages[p];
        pageBits[p] = bits | (1L << j);
        int o = (j & (PAGE - 1)) << 1;
        double h = page[o];
        double s = h + value;
        double bp = s - h;
        page[o + 1] += (h - (s - bp)) + (value - bp);
        page[o] = s;
    }

    /** Adds a whole run's vector partial {@code chunk[0 .. dimension-1]} (dense kernels). */
    public void addAll(double[] chunk) {
        if (pages == null) {
            ensureScratch();
        }
        for (int p = 0; p < pages.length; p++) {
            int first = p << PAGE_SHIFT;
            int n = Math.min(PAGE, dimension - first);
            double[] page = pageBits[p] == 0 ? touch(p) : pages[p];
            pageBits[p] = n == PAGE ? -1L : (1L << n) - 1;
            for (int o = 0; o < n; o++) {
                double h = page[2 * o];
                double v = chunk[first + o];
                double s = h + v;
                double bp = s - h;
                page[2 * o + 1] += (h - (s - bp)) + (v - bp);
                page[2 * o] = s;
            }
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
        boolean exact = mergeKind == Merge.EXACT;
        if (exact) {
            if (scalars == null) {
                scalars = new ExactVector(2);
            }
            scalars.addCompensated(LOSS, lossHi, lossLo);
            scalars.addCompensated(WEIGHT, weightHi, weightLo);
        } else {
            if (plainScalars == null) {
                plainScalars = new double[2];
            }
            plainScalars[LOSS] += lossHi + lossLo;
            plainScalars[WEIGHT] += weightHi + weightLo;
        }
        rows += blockRows;
        lossHi = lossLo = weightHi = weightLo = 0;
        blockRows = 0;
        if (!wantsVector || touchedPageCount == 0) {
            return;
        }
        if (exact && vector == null) {
            vector = new ExactVector(dimension);
        } else if (!exact && plainVector == null) {
            plainVector = new double[dimension];
        }
        // Visit the touched components in index order: the accumulators are far larger than the caches for wide
        // models, and a monotone sweep lets the hardware prefetch where a random order would miss every time.
        if ((long) touchedPageCount * PAGE > pages.length) {
            for (int p = 0; p < pages.length; p++) {
                if (pageBits[p] != 0) {
                    foldPage(p, exact);
                }
            }
        } else {
            Arrays.sort(touchedPages, 0, touchedPageCount);
            for (int t = 0; t < touchedPageCount; t++) {
                foldPage(touchedPages[t], exact);
            }
        }
        touchedPageCount = 0;
    }

    private void foldPage(int p, boolean exact) {
        double[] page = pages[p];
        long bits = pageBits[p];
        pageBits[p] = 0;
        int first = p << PAGE_SHIFT;
        while (bits != 0) {
            int o = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            double hi = page[2 * o];
            double lo = page[2 * o + 1];
            page[2 * o] = 0;
            page[2 * o + 1] = 0;
            if (exact) {
                vector.addCompensated(first + o, hi, lo);
            } else {
                plainVector[first + o] += hi + lo;
            }
        }
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
