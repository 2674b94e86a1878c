package dev.fullbatch.report;

import java.util.Arrays;

/**
 * Chooses which points of a long series to draw. Plain striding could drop a spike, which is exactly what a person
 * looks for in a convergence plot (a diverging step, a restart), so each run of consecutive points keeps its lowest
 * and its highest value; the first and last points are always kept. Deterministic: ties keep the earliest point.
 */
final class Decimation {

    private Decimation() {
    }

    /**
     * Indices (increasing) of at most {@code limit} points of {@code values} to draw; all of them when they fit.
     *
     * @throws IllegalArgumentException if limit is below 4
     */
    static int[] keep(double[] values, int limit) {
        if (limit < 4) {
            throw new IllegalArgumentException("limit must be >= 4, got " + limit);
        }
        int n = values.length;
        if (n <= limit) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int buckets = (limit - 2) / 2;
        int[] kept = new int[limit];
        int count = 0;
        kept[count++] = 0;
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) b * (n - 2) / buckets);
            int to = 1 + (int) ((long) (b + 1) * (n - 2) / buckets);
            if (from >= to) {
                continue;
            }
            int low = from;
            int high = from;
            for (int i = from + 1; i < to; i++) {
                if (values[i] < values[low]) {
                    low = i;
                }
                if (values[i] > values[high]) {
                    high = i;
                }
            }
            kept[count++] = Math.min(low, high);
            if (low != high) {
                kept[count++] = Math.max(low, high);
            }
        }
        kept[count++] = n - 1;
        return Arrays.copyOf(kept, count);
    }
}
