package dev.fullbatch.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What the labels of some rows look like: their range, whether all are integers, and up to {@value #MAX_DISTINCT}
 * distinct values (enough to check a classification objective's label set). Immutable; merge in any order.
 *
 * @param count rows seen
 * @param min smallest label
 * @param max largest label
 * @param allIntegers whether every label is a whole number
 * @param distinct the sorted distinct labels, or null when there were more than {@value #MAX_DISTINCT}
 */
public record LabelStats(long count, double min, double max, boolean allIntegers, double[] distinct)
        implements Serializable {

    /** The most distinct labels tracked. */
    public static final int MAX_DISTINCT = 1000;

    /** Stats of no rows. */
    public static LabelStats empty() {
        return new LabelStats(0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, true, new double[0]);
    }

    /** Computes the stats of {@code labels}. */
    public static LabelStats of(double[] labels) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean integers = true;
        double[] sorted = labels.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            double v = sorted[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            integers &= v == Math.rint(v);
            if (i == 0 || sorted[i - 1] != v) {
                sorted[distinct++] = v;
            }
        }
        return new LabelStats(labels.length, min, max, integers,
                distinct > MAX_DISTINCT ? null : Arrays.copyOf(sorted, distinct));
    }

    /** The stats of both sets of rows. */
    public LabelStats merge(LabelStats other) {
        double[] union = null;
        if (distinct != null && other.distinct != null) {
            double[] all = new double[distinct.length + other.distinct.length];
            System.arraycopy(distinct, 0, all, 0, distinct.length);
            System.arraycopy(other.distinct, 0, all, distinct.length, other.distinct.length);
            Arrays.sort(all);
            int n = 0;
            for (int i = 0; i < all.length; i++) {
                if (i == 0 || all[i - 1] != all[i]) {
                    all[n++] = all[i];
                }
            }
            union = n > MAX_DISTINCT ? null : Arrays.copyOf(all, n);
        }
        return new LabelStats(count + other.count, Math.min(min, other.min), Math.max(max, other.max),
                allIntegers && other.allIntegers, union);
    }
}
