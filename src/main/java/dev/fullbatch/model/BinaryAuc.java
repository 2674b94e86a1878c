package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.engine.SliceableAggregator;
import java.util.ArrayList;
import java.util.List;

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

    /** AUC of {@code model} with {@code parameters} on {@code data}; labels greater than 0 are positive. */
    public static double compute(BlockPasses data, BlockObjective model, double[] parameters) {
        double[] range = data.reduce(new ScoreRange(model), parameters, "AUC: score range");
        return fromHistogram(data.reduce(new ScoreHistogram(model, range[0], range[1] - range[0]), parameters,
                "AUC: score histogram"));
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

    /** The smallest and largest score, {@code {lo, hi}}: minima and maxima merge in any order alike. */
    private record ScoreRange(BlockObjective model) implements BlockAggregator<double[]> {
        @Override
        public double[] zero() {
            return new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        }

        @Override
        public double[] add(double[] range, Block block, double[] parameters) {
            double[] m = new double[block.rows()];
            model.margins(block, parameters, m);
            for (double v : m) {
                range[0] = Math.min(range[0], v);
                range[1] = Math.max(range[1], v);
            }
            return range;
        }

        @Override
        public double[] merge(double[] left, double[] right) {
            return new double[] {Math.min(left[0], right[0]), Math.max(left[1], right[1])};
        }
    }

    /**
     * Counts of negatives and positives per score bin, interleaved: 2 x {@value #BINS} exact counts, wide enough
     * (a megabyte) to be merged through the tree and sliced like a wide gradient.
     */
    private record ScoreHistogram(BlockObjective model, double lo, double span)
            implements SliceableAggregator<long[]> {
        @Override
        public long[] zero() {
            return new long[2 * BINS];
        }

        @Override
        public long[] add(long[] counts, Block block, double[] parameters) {
            double[] m = new double[block.rows()];
            model.margins(block, parameters, m);
            double[] labels = block.labels();
            for (int i = 0; i < m.length; i++) {
                int bin = span > 0 ? (int) Math.min(BINS - 1, (m[i] - lo) / span * BINS) : 0;
                counts[2 * bin + (labels[i] > 0 ? 1 : 0)]++;
            }
            return counts;
        }

        @Override
        public long[] merge(long[] left, long[] right) {
            for (int i = 0; i < left.length; i++) {
                left[i] += right[i];
            }
            return left;
        }

        @Override
        public int width() {
            return 2 * BINS;
        }

        @Override
        public List<long[]> split(long[] counts, int parts) {
            int[] bounds = PartialSumsAggregator.sliceBounds(counts.length, parts);
            List<long[]> slices = new ArrayList<>(parts);
            for (int i = 0; i < parts; i++) {
                slices.add(java.util.Arrays.copyOfRange(counts, bounds[i], bounds[i + 1]));
            }
            return slices;
        }

        /** The counts as doubles, exact below 2^53 rows. */
        @Override
        public double[] finish(long[] slice) {
            double[] out = new double[slice.length];
            for (int i = 0; i < slice.length; i++) {
                out[i] = slice[i];
            }
            return out;
        }

        @Override
        public long[] assemble(List<double[]> finished) {
            long[] counts = new long[2 * BINS];
            int at = 0;
            for (double[] slice : finished) {
                for (double c : slice) {
                    counts[at++] = (long) c;
                }
            }
            return counts;
        }
    }
}
