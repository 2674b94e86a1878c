package dev.fullbatch.metrics;

import dev.fullbatch.math.ExactSums;
import java.io.Serial;
import java.io.Serializable;

/**
 * The ranking metrics from distinct scores visited from the highest down: the area under the ROC curve, average
 * precision (the area under the precision-recall curve as scikit-learn's {@code average_precision_score} defines
 * it) and the threshold of the best F1, with its confusion matrix.
 *
 * <h2>Definitions</h2>
 * With P and N the total positive and negative weight, and for each distinct score s its weights pos(s), neg(s):
 * <ul>
 * <li>ROC AUC = sum_s neg(s) (TP_above(s) + pos(s)/2) / (P N): the weighted Mann-Whitney statistic with ties
 * counted one half, equal to the trapezoid under the ROC curve ({@code roc_auc_score}).</li>
 * <li>Average precision = sum_s pos(s) precision(s) / P, where precision(s) = TP(s) / (TP(s) + FP(s)) counts the
 * rows scoring at least s: the step-function area without interpolation ({@code average_precision_score}).</li>
 * <li>Best F1: over the thresholds t among the distinct scores, with a row positive iff its score is at least t,
 * the largest F1 = 2 TP / (TP + FP + P); among equal F1 (compared exactly, as fractions of the doubles below) the
 * smallest t, which is the threshold {@code numpy.argmax} picks from {@code precision_recall_curve}.</li>
 * </ul>
 * TP, FP, FN and TN at each score are exact running sums ({@link ExactSums} components), rounded once where
 * used; the products summed into AUC and average precision are added exactly. So the result is a function of the
 * ranking alone.
 *
 * <h2>Ranges</h2>
 * A scan may cover one score range only, starting from the exact totals of everything above it (the distributed
 * route of {@link ScoreRanking}); {@link #merge} combines the scans of disjoint ranges in any order, and the result
 * has the same bits as one scan of the whole ranking. Serializable; mutable only through {@link #merge}.
 */
public final class RankingScan implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final int TP = 0;
    private static final int FP = 1;
    private static final int FN = 2;
    private static final int TN = 3;
    private static final int AUC = 0;
    private static final int PRECISION = 1;

    /** Exact sums: the AUC numerator and the average precision numerator. */
    private final ExactSums sums;
    private final double positives;
    private final double negatives;
    /** The best threshold's key and counts; bestKey is meaningless while best is false. */
    private boolean best;
    private long bestKey;
    private double bestTp;
    private double bestFp;
    private double bestFn;
    private double bestTn;

    private RankingScan(ExactSums sums, double positives, double negatives) {
        this.sums = sums;
        this.positives = positives;
        this.negatives = negatives;
    }

    /**
     * Scans a whole ranking.
     *
     * @throws IllegalStateException if the ranking overflowed
     */
    public static RankingScan of(ScoreRanking ranking) {
        ExactSums totals = ranking.totals();
        return range(ranking, new ExactSums(2), totals);
    }

    /**
     * Scans one range of a ranking.
     *
     * @param range the entries of one score range (merged from every task)
     * @param above exact total weights of every row scoring above the range: component 0 negative, 1 positive
     * @param totals exact total weights of all rows, in the same layout
     * @throws IllegalStateException if the range overflowed
     */
    public static RankingScan range(ScoreRanking range, ExactSums above, ExactSums totals) {
        ExactSums counts = new ExactSums(4);
        counts.addComponent(TP, above, 1);
        counts.addComponent(FP, above, 0);
        counts.addComponent(FN, totals, 1);
        counts.subtractComponent(FN, above, 1);
        counts.addComponent(TN, totals, 0);
        counts.subtractComponent(TN, above, 0);
        RankingScan scan = new RankingScan(new ExactSums(2), totals.get(1), totals.get(0));
        ExactSums weights = range.weights();
        for (int i = range.size() - 1; i >= 0; i--) {
            double neg = weights.get(2 * i);
            double pos = weights.get(2 * i + 1);
            double tpAbove = counts.get(TP);
            scan.sums.addProduct(AUC, neg, tpAbove);
            scan.sums.addProduct(AUC, neg, 0.5 * pos);
            counts.addComponent(TP, weights, 2 * i + 1);
            counts.addComponent(FP, weights, 2 * i);
            counts.subtractComponent(FN, weights, 2 * i + 1);
            counts.subtractComponent(TN, weights, 2 * i);
            double tp = counts.get(TP);
            double fp = counts.get(FP);
            if (pos > 0) {
                scan.sums.addProduct(PRECISION, pos, tp / (tp + fp));
            }
            scan.offer(range.keyAt(i), tp, fp, counts.get(FN), counts.get(TN));
        }
        return scan;
    }

    /** Takes a candidate threshold if its F1 is larger than the best so far, or equal with a smaller threshold. */
    private void offer(long key, double tp, double fp, double fn, double tn) {
        if (best) {
            int order = compareF1(tp, fp, fn, bestTp, bestFp, bestFn);
            if (order < 0 || (order == 0 && key >= bestKey)) {
                return;
            }
        }
        best = true;
        bestKey = key;
        bestTp = tp;
        bestFp = fp;
        bestFn = fn;
        bestTn = tn;
    }

    /** Compares the F1 of two confusion matrices ({@link ThresholdMetrics#f1}'s fraction), exactly. */
    private static int compareF1(double tp, double fp, double fn, double otherTp, double otherFp, double otherFn) {
        double d = ThresholdMetrics.f1Denominator(tp, fp, fn);
        double otherD = ThresholdMetrics.f1Denominator(otherTp, otherFp, otherFn);
        // tp / d versus otherTp / otherD (denominators positive): the exact products tp * otherD and otherTp * d,
        // each a rounded product and its exact error, compare as their rounded parts and then their errors.
        double left = tp * otherD;
        double right = otherTp * d;
        if (left != right) {
            return left < right ? -1 : 1;
        }
        return Double.compare(Math.fma(tp, otherD, -left) + 0.0, Math.fma(otherTp, d, -right) + 0.0);
    }

    /**
     * Adds the scan of another, disjoint range (same totals) into this one.
     *
     * @return this scan
     */
    public RankingScan merge(RankingScan other) {
        if (Double.doubleToLongBits(other.positives) != Double.doubleToLongBits(positives)
                || Double.doubleToLongBits(other.negatives) != Double.doubleToLongBits(negatives)) {
            throw new IllegalArgumentException("can only merge scans of one ranking (totals " + negatives + "/"
                    + positives + " and " + other.negatives + "/" + other.positives + ")");
        }
        sums.merge(other.sums);
        if (other.best) {
            offer(other.bestKey, other.bestTp, other.bestFp, other.bestFn, other.bestTn);
        }
        return this;
    }

    /** The area under the ROC curve; NaN unless both classes have weight. */
    public double rocAuc() {
        if (!(positives > 0 && negatives > 0)) {
            return Double.NaN;
        }
        return sums.get(AUC) / positives / negatives;
    }

    /** Average precision; NaN without positive weight. */
    public double averagePrecision() {
        return positives > 0 ? sums.get(PRECISION) / positives : Double.NaN;
    }

    /** The best-F1 threshold and what it gives; null without positive weight. */
    public ThresholdMetrics bestF1() {
        if (!best || !(positives > 0)) {
            return null;
        }
        return ThresholdMetrics.of(ScoreRanking.score(bestKey), true, bestTp, bestFp, bestFn, bestTn);
    }
}
