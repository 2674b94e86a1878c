package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import dev.fullbatch.model.BlockObjective;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The area under the ROC curve of a binary model, from a histogram of its scores: two passes (score range, then
 * per-bin counts of positives and negatives in {@value #BINS} equal bins), merged as exact integer counts, so the
 * result is deterministic. Pairs of rows whose scores share a bin count as ties (one half), which bounds the
 * error by the fraction of positive-negative pairs sharing a bin (in practice below 1e-4). A reporting metric;
 * sorting every score through a shuffle (what MLlib's exact metric does) cost far more than training here.
 */
public final class BinaryAuc {
    /** Histogram resolution. */
    public static final int BINS = 1 << 16;

    private BinaryAuc() {
    }

    /** AUC of {@code model} with {@code parameters} on {@code blocks}; labels greater than 0 are positive. */
    public static double compute(JavaSparkContext jsc, JavaRDD<Block> blocks, BlockObjective model,
                                 double[] parameters) {
        Broadcast<double[]> p = jsc.broadcast(parameters.clone());
        try {
            jsc.setJobDescription("AUC: score range");
            double[] range = blocks.map(block -> {
                double[] m = new double[block.rows()];
                model.margins(block, p.value(), m);
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (double v : m) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                return new double[] {lo, hi};
            }).reduce((a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            double lo = range[0];
            double width = range[1] - range[0];
            jsc.setJobDescription("AUC: score histogram");
            long[] counts = blocks.treeAggregate(new long[0], (acc, block) -> {
                long[] c = acc.length == 0 ? new long[2 * BINS] : acc;
                double[] m = new double[block.rows()];
                model.margins(block, p.value(), m);
                double[] labels = block.labels();
                for (int i = 0; i < m.length; i++) {
                    int bin = width > 0 ? (int) Math.min(BINS - 1, (m[i] - lo) / width * BINS) : 0;
                    c[2 * bin + (labels[i] > 0 ? 1 : 0)]++;
                }
                return c;
            }, (a, b) -> {
                if (a.length == 0) {
                    return b;
                }
                if (b.length == 0) {
                    return a;
                }
                for (int i = 0; i < a.length; i++) {
                    a[i] += b[i];
                }
                return a;
            }, 2);
            return fromHistogram(counts);
        } finally {
            jsc.setJobDescription(null);
            p.destroy();
        }
    }

    /** AUC from interleaved (negative, positive) counts per ascending score bin; NaN without both classes. */
    static double fromHistogram(long[] counts) {
        double pairs = 0;
        long negativesBelow = 0;
        long positives = 0;
        long negatives = 0;
        for (int b = 0; 2 * b < counts.length; b++) {
            long neg = counts[2 * b];
            long pos = counts[2 * b + 1];
            pairs += (double) pos * negativesBelow + 0.5 * pos * neg;
            negativesBelow += neg;
            positives += pos;
            negatives += neg;
        }
        return positives == 0 || negatives == 0 ? Double.NaN : pairs / ((double) positives * negatives);
    }
}
