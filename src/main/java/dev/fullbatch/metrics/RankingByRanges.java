package dev.fullbatch.metrics;

import dev.fullbatch.data.Block;
import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.math.DeterministicMath;
import dev.fullbatch.math.ExactSums;
import dev.fullbatch.model.BlockObjective;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * The distributed route of the ranking metrics ({@link ScoreRanking}), for a binary model whose data has more
 * distinct scores than the driver's budget: one pass counts the rows per score bucket (the top 16 bits of the
 * sortable key: 65,536 buckets, integer counts), consecutive buckets are grouped into score ranges of at most
 * {@code budget} rows (so at most that many distinct scores; a bucket holding more is counted again by its next 16
 * bits, down to single scores), and one pass per range ranks just its rows, unbounded. The ranges are scanned from the highest down, each from the
 * exact totals of the ranges above it ({@link RankingScan#range}), and the scans merged: the same bits as one scan of
 * the whole ranking, for any partitioning. Costs a counting pass (more where a bucket is cut again) plus one per range; the driver holds one range at a time.
 */
public final class RankingByRanges {
    private static final int BUCKET_BITS = 16;
    private static final int BUCKETS = 1 << BUCKET_BITS;

    private RankingByRanges() {
    }

    /**
     * The ranking metrics of a binary model on {@code data}, range by range.
     *
     * @param model scores blocks (one margin per row, read through the logistic link as {@link BinarySummary} does)
     * @param budget the most rows a range's pass may rank (at least 1)
     */
    public static RankingScan scan(BlockPasses data, BlockObjective model, double[] parameters, int budget) {
        List<long[]> ranges = new ArrayList<>();
        ExactSums totals = plan(data, model, parameters, budget, Long.MIN_VALUE, 64 - BUCKET_BITS, ranges);
        ExactSums above = new ExactSums(2);
        RankingScan scan = null;
        for (int r = ranges.size() - 1; r >= 0; r--) {
            ScoreRanking range = data.reduce(new RangeRanking(model, ranges.get(r)[0], ranges.get(r)[1]),
                    parameters, "ranking metrics: score range " + (ranges.size() - r) + "/" + ranges.size());
            RankingScan part = RankingScan.range(range, above, totals);
            scan = scan == null ? part : scan.merge(part);
            ExactSums t = range.totals();
            above.addComponent(0, t, 0);
            above.addComponent(1, t, 1);
        }
        return scan;
    }

    /**
     * Cuts the keys [lo, lo + 2^(shift+16)) into ranges of at most {@code budget} rows, ascending, appended to
     * {@code ranges} as inclusive [from, to] sortable keys: one counting pass over 65,536 buckets of 2^shift keys;
     * a bucket with more rows than the budget is cut again with 16 bits more (down to single keys, one distinct
     * score each, which always fit).
     *
     * @return the exact total negative (component 0) and positive (1) weight of the rows counted
     */
    private static ExactSums plan(BlockPasses data, BlockObjective model, double[] parameters, int budget, long lo,
                             int shift, List<long[]> ranges) {
        Histogram histogram = data.reduce(new BucketCounts(model, lo, shift), parameters,
                "ranking metrics: score buckets");
        long[] counts = histogram.counts();
        long groupFrom = lo;
        long rows = 0;
        for (int b = 0; b < BUCKETS; b++) {
            long from = lo + ((long) b << shift);
            long to = from + ((1L << shift) - 1);
            if (counts[b] > budget && shift > 0) {
                if (rows > 0) {
                    ranges.add(new long[] {groupFrom, from - 1});
                }
                plan(data, model, parameters, budget, from, shift - BUCKET_BITS, ranges);
                rows = 0;
                groupFrom = to + 1;
                continue;
            }
            if (rows > 0 && rows + counts[b] > budget) {
                ranges.add(new long[] {groupFrom, from - 1});
                groupFrom = from;
                rows = 0;
            }
            rows += counts[b];
        }
        if (rows > 0) {
            ranges.add(new long[] {groupFrom, lo + ((long) (BUCKETS - 1) << shift) + ((1L << shift) - 1)});
        }
        return histogram.totals();
    }

    /** Rows per bucket, and the exact negative and positive weight of the rows counted. */
    private record Histogram(long[] counts, ExactSums totals) implements java.io.Serializable {
    }

    private static double[] probabilities(BlockObjective model, Block block, double[] parameters) {
        double[] p = new double[block.rows()];
        model.margins(block, parameters, p);
        for (int i = 0; i < p.length; i++) {
            p[i] = DeterministicMath.sigmoid(p[i]);
        }
        return p;
    }

    /** Rows of positive weight per bucket of 2^shift keys from lo; rows outside the 65,536 buckets are left out. */
    private record BucketCounts(BlockObjective model, long lo, int shift) implements BlockAggregator<Histogram> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Histogram zero() {
            return new Histogram(new long[BUCKETS], new ExactSums(2));
        }

        @Override
        public Histogram add(Histogram partial, Block block, double[] parameters) {
            double[] p = probabilities(model, block, parameters);
            double[] w = block.weights();
            double[] labels = block.labels();
            for (int i = 0; i < p.length; i++) {
                long offset = ScoreRanking.key(p[i]) - lo;
                if ((w == null || w[i] != 0) && (shift + BUCKET_BITS == 64 || offset >>> (shift + BUCKET_BITS) == 0)) {
                    partial.counts()[(int) (offset >>> shift)]++;
                    partial.totals().add(labels[i] > 0 ? 1 : 0, w == null ? 1.0 : w[i]);
                }
            }
            return partial;
        }

        @Override
        public Histogram merge(Histogram left, Histogram right) {
            for (int b = 0; b < BUCKETS; b++) {
                left.counts()[b] += right.counts()[b];
            }
            left.totals().merge(right.totals());
            return left;
        }
    }

    /** The unbounded ranking of the rows whose sortable key is in [from, to]. */
    private record RangeRanking(BlockObjective model, long from, long to) implements BlockAggregator<ScoreRanking> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public ScoreRanking zero() {
            return new ScoreRanking(ScoreRanking.UNBOUNDED);
        }

        @Override
        public ScoreRanking add(ScoreRanking partial, Block block, double[] parameters) {
            double[] p = probabilities(model, block, parameters);
            double[] w = block.weights();
            double[] labels = block.labels();
            for (int i = 0; i < p.length; i++) {
                long key = ScoreRanking.key(p[i]);
                if (key >= from && key <= to) {
                    partial.add(p[i], labels[i] > 0, w == null ? 1.0 : w[i]);
                }
            }
            return partial;
        }

        @Override
        public ScoreRanking merge(ScoreRanking left, ScoreRanking right) {
            return left.merge(right);
        }
    }
}
