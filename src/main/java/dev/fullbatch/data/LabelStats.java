package dev.fullbatch.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What the labels of some rows look like: their range, whether all are integers, and up to {@value #MAX_DISTINCT}
 * distinct values with the number of rows holding each (enough to check a classification objective's label set and
 * to weigh its classes). Immutable; merge in any order.
 *
 * @param count rows seen
 * @param min smallest label
 * @param max largest label
 * @param allIntegers whether every label is a whole number
 * @param distinct the sorted distinct labels, or null when there were more than {@value #MAX_DISTINCT}
 * @param counts the number of rows of each distinct label (same order), or null when {@code distinct} is
 */
public record LabelStats(long count, double min, double max, boolean allIntegers, double[] distinct, long[] counts)
        implements Serializable {

    /** The most distinct labels tracked. */
    public static final int MAX_DISTINCT = 1000;

    /** Validates that counts go with the distinct labels. */
    public LabelStats {
        if ((distinct == null) != (counts == null) || (distinct != null && distinct.length != counts.length)) {
            throw new IllegalArgumentException("counts must be given for each distinct label");
        }
    }

    /** Stats of no rows. */
    public static LabelStats empty() {
        return new LabelStats(0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, true, new double[0],
                new long[0]);
    }

    /** Computes the stats of {@code labels}. */
    public static LabelStats of(double[] labels) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean integers = true;
        double[] sorted = labels.clone();
        Arrays.sort(sorted);
        long[] counts = new long[sorted.length];
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            double v = sorted[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            integers &= v == Math.rint(v);
            if (i == 0 || sorted[i - 1] != v) {
                sorted[distinct++] = v;
            }
            counts[distinct - 1]++;
        }
        boolean tracked = distinct <= MAX_DISTINCT;
        return new LabelStats(labels.length, min, max, integers, tracked ? Arrays.copyOf(sorted, distinct) : null,
                tracked ? Arrays.copyOf(counts, distinct) : null);
    }

    /** The stats of both sets of rows. */
    public LabelStats merge(LabelStats other) {
        double[] union = null;
        long[] unionCounts = null;
        if (distinct != null && other.distinct != null) {
            double[] all = new double[distinct.length + other.distinct.length];
            long[] allCounts = new long[all.length];
            int n = 0;
            int a = 0;
            int b = 0;
            // Both lists are sorted: a merge keeps them sorted and adds the counts of a label found in both.
            while (a < distinct.length || b < other.distinct.length) {
                double v;
                long c;
                if (b == other.distinct.length || (a < distinct.length && distinct[a] < other.distinct[b])) {
                    v = distinct[a];
                    c = counts[a++];
                } else if (a == distinct.length || other.distinct[b] < distinct[a]) {
                    v = other.distinct[b];
                    c = other.counts[b++];
                } else {
                    v = distinct[a];
                    c = counts[a++] + other.counts[b++];
                }
                all[n] = v;
                allCounts[n++] = c;
            }
            if (n <= MAX_DISTINCT) {
                union = Arrays.copyOf(all, n);
                unionCounts = Arrays.copyOf(allCounts, n);
            }
        }
        return new LabelStats(count + other.count, Math.min(min, other.min), Math.max(max, other.max),
                allIntegers && other.allIntegers, union, unionCounts);
    }

    /** The number of rows whose label is {@code label}; needs the distinct labels (not more than MAX_DISTINCT). */
    public long countOf(double label) {
        if (distinct == null) {
            throw new IllegalStateException("more than " + MAX_DISTINCT + " distinct labels: counts are not kept");
        }
        // Compared with == and <, like the labels were when they were collected, so -0.0 and 0.0 are one label.
        int lo = 0;
        int hi = distinct.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (distinct[mid] == label) {
                return counts[mid];
            }
            if (distinct[mid] < label) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return 0;
    }
}
