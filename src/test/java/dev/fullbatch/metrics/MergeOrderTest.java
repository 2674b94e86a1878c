package dev.fullbatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.math.ExactSums;
import dev.fullbatch.math.RandomPermutation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The metrics are a function of the rows alone: cut into blocks anywhere, added in any order, merged in any tree
 * and after a trip through serialization, they have the same bits; and the distributed route (score ranges scanned
 * apart) gives the bits of one scan.
 */
class MergeOrderTest {
    private static final int ROWS = 20_000;

    /** A table of rows: label, score (or K margins), weight. */
    private record Rows(double[] labels, double[] scores, double[] weights, int width) {
    }

    private static Rows binaryRows(SplittableRandom random, boolean ties) {
        double[] labels = new double[ROWS];
        double[] scores = new double[ROWS];
        double[] weights = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = random.nextDouble() < 0.3 ? 1 : 0;
            double z = (labels[i] > 0 ? 1.2 : -0.4) + random.nextGaussian();
            scores[i] = ties ? Math.round(z * 20) / 20.0 : z * (1 + 1e-9 * random.nextDouble());
            // weights over many binades, so exact sums matter; some zero
            weights[i] = random.nextInt(50) == 0 ? 0.0 : Math.scalb(random.nextDouble(), random.nextInt(-8, 8));
        }
        return new Rows(labels, scores, weights, 1);
    }

    /**
     * Adds the rows to summaries in random blocks, merges them in a random order and grouping (through Java
     * serialization for some), and returns the result.
     */
    private static <S> S reduce(Rows rows, SplittableRandom random, Supplier<S> zero, AddBlock<S> add,
                                BiFunction<S, S, S> merge) {
        List<S> partials = new ArrayList<>();
        int from = 0;
        while (from < ROWS) {
            int to = Math.min(ROWS, from + 1 + random.nextInt(3000));
            partials.add(add.add(zero.get(), rows, from, to));
            from = to;
        }
        int[] order = RandomPermutation.of(partials.size(), random);
        List<S> queue = new ArrayList<>();
        for (int i : order) {
            queue.add(partials.get(i));
        }
        while (queue.size() > 1) {
            S left = queue.remove(random.nextInt(queue.size()));
            S right = queue.remove(random.nextInt(queue.size()));
            if (random.nextBoolean()) {
                right = roundTrip(right);
            }
            queue.add(merge.apply(left, right));
        }
        return queue.get(0);
    }

    private interface AddBlock<S> {
        S add(S summary, Rows rows, int from, int to);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static <S> void sameBitsInAnyOrder(Rows rows, Supplier<S> zero, AddBlock<S> add,
                                               BiFunction<S, S, S> merge, Function<S, Object> result) {
        String first = null;
        for (int seed = 0; seed < 6; seed++) {
            // Double.toString is unique per double, so equal strings mean equal bits.
            String text = result.apply(reduce(rows, new SplittableRandom(seed), zero, add, merge)).toString();
            if (first == null) {
                first = text;
            } else {
                assertEquals(first, text, "seed " + seed);
            }
        }
    }

    private static BinarySummary addBinary(BinarySummary s, Rows rows, int from, int to) {
        for (int i = from; i < to; i++) {
            double p = 1 / (1 + Math.exp(-rows.scores[i]));
            s.add(rows.labels[i], p, -Math.log(rows.labels[i] > 0 ? p : 1 - p), rows.weights[i]);
        }
        return s;
    }

    @Test
    void binaryMetricsHaveTheSameBitsWhateverTheBlocksAndMergeOrder() {
        for (boolean ties : new boolean[] {true, false}) {
            Rows rows = binaryRows(new SplittableRandom(ties ? 1 : 2), ties);
            sameBitsInAnyOrder(rows, () -> new BinarySummary(ScoreRanking.DEFAULT_BUDGET),
                    MergeOrderTest::addBinary, BinarySummary::merge, s -> s.metrics().toMap());
        }
    }

    @Test
    void overflowingTheBudgetDependsOnTheDistinctScoresAloneNotOnTheMergeOrder() {
        Rows rows = binaryRows(new SplittableRandom(3), true);
        ScoreRanking all = new ScoreRanking(ScoreRanking.UNBOUNDED);
        for (int i = 0; i < ROWS; i++) {
            all.add(rows.scores[i], rows.labels[i] > 0, rows.weights[i]);
        }
        int distinct = all.size();
        for (int budget : new int[] {distinct - 1, distinct}) {
            for (int seed = 0; seed < 4; seed++) {
                ScoreRanking merged = reduce(rows, new SplittableRandom(seed), () -> new ScoreRanking(budget),
                        (s, r, from, to) -> {
                            for (int i = from; i < to; i++) {
                                s.add(r.scores[i], r.labels[i] > 0, r.weights[i]);
                            }
                            return s;
                        }, ScoreRanking::merge);
                assertEquals(budget < distinct, merged.overflowed(), "budget " + budget + ", seed " + seed);
            }
        }
        BinarySummary small = addBinary(new BinarySummary(10), rows, 0, ROWS);
        assertTrue(small.rankingOverflowed());
        assertThrows(IllegalStateException.class, small::metrics);
    }

    @Test
    void scanningScoreRangesApartGivesTheBitsOfOneScan() {
        for (boolean ties : new boolean[] {true, false}) {
            Rows rows = binaryRows(new SplittableRandom(ties ? 4 : 5), ties);
            ScoreRanking whole = new ScoreRanking(ScoreRanking.UNBOUNDED);
            for (int i = 0; i < ROWS; i++) {
                whole.add(rows.scores[i], rows.labels[i] > 0, rows.weights[i]);
            }
            RankingScan reference = RankingScan.of(whole);
            for (int seed = 0; seed < 5; seed++) {
                SplittableRandom random = new SplittableRandom(seed);
                // boundaries: keys of random rows (sorted), so ranges cut between and at tied scores
                int cuts = 1 + random.nextInt(12);
                long[] boundaries = new long[cuts];
                for (int c = 0; c < cuts; c++) {
                    boundaries[c] = ScoreRanking.key(rows.scores[random.nextInt(ROWS)]);
                }
                java.util.Arrays.sort(boundaries);
                // each "task" ranks its own rows, splits them by range; each range merges its pieces
                List<ScoreRanking> ranges = new ArrayList<>();
                for (int r = 0; r <= cuts; r++) {
                    ranges.add(new ScoreRanking(ScoreRanking.UNBOUNDED));
                }
                int from = 0;
                while (from < ROWS) {
                    int to = Math.min(ROWS, from + 1 + random.nextInt(5000));
                    ScoreRanking task = new ScoreRanking(ScoreRanking.UNBOUNDED);
                    for (int i = from; i < to; i++) {
                        task.add(rows.scores[i], rows.labels[i] > 0, rows.weights[i]);
                    }
                    List<ScoreRanking> pieces = task.split(boundaries);
                    for (int r = 0; r <= cuts; r++) {
                        ranges.get(r).merge(pieces.get(r));
                    }
                    from = to;
                }
                ExactSums totals = new ExactSums(2);
                List<ExactSums> rangeTotals = new ArrayList<>();
                for (ScoreRanking range : ranges) {
                    ExactSums t = range.totals();
                    rangeTotals.add(t);
                    totals.merge(t);
                }
                List<RankingScan> scans = new ArrayList<>();
                for (int r = 0; r <= cuts; r++) {
                    ExactSums above = new ExactSums(2);
                    for (int q = r + 1; q <= cuts; q++) {
                        above.merge(rangeTotals.get(q));
                    }
                    scans.add(RankingScan.range(ranges.get(r), above, totals));
                }
                RankingScan merged = null;
                for (int i : RandomPermutation.of(scans.size(), random)) {
                    merged = merged == null ? scans.get(i) : merged.merge(roundTrip(scans.get(i)));
                }
                assertEquals(Double.doubleToLongBits(reference.rocAuc()), Double.doubleToLongBits(merged.rocAuc()));
                assertEquals(Double.doubleToLongBits(reference.averagePrecision()),
                        Double.doubleToLongBits(merged.averagePrecision()));
                assertEquals(reference.bestF1(), merged.bestF1());
            }
        }
    }

    @Test
    void rocAucIsTheWeightedShareOfCorrectlyOrderedPairsWithTiesHalf() {
        // an independent O(n^2) count over pairs, on few rows with many ties and weights
        SplittableRandom random = new SplittableRandom(9);
        int n = 400;
        ScoreRanking ranking = new ScoreRanking(ScoreRanking.DEFAULT_BUDGET);
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = random.nextInt(25) / 4.0 - (random.nextBoolean() ? 0.0 : -0.0);
            positive[i] = random.nextDouble() < 0.2 + scores[i] / 10;
            weights[i] = 0.25 * (1 + random.nextInt(8));
            ranking.add(scores[i], positive[i], weights[i]);
        }
        double pairs = 0;
        double pos = 0;
        double neg = 0;
        for (int i = 0; i < n; i++) {
            if (positive[i]) {
                pos += weights[i];
            } else {
                neg += weights[i];
            }
            for (int j = 0; j < n; j++) {
                if (positive[i] && !positive[j]) {
                    double share = scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    pairs += weights[i] * weights[j] * share;
                }
            }
        }
        assertEquals(pairs / (pos * neg), RankingScan.of(ranking).rocAuc(), 1e-15);
    }

    @Test
    void multiclassAndRegressionMetricsHaveTheSameBitsWhateverTheBlocksAndMergeOrder() {
        SplittableRandom random = new SplittableRandom(6);
        int k = 4;
        double[] labels = new double[ROWS];
        double[] margins = new double[ROWS * k];
        double[] weights = new double[ROWS];
        double[] predictions = new double[ROWS];
        double[] values = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = random.nextInt(k);
            for (int c = 0; c < k; c++) {
                margins[i * k + c] = random.nextGaussian() + (c == labels[i] ? 1 : 0);
            }
            weights[i] = Math.scalb(random.nextDouble(), random.nextInt(-20, 20));
            values[i] = 1e6 + random.nextGaussian();
            predictions[i] = values[i] + 0.3 * random.nextGaussian();
        }
        Rows classes = new Rows(labels, margins, weights, k);
        sameBitsInAnyOrder(classes, () -> new MulticlassSummary(k), (s, r, from, to) -> {
            double[] l = java.util.Arrays.copyOfRange(r.labels, from, to);
            double[] m = java.util.Arrays.copyOfRange(r.scores, from * k, to * k);
            double[] w = java.util.Arrays.copyOfRange(r.weights, from, to);
            return s.addMargins(l, m, w, to - from);
        }, MulticlassSummary::merge, s -> s.metrics().toMap());
        Rows regression = new Rows(values, predictions, weights, 1);
        sameBitsInAnyOrder(regression, RegressionSummary::new, (s, r, from, to) -> {
            for (int i = from; i < to; i++) {
                s.add(r.labels[i], r.scores[i], r.weights[i]);
            }
            return s;
        }, RegressionSummary::merge, s -> s.metrics().toMap());
    }

    @Test
    void rSquaredSurvivesALargeMeanThatCancelsInDoubles() {
        // y = 1e9 + (i mod 2): variance 1/4, mean 1e9; sum y^2 - (sum y)^2 / n loses everything in doubles.
        RegressionSummary s = new RegressionSummary();
        for (int i = 0; i < 1000; i++) {
            double y = 1e9 + (i % 2);
            s.add(y, 1e9 + 0.5, 1.0);
        }
        RegressionMetrics m = s.metrics();
        assertEquals(0.0, m.r2());
        assertEquals(0.25, m.mse());
        assertEquals(0.0, m.explainedVariance());
        RegressionSummary constant = new RegressionSummary();
        constant.add(3, 3, 1);
        constant.add(3, 3, 2);
        assertEquals(1.0, constant.metrics().r2());
        assertFalse(Double.isNaN(constant.metrics().explainedVariance()));
    }
}
