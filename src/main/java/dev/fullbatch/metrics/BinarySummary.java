package dev.fullbatch.metrics;

import dev.fullbatch.data.Block;
import dev.fullbatch.math.DeterministicMath;
import dev.fullbatch.math.ExactSums;
import java.io.Serial;

/**
 * Everything the binary metrics need from one pass over scored rows, mergeable exactly: the confusion matrix at the
 * default decision (probability above {@value #DEFAULT_THRESHOLD}), the log loss sum, and the {@link ScoreRanking}
 * for the ranking metrics. Feed rows with {@link #add} or a block's model outputs with {@link #addMargins}, merge
 * partials with {@link #merge}, then read {@link #metrics}.
 *
 * <p>The result depends only on the multiset of rows added, never on blocks, tasks or merge order: the sums are
 * {@link ExactSums} components and each row's terms are exact products. A row is positive when its label is
 * above 0 (labels 0/1 and -1/+1 alike). Mutable, not thread-safe, serializable: one per task, as an engine's
 * aggregator uses it.
 */
public final class BinarySummary implements MetricSummary {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The default decision: a row is predicted positive when its probability is above this (as predict does). */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private static final int TN = 0;
    private static final int FP = 1;
    private static final int FN = 2;
    private static final int TP = 3;
    private static final int LOSS = 4;

    private final ScoreRanking ranking;
    private final ExactSums sums = new ExactSums(5);
    private long rows;

    /** @param rankingBudget the most distinct scores the ranking may hold ({@link ScoreRanking#DEFAULT_BUDGET}) */
    public BinarySummary(int rankingBudget) {
        this.ranking = new ScoreRanking(rankingBudget);
    }

    /**
     * Adds one scored row.
     *
     * @param label the true label; above 0 is positive
     * @param probability the predicted probability of the positive class (the ranking score), not NaN
     * @param logLoss the row's log loss, -log of the probability given to its true class
     * @param weight the row's weight, finite and at least 0
     */
    public void add(double label, double probability, double logLoss, double weight) {
        boolean positive = label > 0;
        ranking.add(probability, positive, weight);
        int cell = (positive ? FN : TN) + (probability > DEFAULT_THRESHOLD ? 1 : 0);
        sums.add(cell, weight);
        if (weight != 0) { // a weightless row adds nothing, even with an infinite loss
            sums.addProduct(LOSS, weight, logLoss);
        }
        rows++;
    }

    /**
     * Adds rows scored by a binary model through the logistic link: probability sigmoid(m), log loss
     * log(1 + e^(-m)) for a positive row and log(1 + e^m) for a negative one (from the margin, so it is finite and
     * accurate however confident the model), both {@link DeterministicMath}.
     *
     * @param labels the rows' labels
     * @param margins the model's margins, one per row
     * @param weights the rows' weights, or null when all are 1
     * @param count rows to add, from index 0
     * @return this summary
     */
    public BinarySummary addMargins(double[] labels, double[] margins, double[] weights, int count) {
        for (int i = 0; i < count; i++) {
            double m = margins[i];
            double loss = DeterministicMath.log1pExp(labels[i] > 0 ? -m : m);
            add(labels[i], DeterministicMath.sigmoid(m), loss, weights == null ? 1.0 : weights[i]);
        }
        return this;
    }

    /** Adds a block's rows from their margins ({@link #addMargins}). */
    @Override
    public BinarySummary addBlock(Block block, double[] outputs) {
        return addMargins(block.labels(), outputs, block.weights(), block.rows());
    }

    @Override
    public BinarySummary merge(MetricSummary other) {
        return merge((BinarySummary) other);
    }

    /**
     * Adds every row of {@code other}; {@code other} must not be used afterwards.
     *
     * @return this summary
     */
    public BinarySummary merge(BinarySummary other) {
        ranking.merge(other.ranking);
        sums.merge(other.sums);
        rows += other.rows;
        return this;
    }

    /** Whether the scores are too many distinct ones for the ranking's budget (see {@link ScoreRanking}). */
    public boolean rankingOverflowed() {
        return ranking.overflowed();
    }

    /**
     * The metrics, the ranking ones from this summary's own ranking.
     *
     * @throws IllegalStateException if the ranking overflowed: use {@link #metrics(RankingScan)}
     */
    @Override
    public BinaryMetrics metrics() {
        return metrics(RankingScan.of(ranking));
    }

    /** The metrics, the ranking ones from a scan of the same rows made elsewhere (the distributed route). */
    public BinaryMetrics metrics(RankingScan scan) {
        double tn = sums.get(TN);
        double fp = sums.get(FP);
        double fn = sums.get(FN);
        double tp = sums.get(TP);
        ExactSums total = new ExactSums(1);
        for (int cell = TN; cell <= TP; cell++) {
            total.addComponent(0, sums, cell);
        }
        double weight = total.get(0);
        return new BinaryMetrics(rows, weight, sums.get(LOSS) / weight,
                ThresholdMetrics.of(DEFAULT_THRESHOLD, false, tp, fp, fn, tn), scan.rocAuc(),
                scan.averagePrecision(), scan.bestF1());
    }
}
