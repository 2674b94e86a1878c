package dev.fullbatch.model;

import dev.fullbatch.data.ColumnWindows;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A task's running sums of single adds to a wide vector: for every component, a running double sum {@code s} and a
 * running sum {@code c} of the exact rounding errors of the steps of {@code s} (Knuth's error-free TwoSum); the rare
 * rounding error of a step of {@code c}, and any step that could overflow (or a non-finite value), goes to the
 * accumulator at once. So {@code s + c + (what went to the accumulator)} is at every moment the exact sum of the
 * values added, whatever their order.
 *
 * <p>A wide sparse block touches most of its components once, so per-block sums would save nothing, and folding
 * every product into an exact accumulator (megabytes, far beyond the caches) would cost a cache miss and dozens of
 * instructions per value. Instead the adds are deferred and run window by window ({@value #WINDOW} components, 128 KB
 * of pairs: the L2 cache), each window's pairs copied into one flat array while its adds run. Deferred adds are either
 * listed one by one ({@link #add}, {@link #addProducts}: partitioned by window when run) or whole blocks' products
 * ({@link #addWindowed}: the block's nonzeros come ordered by window, kept with the cached block, and only its rows'
 * derivatives are held). Pages of pairs are allocated on first touch; they travel with the partial in
 * {@link RunningSumsCodec}'s compact form.
 *
 * <p>Not thread-safe: one instance per partial.
 */
final class RunningSums implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Components per page of pairs. */
    static final int PAGE = 64;
    private static final int PAGE_SHIFT = 6;
    /** log2 of {@link #WINDOW}; blocks' {@link ColumnWindows} are built with it so that their windows line up. */
    static final int WINDOW_SHIFT = 13;
    /** Components per window when listed adds are run. */
    static final int WINDOW = 1 << WINDOW_SHIFT;
    /**
     * Listed adds after which they are run: enough that each window takes many while cached. 12 bytes each in the
     * list and 12 in its partitioned copy: about 25 MB per task for a wide sparse model.
     */
    static final int PENDING_LIMIT = 1 << 20;
    /**
     * Nonzeros of deferred block products ({@link #addWindowed}) after which they are run. Only the blocks'
     * per-row derivatives are held meanwhile (8 bytes a row and output): at 30 nonzeros a row, 17 MB.
     */
    static final long WINDOWED_LIMIT = 1L << 26;

    private final int dimension;
    private final int pendingLimit;
    /** Where rounding errors that TwoSum cannot keep go (the owning partial's accumulator). */
    private final SumsAccumulator overflow;
    /** Page p holds (s, c) pairs of components 64p .. 64p+63; null until touched. Written by the codec. */
    private transient double[][] pages;
    /** Adds not yet run, in call order, and their copy partitioned by window (reused). */
    private transient int[] pendingIndex;
    private transient double[] pendingValue;
    private transient int pendingCount;
    private transient int[] sortedIndex;
    private transient double[] sortedValue;
    private transient int[] windowStart;
    /**
     * Deferred block products ({@link #addWindowed}): for job i, {@code g[i][row * stride[i] + output[i]] * x} into
     * component {@code offset[i] + column} for every entry of {@code windows[i]}.
     */
    private transient ColumnWindows[] jobWindows;
    private transient double[][] jobG;
    private transient int[] jobStride;
    private transient int[] jobOutput;
    private transient int[] jobOffset;
    private transient int jobCount;
    private transient long jobEntries;
    /** The pairs of the window being run ({@link #loadWindow}), reused. */
    private transient double[] windowPairs;

    /**
     * @param dimension the vector's length
     * @param pendingLimit adds listed before they are run (tests use small values)
     * @param overflow the accumulator that takes what the pairs cannot hold exactly
     */
    RunningSums(int dimension, int pendingLimit, SumsAccumulator overflow) {
        this.dimension = dimension;
        this.pendingLimit = pendingLimit;
        this.overflow = overflow;
    }

    /** Lists {@code value} for component {@code j}. */
    void add(int j, double value) {
        if (pendingIndex == null || pendingCount == pendingIndex.length) {
            makeRoom();
        }
        pendingIndex[pendingCount] = j;
        pendingValue[pendingCount++] = value;
    }

    /**
     * Lists {@code g * x[q]} for component {@code offset + columns[q]}, for q in {@code from .. to-1} in order: one
     * sparse row's products, as many {@link #add} calls would, with the room checked once for the row.
     */
    void addProducts(int offset, int[] columns, double[] x, int from, int to, double g) {
        if (!ensureRoom(to - from)) {
            for (int q = from; q < to; q++) {
                add(offset + columns[q], g * x[q]);
            }
            return;
        }
        int[] index = pendingIndex;
        double[] value = pendingValue;
        int count = pendingCount;
        for (int q = from; q < to; q++) {
            index[count] = offset + columns[q];
            value[count++] = g * x[q];
        }
        pendingCount = count;
    }

    /** {@link #addProducts(int, int[], double[], int, int, double)} on float values (each widened exactly). */
    void addProducts(int offset, int[] columns, float[] x, int from, int to, double g) {
        if (!ensureRoom(to - from)) {
            for (int q = from; q < to; q++) {
                add(offset + columns[q], g * x[q]);
            }
            return;
        }
        int[] index = pendingIndex;
        double[] value = pendingValue;
        int count = pendingCount;
        for (int q = from; q < to; q++) {
            index[count] = offset + columns[q];
            value[count++] = g * x[q];
        }
        pendingCount = count;
    }

    /**
     * Defers the products of a whole block: {@code g[row * stride + output] * x} for component {@code offset +
     * column}, for every nonzero (row, column, x) of {@code windows} whose {@code g} is not zero (as
     * {@link #addProducts} skips the rows of a zero derivative), run at the next {@link #flush()} window by window
     * together with every other deferred block and listed add. {@code g} is kept, not copied: the caller hands it
     * over and must not change it.
     */
    void addWindowed(ColumnWindows windows, double[] g, int stride, int output, int offset) {
        if (jobWindows == null || jobCount == jobWindows.length) {
            int n = jobWindows == null ? 16 : 2 * jobCount;
            jobWindows = jobWindows == null ? new ColumnWindows[n] : Arrays.copyOf(jobWindows, n);
            jobG = jobG == null ? new double[n][] : Arrays.copyOf(jobG, n);
            jobStride = jobStride == null ? new int[n] : Arrays.copyOf(jobStride, n);
            jobOutput = jobOutput == null ? new int[n] : Arrays.copyOf(jobOutput, n);
            jobOffset = jobOffset == null ? new int[n] : Arrays.copyOf(jobOffset, n);
        }
        jobWindows[jobCount] = windows;
        jobG[jobCount] = g;
        jobStride[jobCount] = stride;
        jobOutput[jobCount] = output;
        jobOffset[jobCount++] = offset;
        jobEntries += windows.entries().length;
        if (jobEntries >= WINDOWED_LIMIT) {
            flush();
        }
    }

    /**
     * Makes room for {@code n} more listed adds (growing the list up to its limit, running it when full), or returns
     * false when {@code n} exceeds the limit (the caller then adds one at a time).
     */
    private boolean ensureRoom(int n) {
        int length = pendingIndex == null ? 0 : pendingIndex.length;
        if (length - pendingCount >= n) {
            return true;
        }
        if (n > pendingLimit) {
            return false;
        }
        if (length < pendingLimit) {
            int grown = Math.min(pendingLimit, Math.max(pendingCount + n, Math.max(Math.min(4096, pendingLimit),
                    2 * length)));
            pendingIndex = pendingIndex == null ? new int[grown] : Arrays.copyOf(pendingIndex, grown);
            pendingValue = pendingValue == null ? new double[grown] : Arrays.copyOf(pendingValue, grown);
            if (grown - pendingCount >= n) {
                return true;
            }
        }
        flush(); // the list is at its limit, at least n long
        return true;
    }

    private void makeRoom() {
        if (pendingIndex != null && pendingIndex.length >= pendingLimit) {
            flush();
            return;
        }
        int n = pendingIndex == null ? Math.min(4096, pendingLimit) : Math.min(pendingLimit, 2 * pendingIndex.length);
        pendingIndex = pendingIndex == null ? new int[n] : Arrays.copyOf(pendingIndex, n);
        pendingValue = pendingValue == null ? new double[n] : Arrays.copyOf(pendingValue, n);
    }

    /**
     * Runs the listed adds and the deferred block products: the listed adds partitioned by window (counting sort),
     * then window by window into the window's pairs, with each window's share of every deferred block (the blocks
     * come ordered by window already). Deferred blocks whose offset does not line up with the windows run after,
     * window by window of their own, straight into the pages.
     */
    void flush() {
        int n = pendingCount;
        if (n == 0 && jobCount == 0) {
            return;
        }
        int windows = ((dimension - 1) >>> WINDOW_SHIFT) + 1;
        if (windowStart == null) {
            windowStart = new int[windows + 1];
        }
        if (n > 0 && (sortedIndex == null || sortedIndex.length < n)) {
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
        if (pages == null) {
            pages = new double[pageCount()][];
        }
        if (windowPairs == null) {
            windowPairs = new double[2 * WINDOW];
        }
        double[] pairs = windowPairs;
        for (int w = 0, from = 0; w < windows; w++) {
            int to = start[w];
            boolean loaded = false;
            if (to > from) {
                loadWindow(w, pairs);
                loaded = true;
            }
            for (int i = from; i < to; i++) {
                addInWindow(pairs, si[i], sv[i]);
            }
            from = to;
            for (int t = 0; t < jobCount; t++) {
                ColumnWindows cw = jobWindows[t];
                int offset = jobOffset[t];
                if (!aligned(cw, offset)) {
                    continue;
                }
                int own = w - (offset >>> WINDOW_SHIFT);
                if (own < 0 || own >= cw.windows() || cw.windowStart()[own] == cw.windowStart()[own + 1]) {
                    continue;
                }
                if (!loaded) {
                    loadWindow(w, pairs);
                    loaded = true;
                }
                runWindow(cw, own, jobG[t], jobStride[t], jobOutput[t], pairs, w << WINDOW_SHIFT);
            }
            if (loaded) {
                storeWindow(w, pairs);
            }
        }
        for (int t = 0; t < jobCount; t++) {
            ColumnWindows cw = jobWindows[t];
            for (int own = 0; !aligned(cw, jobOffset[t]) && own < cw.windows(); own++) {
                runUnaligned(cw, own, jobG[t], jobStride[t], jobOutput[t], jobOffset[t]);
            }
        }
        pendingCount = 0;
        if (jobCount > 0) { // the blocks' derivatives are garbage now; the windows belong to cached blocks
            Arrays.fill(jobWindows, 0, jobCount, null);
            Arrays.fill(jobG, 0, jobCount, null);
        }
        jobCount = 0;
        jobEntries = 0;
    }

    /**
     * Copies window {@code w}'s pairs into {@code pairs} (zeros for pages not yet allocated): the window's adds then
     * run on one flat, cached array (measured on one thread: half the time of finding each component's page), and
     * the sequential copy streams the pairs into the caches.
     */
    private void loadWindow(int w, double[] pairs) {
        int first = w << (WINDOW_SHIFT - PAGE_SHIFT);
        int last = Math.min(pages.length, first + (1 << (WINDOW_SHIFT - PAGE_SHIFT)));
        for (int p = first; p < last; p++) {
            double[] page = pages[p];
            int at = (p - first) * 2 * PAGE;
            if (page != null) {
                System.arraycopy(page, 0, pairs, at, 2 * PAGE);
            } else {
                Arrays.fill(pairs, at, at + 2 * PAGE, 0.0);
            }
        }
    }

    /** Copies {@code pairs} back into window {@code w}'s pages, allocating those that now hold something. */
    private void storeWindow(int w, double[] pairs) {
        int first = w << (WINDOW_SHIFT - PAGE_SHIFT);
        int last = Math.min(pages.length, first + (1 << (WINDOW_SHIFT - PAGE_SHIFT)));
        for (int p = first; p < last; p++) {
            int at = (p - first) * 2 * PAGE;
            if (pages[p] == null) {
                boolean empty = true;
                for (int i = at; i < at + 2 * PAGE && empty; i++) {
                    empty = pairs[i] == 0.0;
                }
                if (empty) {
                    continue; // a wide model's window may hold few touched pages: the others stay unallocated
                }
                pages[p] = new double[2 * PAGE];
            }
            System.arraycopy(pairs, at, pages[p], 0, 2 * PAGE);
        }
    }

    /** Whether a deferred block's windows coincide with the pairs' windows (offset 0 or a multiple of a window). */
    private static boolean aligned(ColumnWindows cw, int offset) {
        return cw.shift() == WINDOW_SHIFT && (offset & (WINDOW - 1)) == 0;
    }

    /**
     * One window of a deferred block's products into the loaded window {@code pairs}, whose first component is
     * {@code base} (the block's window lines up with it).
     */
    private void runWindow(ColumnWindows cw, int w, double[] g, int stride, int output, double[] pairs, int base) {
        int shift = cw.shift();
        int mask = (1 << shift) - 1;
        int[] entries = cw.entries();
        int from = cw.windowStart()[w];
        int to = cw.windowStart()[w + 1];
        double[] vd = cw.values();
        if (vd != null) {
            for (int i = from; i < to; i++) {
                int e = entries[i];
                double gi = g[(e >>> shift) * stride + output];
                if (gi != 0.0) {
                    addInWindow(pairs, base + (e & mask), gi * vd[i]);
                }
            }
        } else {
            float[] vf = cw.floatValues();
            for (int i = from; i < to; i++) {
                int e = entries[i];
                double gi = g[(e >>> shift) * stride + output];
                if (gi != 0.0) {
                    addInWindow(pairs, base + (e & mask), gi * vf[i]);
                }
            }
        }
    }

    /** One window of a deferred block's products whose offset is off the windows, straight into the pages. */
    private void runUnaligned(ColumnWindows cw, int w, double[] g, int stride, int output, int offset) {
        int shift = cw.shift();
        int mask = (1 << shift) - 1;
        int base = offset + (w << shift);
        int[] entries = cw.entries();
        for (int i = cw.windowStart()[w]; i < cw.windowStart()[w + 1]; i++) {
            int e = entries[i];
            double gi = g[(e >>> shift) * stride + output];
            if (gi != 0.0) {
                addRunning(base + (e & mask), gi * (cw.values() != null ? cw.values()[i] : cw.floatValues()[i]));
            }
        }
    }

    private int pageCount() {
        return (dimension + PAGE - 1) >>> PAGE_SHIFT;
    }

    /**
     * {@link #addRunning}'s TwoSum step on the loaded window's pairs ({@link #loadWindow}): component {@code j} is
     * the pair at {@code 2 * (j mod WINDOW)}.
     */
    private void addInWindow(double[] pairs, int j, double value) {
        step(pairs, (j & (WINDOW - 1)) << 1, j, value);
    }

    /** One TwoSum step of component {@code j}'s pair, at once. */
    private void addRunning(int j, double value) {
        if (pages == null) {
            pages = new double[pageCount()][];
        }
        int p = j >>> PAGE_SHIFT;
        double[] page = pages[p];
        if (page == null) {
            page = new double[2 * PAGE];
            pages[p] = page;
        }
        step(page, (j & (PAGE - 1)) << 1, j, value);
    }

    /**
     * Adds {@code value} to component {@code j}'s pair, held at {@code pairs[o]} (the sum) and {@code pairs[o + 1]}
     * (the running sum of its steps' rounding errors), by two TwoSum steps; what neither can keep goes to the
     * accumulator.
     */
    private void step(double[] pairs, int o, int j, double value) {
        double a = pairs[o];
        double s = a + value;
        double bp = s - a;
        double e = (a - (s - bp)) + (value - bp);
        if (!(Math.abs(s) + Math.abs(e) <= Double.MAX_VALUE)) {
            // A non-finite value, or a step near overflow where TwoSum is not error-free: exact, by itself.
            overflow.add(j, value);
            return;
        }
        pairs[o] = s;
        // The errors are each below 2^971, so their running sum cannot overflow in fewer than 2^52 steps.
        double c = pairs[o + 1];
        double t = c + e;
        double bq = t - c;
        double f = (c - (t - bq)) + (e - bq);
        pairs[o + 1] = t;
        if (f != 0.0) {
            overflow.add(j, f);
        }
    }

    /** Adds another partial's pairs (run first): their s and c are two more values each, in index order. */
    void merge(RunningSums other) {
        flush();
        other.flush();
        double[][] theirs = other.pages;
        if (theirs == null) {
            return;
        }
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

    /**
     * Moves the pairs of the components the accumulator already holds something for into it (rare with wide sparse
     * data), so that every remaining pair is its component's whole exact sum.
     */
    void settle() {
        flush();
        if (pages == null) {
            return;
        }
        for (int p = 0; p < pages.length; p++) {
            double[] page = pages[p];
            for (int o = 0; page != null && o < PAGE; o++) {
                int j = (p << PAGE_SHIFT) + o;
                if ((page[2 * o] != 0.0 || page[2 * o + 1] != 0.0) && !overflow.isEmpty(j)) {
                    overflow.add(j, page[2 * o]);
                    overflow.add(j, page[2 * o + 1]);
                    page[2 * o] = 0.0;
                    page[2 * o + 1] = 0.0;
                }
            }
        }
    }

    /**
     * Writes each component's {@code s + c}, rounded by one IEEE addition, where a pair holds anything (call
     * {@link #settle()} first: then that is the correctly rounded exact sum, the bits an exact accumulator would give).
     */
    void writeSums(double[] result) {
        if (pages == null) {
            return;
        }
        for (int p = 0; p < pages.length; p++) {
            double[] page = pages[p];
            for (int o = 0; page != null && o < PAGE; o++) {
                double sum = page[2 * o];
                double errors = page[2 * o + 1];
                if (sum != 0.0 || errors != 0.0) {
                    result[(p << PAGE_SHIFT) + o] = sum + errors;
                }
            }
        }
    }

    /**
     * Running sums of components {@code from .. to-1} (as components from 0; {@code from} a multiple of
     * {@value #PAGE}), whose errors go to {@code overflow}. The slice takes over these sums' pages rather than copies
     * (a wide partial's pages are megabytes, and it is cut only to be shipped): nothing may be added to or merged into
     * these sums afterwards.
     */
    RunningSums slice(int from, int to, SumsAccumulator overflow) {
        flush();
        RunningSums out = new RunningSums(to - from, PENDING_LIMIT, overflow);
        if (pages != null) {
            int firstPage = from >>> PAGE_SHIFT;
            int lastPage = (to + PAGE - 1) >>> PAGE_SHIFT;
            out.pages = java.util.Arrays.copyOfRange(pages, firstPage, lastPage);
        }
        return out;
    }

    @java.io.Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        flush();
        out.defaultWriteObject();
        RunningSumsCodec.write(pages, PAGE, out);
    }

    @java.io.Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (dimension < 0 || pendingLimit < 1 || overflow == null) {
            throw new java.io.InvalidObjectException("malformed running sums: dimension " + dimension);
        }
        pages = RunningSumsCodec.read(pageCount(), PAGE, in);
    }
}
