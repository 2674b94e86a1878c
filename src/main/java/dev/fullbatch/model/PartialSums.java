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
 * <p>Wide vectors (more than {@value #DIRECT_LIMIT} components) take single adds ({@link #add}) differently. A wide
 * sparse block touches most of its components once, so a per-block sum saves nothing, and folding every product
 * into the exact accumulators (megabytes, far beyond the caches) would cost a cache miss and dozens of instructions
 * per nonzero. Instead each component keeps, for the whole task, a running double sum {@code s} and a running sum
 * {@code c} of the exact rounding errors of the steps of {@code s} (Knuth's error-free TwoSum); the rare rounding
 * error of a step of {@code c} goes to the exact accumulators at once. So {@code s + c + (what went to the
 * accumulators)} is at every moment the exact sum of the values added. The pairs travel as they are (16 bytes a
 * touched component); {@link #merge} adds another partial's {@code s} and {@code c} as two more values, which keeps
 * that invariant; {@link #vectorSum} rounds {@code s + c} with one IEEE addition where the accumulators hold nothing
 * (correctly rounded, since that is the exact sum), and adds the pair to them elsewhere. As
 * {@link ExactVector} is exact, the result is the correctly rounded exact sum of every value added, whatever the order
 * of the adds, the blocks, the tasks and the merges: the same bits for any partitioning. A step that would overflow
 * (or a non-finite value) goes to the accumulators by itself. Whole-vector chunks ({@link #addAll}) still go through
 * the per-block compensated scratch. Not thread-safe: one instance per task, as Spark's aggregate uses it.
 */
public final class PartialSums implements Serializable {
    private static final long serialVersionUID = 4L;
    private static final int LOSS = 0;
    private static final int WEIGHT = 1;
    /** Components per scratch page (one {@code long} of touched bits). */
    static final int PAGE = 64;
    private static final int PAGE_SHIFT = 6;
    /** Up to this many components, single adds go straight into the scratch (it stays in the caches). */
    static final int DIRECT_LIMIT = 1 << 14;
    /** Components per window when pending single adds are run (128 KB of running sums: the L2 cache). */
    private static final int WINDOW_SHIFT = 13;
    /**
     * Pending single adds after which they are run: enough that each window takes many while cached. 12 bytes each
     * in the list and 12 in its partitioned copy: about 25 MB per task for a wide sparse model.
     */
    static final int PENDING_LIMIT = 1 << 20;
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
    private final int pendingLimit;
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
    /**
     * Wide vectors' single adds: page p holds, for components 64p .. 64p+63, the running sum s and the running sum
     * of its exact rounding errors c, as (s, c) pairs; pages are allocated on first touch and travel with the partial.
     */
    private transient double[][] running;
    /** Wide vectors' single adds not yet run, in call order, and their copy partitioned by window (reused). */
    private transient int[] pendingIndex;
    private transient double[] pendingValue;
    private transient int pendingCount;
    private transient int[] sortedIndex;
    private transient double[] sortedValue;
    private transient int[] windowStart;
    /** Where {@link #warmWindow} leaves what it read, so that the reads are not optimized away. Meaningless. */
    private transient double warmth;

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
        this(dimension, wantsVector, merge, PENDING_LIMIT);
    }

    /** As above, running pending single adds after {@code pendingLimit} of them (tests use small values). */
    PartialSums(int dimension, boolean wantsVector, Merge merge, int pendingLimit) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, got " + dimension);
        }
        if (pendingLimit < 1) {
            throw new IllegalArgumentException("pendingLimit must be >= 1, got " + pendingLimit);
        }
        this.dimension = dimension;
        this.wantsVector = wantsVector;
        this.mergeKind = Objects.requireNonNull(merge, "merge");
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

    /**
     * Adds {@code value} to vector component {@code j} (sparse kernels: only touched components are flushed). Up to
     * {@value #DIRECT_LIMIT} components, into the block's compensated sum; beyond, into the task's running sums (see
     * the class comment).
     */
    public void add(int j, double value) {
        if (dimension > DIRECT_LIMIT) {
            // A random read-modify-write into megabytes of running sums would wait for a cache miss at nearly every
            // nonzero: the adds are listed, then run window by window while each window is in the caches.
            if (pendingIndex == null || pendingCount == pendingIndex.length) {
                makeRoom();
            }
            pendingIndex[pendingCount] = j;
            pendingValue[pendingCount++] = value;
            return;
        }
        addDirect(j, value);
    }

    private void makeRoom() {
        if (pendingIndex != null && pendingIndex.length >= pendingLimit) {
            runPending();
            return;
        }
        int n = pendingIndex == null ? Math.min(4096, pendingLimit) : Math.min(pendingLimit, 2 * pendingIndex.length);
        pendingIndex = pendingIndex == null ? new int[n] : Arrays.copyOf(pendingIndex, n);
        pendingValue = pendingValue == null ? new double[n] : Arrays.copyOf(pendingValue, n);
    }

    /** Partitions the pending adds by window (counting sort) and runs them into the running sums, window by window. */
    private void runPending() {
        int n = pendingCount;
        if (n == 0) {
            return;
        }
        int windows = ((dimension - 1) >>> WINDOW_SHIFT) + 1;
        if (windowStart == null) {
            windowStart = new int[windows + 1];
        }
        if (sortedIndex == null || sortedIndex.length < n) {
            sortedIndex = new int[pendingIndex.length];
            sortedValue = new double[pendingIndex.length];
        }
        int[] index = pendingIndex;
        double[] value = pendingValue;
        int[] start = windowStart;
        Arrays.fill(start, 0);
        for (int i = 0; i < n; i++) {
            start[(index[i] >>> WINDOW_SHIFT) + 1]++;
        }
        for (int w = 0; w < windows; w++) {
            start[w + 1] += start[w];
        }
        int[] si = sortedIndex;
        double[] sv = sortedValue;
        for (int i = 0; i < n; i++) {
            int j = index[i];
            int at = start[j >>> WINDOW_SHIFT]++;
            si[at] = j;
            sv[at] = value[i];
        }
        if (mergeKind == Merge.EXACT && running == null) {
            running = new double[(dimension + PAGE - 1) >>> PAGE_SHIFT][];
        }
        for (int w = 0, from = 0; w < windows; w++) {
            int to = start[w];
            if (to > from && mergeKind == Merge.EXACT) {
                warmWindow(w);
            }
            for (int i = from; i < to; i++) {
                addRunning(si[i], sv[i]);
            }
            from = to;
        }
        pendingCount = 0;
    }

    /**
     * Reads window {@code w}'s pages of running sums in address order before its adds: a sequential sweep streams
     * them into the caches, where adds in random order would each wait for a miss. Pages nothing was added to yet
     * stay unallocated (a very wide model may touch few of a window's pages).
     */
    private void warmWindow(int w) {
        double[][] pagesOf = running;
        int first = (w << WINDOW_SHIFT) >>> PAGE_SHIFT;
        int last = Math.min(pagesOf.length, first + (1 << (WINDOW_SHIFT - PAGE_SHIFT)));
        double seen = 0;
        for (int p = first; p < last; p++) {
            double[] page = pagesOf[p];
            if (page == null) {
                continue;
            }
            for (int i = 0; i < page.length; i += 8) { // one read per 64-byte line
                seen += page[i];
            }
        }
        warmth += seen;
    }

    private void addRunning(int j, double value) {
        if (mergeKind == Merge.PLAIN_DOUBLE) {
            allocateTotals(false);
            plainVector[j] += value;
            return;
        }
        if (running == null) {
            running = new double[(dimension + PAGE - 1) >>> PAGE_SHIFT][];
        }
        int p = j >>> PAGE_SHIFT;
        double[] page = running[p];
        if (page == null) {
            page = new double[2 * PAGE];
            running[p] = page;
        }
        int o = (j & (PAGE - 1)) << 1;
        double a = page[o];
        double s = a + value;
        double bp = s - a;
        double e = (a - (s - bp)) + (value - bp);
        if (!(Math.abs(s) + Math.abs(e) <= Double.MAX_VALUE)) {
            // A non-finite value, or a step near overflow where TwoSum is not error-free: exact, by itself.
            allocateTotals(true);
            vector.add(j, value);
            return;
        }
        page[o] = s;
        // The errors are each below 2^971, so their running sum cannot overflow in fewer than 2^52 steps.
        double c = page[o + 1];
        double t = c + e;
        double bq = t - c;
        double f = (c - (t - bq)) + (e - bq);
        page[o + 1] = t;
        if (f != 0.0) {
            allocateTotals(true);
            vector.add(j, f);
        }
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
        if (!wantsVector) {
            return;
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
        runPending();
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
            if (running != null) {
                // Bounds are page-aligned: the slice takes copies of its pages of running sums.
                int firstPage = bounds[i] >>> PAGE_SHIFT;
                int lastPage = (bounds[i + 1] + PAGE - 1) >>> PAGE_SHIFT;
                slice.running = new double[lastPage - firstPage][];
                for (int q = firstPage; q < lastPage; q++) {
                    slice.running[q - firstPage] = running[q] == null ? null : running[q].clone();
                }
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
        runPending();
        other.runPending();
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
        double[][] theirs = other.running;
        if (theirs != null) {
            // Their s and c are two more values for our running sums, in index order (a sequential sweep).
            for (int p = 0; p < theirs.length; p++) {
                double[] page = theirs[p];
                if (page == null) {
                    continue;
                }
                int first = p << PAGE_SHIFT;
                for (int o = 0; o < PAGE; o++) {
                    double sum = page[2 * o];
                    double errors = page[2 * o + 1];
                    if (sum != 0.0) {
                        addRunning(first + o, sum);
                    }
                    if (errors != 0.0) {
                        addRunning(first + o, errors);
                    }
                }
            }
        }
        return this;
    }

    /**
     * Writes the fields, then the running sums of wide single adds: the pages holding any, a bit mask of their
     * nonzero components each, and those components' (s, c) pairs (as the bytes of big-endian doubles).
     */
    @java.io.Serial
    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        runPending();
        out.defaultWriteObject();
        int used = 0;
        int pairs = 0;
        long[] masks = running == null ? new long[0] : new long[running.length];
        for (int p = 0; p < masks.length; p++) {
            double[] page = running[p];
            if (page == null) {
                continue;
            }
            for (int o = 0; o < PAGE; o++) {
                if (page[2 * o] != 0.0 || page[2 * o + 1] != 0.0) {
                    masks[p] |= 1L << o;
                }
            }
            if (masks[p] != 0) {
                used++;
                pairs += Long.bitCount(masks[p]);
            }
        }
        int[] pageIndex = new int[used];
        long[] pageMask = new long[used];
        double[] values = new double[2 * pairs];
        for (int p = 0, u = 0, v = 0; p < masks.length; p++) {
            long mask = masks[p];
            if (mask == 0) {
                continue;
            }
            pageIndex[u] = p;
            pageMask[u++] = mask;
            double[] page = running[p];
            for (long m = mask; m != 0; m &= m - 1) {
                int o = Long.numberOfTrailingZeros(m);
                values[v++] = page[2 * o];
                values[v++] = page[2 * o + 1];
            }
        }
        out.writeObject(pageIndex);
        out.writeObject(pageMask);
        // As bytes: object streams copy a byte[] in bulk but convert a double[] one element at a time.
        byte[] bytes = new byte[8 * values.length];
        java.nio.ByteBuffer.wrap(bytes).asDoubleBuffer().put(values);
        out.writeObject(bytes);
    }

    @java.io.Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (dimension < 0 || mergeKind == null) {
            throw new java.io.InvalidObjectException("malformed partial sums: dimension " + dimension);
        }
        int[] pageIndex = (int[]) in.readObject();
        long[] pageMask = (long[]) in.readObject();
        byte[] bytes = (byte[]) in.readObject();
        if (bytes.length % 8 != 0) {
            throw new java.io.InvalidObjectException("malformed running sums: " + bytes.length + " bytes");
        }
        double[] values = new double[bytes.length / 8];
        java.nio.ByteBuffer.wrap(bytes).asDoubleBuffer().get(values);
        int pageCount = (dimension + PAGE - 1) >>> PAGE_SHIFT;
        if (pageIndex.length != pageMask.length) {
            throw new java.io.InvalidObjectException("malformed running sums: " + pageIndex.length + " pages, "
                    + pageMask.length + " masks");
        }
        long pairs = 0;
        for (int u = 0; u < pageIndex.length; u++) {
            if (pageIndex[u] < 0 || pageIndex[u] >= pageCount || (u > 0 && pageIndex[u] <= pageIndex[u - 1])
                    || pageMask[u] == 0) {
                throw new java.io.InvalidObjectException("malformed running sums at page " + pageIndex[u]);
            }
            pairs += Long.bitCount(pageMask[u]);
        }
        if (values.length != 2 * pairs) {
            throw new java.io.InvalidObjectException("malformed running sums: " + values.length + " values for "
                    + pairs + " components");
        }
        if (pageIndex.length == 0) {
            return;
        }
        running = new double[pageCount][];
        for (int u = 0, v = 0; u < pageIndex.length; u++) {
            double[] page = new double[2 * PAGE];
            for (long m = pageMask[u]; m != 0; m &= m - 1) {
                int o = Long.numberOfTrailingZeros(m);
                page[2 * o] = values[v++];
                page[2 * o + 1] = values[v++];
            }
            running[pageIndex[u]] = page;
        }
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
        runPending();
        if (roundedVector != null) {
            return roundedVector.clone();
        }
        if (mergeKind == Merge.PLAIN_DOUBLE) {
            return plainVector == null ? new double[dimension] : plainVector.clone();
        }
        double[][] run = running;
        if (run == null) {
            return vector == null ? new double[dimension] : vector.toDoubleArray();
        }
        // A component whose exact accumulator holds nothing sums to s + c exactly, and one IEEE addition rounds that
        // correctly: the bits the accumulator would give. The others (rare with wide sparse data) take their s and c
        // into the accumulator first.
        if (vector != null) {
            for (int p = 0; p < run.length; p++) {
                double[] page = run[p];
                for (int o = 0; page != null && o < PAGE; o++) {
                    int j = (p << PAGE_SHIFT) + o;
                    if ((page[2 * o] != 0.0 || page[2 * o + 1] != 0.0) && !vector.isEmpty(j)) {
                        vector.add(j, page[2 * o]);
                        vector.add(j, page[2 * o + 1]);
                        page[2 * o] = 0.0;
                        page[2 * o + 1] = 0.0;
                    }
                }
            }
        }
        double[] result = vector == null ? new double[dimension] : vector.toDoubleArray();
        for (int p = 0; p < run.length; p++) {
            double[] page = run[p];
            for (int o = 0; page != null && o < PAGE; o++) {
                double sum = page[2 * o];
                double errors = page[2 * o + 1];
                if (sum != 0.0 || errors != 0.0) {
                    result[(p << PAGE_SHIFT) + o] = sum + errors;
                }
            }
        }
        return result;
    }
}
