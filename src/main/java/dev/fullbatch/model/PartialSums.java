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
 * to its nonzeros, not to the dimension times the number of tasks.
 *
 * <p>Wide vectors (more than {@value #DIRECT_LIMIT} components) do not take single adds into the scratch at once:
 * a random read-modify-write into megabytes of scratch, and then into the exact accumulators, misses the caches on
 * nearly every nonzero. {@link #add} appends to a list instead, and {@link #endBlock()} only marks where the block
 * ends; once the list holds enough, the blocks in it are partitioned by (component window, block) with a stable
 * counting sort, and each window's blocks are summed, one block at a time, in a cache-resident scratch and folded
 * into the window's exact accumulators while those are in the caches. Each component of each block still receives
 * its values in the order they were added, in the same compensated sum folded once per block, so the bits are those
 * of the direct path. Anything that reads or ships the sums ({@link #merge}, {@link #vectorSum}, serialization)
 * first settles what is deferred. Not thread-safe: one instance per task, as Spark's aggregate uses it.
 */
public final class PartialSums implements Serializable {
    private static final long serialVersionUID = 3L;
    private static final int LOSS = 0;
    private static final int WEIGHT = 1;
    /** Components per scratch page (one {@code long} of touched bits). */
    static final int PAGE = 64;
    private static final int PAGE_SHIFT = 6;
    /** Up to this many components, single adds go straight into the scratch (it stays in the caches). */
    static final int DIRECT_LIMIT = 1 << 14;
    /** Components per window when buffered adds are summed (128 KB of compensated sums, 256 KB of accumulators). */
    private static final int WINDOW_SHIFT = 13;
    /**
     * Buffered adds after which the complete blocks among them are summed: enough blocks that each window's
     * accumulators serve several of them. Each add takes 12 bytes in the list (which grows by doubling) and 12 more in
     * its sorted copy, so a task holds about 50 to 100 MB of buffers for a wide sparse model (2^21 adds plus the block
     * that crossed the mark), whatever the size of its partition.
     */
    static final int SETTLE_ENTRIES = 1 << 21;
    /** Sort buckets (window, block) after which the deferred blocks are summed. */
    private static final long MAX_BUCKETS = 1 << 18;

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
    private final int settleEntries;
    private long rows;
    private ExactVector scalars;
    private ExactVector vector;
    private double[] plainScalars;
    private double[] plainVector;
    /** Set only by {@link #ofTotals}: the vector part as already rounded doubles (see there). */
    private double[] roundedVector;

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
    /** Wide vectors: single adds in call order, not yet summed, for the deferred blocks and the current one. */
    private transient int[] pendingIndex;
    private transient double[] pendingValue;
    private transient int pendingCount;
    /** blockEnds[b]: the end of deferred block b's adds in the pending list. */
    private transient int[] blockEnds;
    private transient int deferredBlocks;
    /** The current block took a whole-vector chunk, so its single adds go straight into the scratch. */
    private transient boolean blockDirect;
    /** The pending adds stably sorted by (window, block), and the bucket starts (reused). */
    private transient int[] sortedIndex;
    private transient double[] sortedValue;
    private transient int[] bucketStart;
    /** A window's compensated sums as (hi, lo) pairs, and bits of the slots it touched. */
    private transient double[] window;
    private transient long[] windowBits;

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
        this(dimension, wantsVector, merge, SETTLE_ENTRIES);
    }

    /** As above, settling buffered adds after {@code settleEntries} of them (tests use small values). */
    PartialSums(int dimension, boolean wantsVector, Merge merge, int settleEntries) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, got " + dimension);
        }
        if (settleEntries < 1) {
            throw new IllegalArgumentException("settleEntries must be >= 1, got " + settleEntries);
        }
        this.dimension = dimension;
        this.wantsVector = wantsVector;
        this.mergeKind = Objects.requireNonNull(merge, "merge");
        this.settleEntries = settleEntries;
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
        if (dimension > DIRECT_LIMIT && !blockDirect) {
            if (pendingIndex == null || pendingCount == pendingIndex.length) {
                growPending();
            }
            pendingIndex[pendingCount] = j;
            pendingValue[pendingCount++] = value;
            return;
        }
        addDirect(j, value);
    }

    private void growPending() {
        int n = pendingIndex == null ? 4096 : 2 * pendingIndex.length;
        pendingIndex = pendingIndex == null ? new int[n] : Arrays.copyOf(pendingIndex, n);
        pendingValue = pendingValue == null ? new double[n] : Arrays.copyOf(pendingValue, n);
    }

    /** Adds into the paged scratch at once. */
    private void addDirect(int j, double value) {
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
        if (pendingCount > 0) {
            // Keep each component's call order: this block's single adds so far come before this chunk.
            settle();
            for (int i = 0; i < pendingCount; i++) {
                addDirect(pendingIndex[i], pendingValue[i]);
            }
            pendingCount = 0;
        }
        blockDirect = true;
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
        absorbRounded();
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
        blockDirect = false;
        if (!wantsVector) {
            pendingCount = 0;
            return;
        }
        if (pendingCount > (deferredBlocks == 0 ? 0 : blockEnds[deferredBlocks - 1])) {
            if (blockEnds == null || deferredBlocks == blockEnds.length) {
                blockEnds = blockEnds == null ? new int[16] : Arrays.copyOf(blockEnds, 2 * blockEnds.length);
            }
            blockEnds[deferredBlocks++] = pendingCount;
            // Bounded too by the sort's bucket count (windows x blocks), for very wide vectors and tiny blocks.
            if (pendingCount >= settleEntries
                    || (long) deferredBlocks * (((dimension - 1) >>> WINDOW_SHIFT) + 1) >= MAX_BUCKETS) {
                settle();
            }
        }
        if (touchedPageCount == 0) {
            return;
        }
        allocateTotals(exact);
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

    private void allocateTotals(boolean exact) {
        if (exact && vector == null) {
            vector = new ExactVector(dimension);
        } else if (!exact && plainVector == null) {
            plainVector = new double[dimension];
        }
    }

    /** Sums and folds the deferred blocks' buffered adds; the current block's adds, if any, stay pending. */
    private void settle() {
        if (deferredBlocks == 0) {
            return;
        }
        boolean exact = mergeKind == Merge.EXACT;
        allocateTotals(exact);
        int blocks = deferredBlocks;
        int end = blockEnds[blocks - 1];
        int windows = ((dimension - 1) >>> WINDOW_SHIFT) + 1;
        int buckets = windows * blocks;
        if (window == null) {
            window = new double[2 << WINDOW_SHIFT];
            windowBits = new long[1 << (WINDOW_SHIFT - 6)];
        }
        if (bucketStart == null || bucketStart.length < buckets + 1) {
            bucketStart = new int[buckets + 1];
        }
        if (sortedIndex == null || sortedIndex.length < end) {
            sortedIndex = new int[pendingIndex.length];
            sortedValue = new double[pendingIndex.length];
        }
        // A stable counting sort by (window, block): bucket w * blocks + b.
        int[] start = bucketStart;
        Arrays.fill(start, 0, buckets + 1, 0);
        for (int b = 0, i = 0; b < blocks; b++) {
            for (int stop = blockEnds[b]; i < stop; i++) {
                start[(pendingIndex[i] >>> WINDOW_SHIFT) * blocks + b + 1]++;
            }
        }
        for (int k = 0; k < buckets; k++) {
            start[k + 1] += start[k];
        }
        // Used as cursors, start[k] ends as the first slot of bucket k + 1.
        for (int b = 0, i = 0; b < blocks; b++) {
            for (int stop = blockEnds[b]; i < stop; i++) {
                int j = pendingIndex[i];
                int at = start[(j >>> WINDOW_SHIFT) * blocks + b]++;
                sortedIndex[at] = j;
                sortedValue[at] = pendingValue[i];
            }
        }
        int from = 0;
        for (int k = 0; k < buckets; k++) {
            int to = start[k];
            if (exact && k % blocks == 0 && start[k + blocks - 1] > from) {
                // The window's first block with adds: stream its accumulators in before the scattered folds.
                int first = (k / blocks) << WINDOW_SHIFT;
                vector.warm(first, Math.min(dimension, first + (1 << WINDOW_SHIFT)));
            }
            if (to > from) {
                sumBucket(from, to, (k / blocks) << WINDOW_SHIFT, exact);
            }
            from = to;
        }
        // Keep the current block's adds, which follow the deferred blocks'.
        int rest = pendingCount - end;
        System.arraycopy(pendingIndex, end, pendingIndex, 0, rest);
        System.arraycopy(pendingValue, end, pendingValue, 0, rest);
        pendingCount = rest;
        deferredBlocks = 0;
    }

    /** One block's adds to one window: summed in call order per component, each total folded once. */
    private void sumBucket(int from, int to, int first, boolean exact) {
        double[] win = window;
        long[] bits = windowBits;
        for (int i = from; i < to; i++) {
            int o = sortedIndex[i] - first;
            bits[o >>> 6] |= 1L << o;
            double v = sortedValue[i];
            double h = win[2 * o];
            double s = h + v;
            double bp = s - h;
            win[2 * o + 1] += (h - (s - bp)) + (v - bp);
            win[2 * o] = s;
        }
        for (int b = 0; b < bits.length; b++) {
            long word = bits[b];
            if (word == 0) {
                continue;
            }
            bits[b] = 0;
            while (word != 0) {
                int o = (b << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
                double hi = win[2 * o];
                double lo = win[2 * o + 1];
                win[2 * o] = 0;
                win[2 * o + 1] = 0;
                if (exact) {
                    vector.addCompensated(first + o, hi, lo);
                } else {
                    plainVector[first + o] += hi + lo;
                }
            }
        }
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

    /**
     * Sums that were already merged and rounded elsewhere (on an executor), as the engine returns them: reading them
     * gives exactly these values. Merging such an instance adds its rounded values exactly, as any other values.
     *
     * @param vector the rounded vector, length {@code dimension} (not copied: the caller hands it over)
     */
    public static PartialSums ofTotals(int dimension, long rows, double lossSum, double weightSum, double[] vector,
                                       Merge merge) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("expected a vector of " + dimension + " components, got "
                    + vector.length);
        }
        PartialSums s = new PartialSums(dimension, true, merge);
        s.rows = rows;
        if (merge == Merge.EXACT) {
            s.scalars = new ExactVector(2);
            s.scalars.add(LOSS, lossSum);
            s.scalars.add(WEIGHT, weightSum);
        } else {
            s.plainScalars = new double[] {lossSum, weightSum};
        }
        s.roundedVector = vector;
        return s;
    }

    /**
     * The first component of each of {@code parts} consecutive slices of a vector of {@code dimension} components,
     * and {@code dimension} last: page-aligned, so {@link #split} can hand whole pages over.
     */
    public static int[] sliceBounds(int dimension, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        int[] bounds = new int[parts + 1];
        for (int i = 1; i < parts; i++) {
            long even = (long) dimension * i / parts;
            bounds[i] = (int) Math.min(dimension, (even + PAGE - 1) & -(long) PAGE);
        }
        bounds[parts] = dimension;
        return bounds;
    }

    /**
     * Cuts these sums into the slices of {@link #sliceBounds}: slice i holds vector components
     * {@code bounds[i] .. bounds[i+1]-1} (as its components from 0), and slice 0 also the loss, weight and row
     * count. Merging slice i of several partials and rounding it gives exactly the same values as merging the whole
     * partials and rounding, restricted to the slice; so slices can be merged in parallel, in different places.
     */
    public PartialSums[] split(int parts) {
        if (!wantsVector) {
            throw new IllegalStateException("a loss-only partial has no vector to split");
        }
        settle();
        int[] bounds = sliceBounds(dimension, parts);
        PartialSums[] slices = new PartialSums[parts];
        for (int i = 0; i < parts; i++) {
            PartialSums slice = new PartialSums(bounds[i + 1] - bounds[i], true, mergeKind);
            if (i == 0) {
                slice.rows = rows;
                if (scalars != null) {
                    slice.scalars = new ExactVector(2);
                    slice.scalars.merge(scalars);
                }
                slice.plainScalars = plainScalars == null ? null : plainScalars.clone();
            }
            if (vector != null) {
                slice.vector = vector.range(bounds[i], bounds[i + 1]);
            }
            if (plainVector != null) {
                slice.plainVector = Arrays.copyOfRange(plainVector, bounds[i], bounds[i + 1]);
            }
            if (roundedVector != null) {
                slice.roundedVector = Arrays.copyOfRange(roundedVector, bounds[i], bounds[i + 1]);
            }
            slices[i] = slice;
        }
        return slices;
    }

    /** Moves rounded values (from {@link #ofTotals}) into the accumulators, exactly, before anything is added. */
    private void absorbRounded() {
        if (roundedVector == null) {
            return;
        }
        double[] values = roundedVector;
        roundedVector = null;
        addRounded(values);
    }

    private void addRounded(double[] values) {
        if (mergeKind == Merge.PLAIN_DOUBLE) {
            plainVector = addPlain(plainVector, values);
            return;
        }
        if (vector == null) {
            vector = new ExactVector(dimension);
        }
        for (int j = 0; j < dimension; j++) {
            vector.add(j, values[j]);
        }
    }

    /** Adds another partial's exact sums into this one; the result is independent of merge order. */
    public PartialSums merge(PartialSums other) {
        if (other.dimension != dimension || other.wantsVector != wantsVector || other.mergeKind != mergeKind) {
            throw new IllegalArgumentException("cannot merge partial sums of dimension " + other.dimension
                    + " (vector " + other.wantsVector + ", " + other.mergeKind + ") into dimension " + dimension
                    + " (vector " + wantsVector + ", " + mergeKind + ")");
        }
        settle();
        other.settle();
        absorbRounded();
        if (other.roundedVector != null) {
            addRounded(other.roundedVector);
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

    @java.io.Serial
    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        settle();
        out.defaultWriteObject();
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
        settle();
        if (roundedVector != null) {
            return roundedVector.clone();
        }
        if (mergeKind == Merge.PLAIN_DOUBLE) {
            return plainVector == null ? new double[dimension] : plainVector.clone();
        }
        return vector == null ? new double[dimension] : vector.toDoubleArray();
    }
}
