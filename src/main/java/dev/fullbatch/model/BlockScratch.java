package dev.fullbatch.model;

import java.util.Arrays;

/**
 * The current block's sums, compensated (double-double), before {@link #foldInto} moves them into a partial's
 * accumulator at the block's end: the loss sum, the weight sum and row count, and the vector.
 *
 * <p>The vector is paged ({@value #PAGE} components a page, allocated on first touch) and remembers which components
 * the block touched, so folding visits only those, in index order: a pass over sparse data costs in proportion to
 * its nonzeros, not to the dimension times the number of tasks. Lives in one task, never travels (a partial rebuilds
 * it lazily); not thread-safe.
 */
final class BlockScratch {
    /** Components per page (one {@code long} of touched bits). */
    static final int PAGE = 64;
    private static final int PAGE_SHIFT = 6;

    private final int dimension;
    /** Page p holds the block's compensated sums of components 64p .. 64p+63 as (hi, lo) pairs. */
    private double[][] pages;
    /** Bit o of pageBits[p]: component 64p + o was added to in the current block. */
    private long[] pageBits;
    /** The pages touched in the current block, in first-touch order. */
    private int[] touchedPages;
    private int touchedPageCount;
    private double lossHi;
    private double lossLo;
    private double weightHi;
    private double weightLo;
    private long rows;

    /** @param dimension the vector's length */
    BlockScratch(int dimension) {
        this.dimension = dimension;
    }

    private void ensurePages() {
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

    /** Adds {@code value} to component {@code j}'s compensated sum. */
    void add(int j, double value) {
        if (pages == null) {
            ensurePages();
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

    /** Adds a whole vector {@code chunk[0 .. dimension-1]}. */
    void addAll(double[] chunk) {
        if (pages == null) {
            ensurePages();
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

    /** Adds to the loss sum. */
    void addLoss(double value) {
        double s = lossHi + value;
        double bp = s - lossHi;
        lossLo += (lossHi - (s - bp)) + (value - bp);
        lossHi = s;
    }

    /** Adds to the weight sum and counts {@code rowCount} rows. */
    void addWeight(double value, int rowCount) {
        double s = weightHi + value;
        double bp = s - weightHi;
        weightLo += (weightHi - (s - bp)) + (value - bp);
        weightHi = s;
        rows += rowCount;
    }

    /**
     * Moves the block's loss and weight sums into {@code totals}, and with {@code withVector} its vector (the
     * touched components, in index order), and clears everything for the next block.
     *
     * @return the block's row count
     */
    long foldInto(SumsAccumulator totals, boolean withVector) {
        totals.addScalars(lossHi, lossLo, weightHi, weightLo);
        long n = rows;
        lossHi = lossLo = weightHi = weightLo = 0;
        rows = 0;
        if (!withVector || touchedPageCount == 0) {
            return n;
        }
        // Visit the touched components in index order: the accumulators are far larger than the caches for wide
        // models, and a monotone sweep lets the hardware prefetch where a random order would miss every time.
        if ((long) touchedPageCount * PAGE > pages.length) {
            for (int p = 0; p < pages.length; p++) {
                if (pageBits[p] != 0) {
                    foldPage(p, totals);
                }
            }
        } else {
            Arrays.sort(touchedPages, 0, touchedPageCount);
            for (int t = 0; t < touchedPageCount; t++) {
                foldPage(touchedPages[t], totals);
            }
        }
        touchedPageCount = 0;
        return n;
    }

    private void foldPage(int p, SumsAccumulator totals) {
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
            totals.addCompensated(first + o, hi, lo);
        }
    }
}
