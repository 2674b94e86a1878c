package dev.fullbatch.metrics;

import dev.fullbatch.data.Block;
import dev.fullbatch.math.ExactSums;
import java.io.Serial;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Everything the regression metrics need from one pass over predicted rows, mergeable exactly: the exact sums of
 * w, w|r|, w r, w r^2, w y and w y^2 over the rows (r = y - prediction, computed in double as scikit-learn does).
 * Each row's terms are added as exact products ({@link ExactSums#addProduct}), so the sums are the exact real
 * sums and the result depends only on the multiset of rows added.
 *
 * <p>R^2 and explained variance need the spread of y and of r about their means, which a sum of squares minus a
 * squared sum loses to cancellation in doubles when the mean is large against the spread. Here both are evaluated
 * once from the exact sums ({@link ExactSums#exactValue}) in decimal arithmetic of 40 digits, so they are as
 * accurate as the two-pass formulas and still one pass. Mutable, not thread-safe, serializable: one per task.
 */
public final class RegressionSummary implements MetricSummary {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final int W = 0;
    private static final int ABS = 1;
    private static final int R = 2;
    private static final int R2 = 3;
    private static final int Y = 4;
    private static final int Y2 = 5;
    private static final MathContext DIGITS = new MathContext(40);

    private final ExactSums sums = new ExactSums(6);
    private long rows;

    /**
     * Adds one predicted row.
     *
     * @param label the true value
     * @param prediction the model's prediction (for the identity link, the margin)
     * @param weight the row's weight, finite and at least 0
     */
    public void add(double label, double prediction, double weight) {
        if (!(weight >= 0 && weight <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("a weight must be finite and at least 0, got " + weight);
        }
        rows++;
        if (weight == 0) {
            return;
        }
        double r = label - prediction;
        sums.add(W, weight);
        sums.addProduct(ABS, weight, Math.abs(r));
        sums.addProduct(R, weight, r);
        addSquare(R2, weight, r);
        sums.addProduct(Y, weight, label);
        addSquare(Y2, weight, label);
    }

    /** Adds weight * x^2 exactly: x^2 as a product and its error, each times the weight. */
    private void addSquare(int index, double weight, double x) {
        double square = x * x;
        sums.addProduct(index, weight, square);
        if (Double.isFinite(square)) {
            double error = Math.fma(x, x, -square);
            if (error != 0) {
                sums.addProduct(index, weight, error);
            }
        }
    }

    /**
     * Adds rows with their predictions.
     *
     * @param labels the rows' labels
     * @param predictions one per row
     * @param weights the rows' weights, or null when all are 1
     * @param count rows to add, from index 0
     * @return this summary
     */
    public RegressionSummary addPredictions(double[] labels, double[] predictions, double[] weights, int count) {
        for (int i = 0; i < count; i++) {
            add(labels[i], predictions[i], weights == null ? 1.0 : weights[i]);
        }
        return this;
    }

    /** Adds a block's rows from their predictions ({@link #addPredictions}). */
    @Override
    public RegressionSummary addBlock(Block block, double[] outputs) {
        return addPredictions(block.labels(), outputs, block.weights(), block.rows());
    }

    @Override
    public RegressionSummary merge(MetricSummary other) {
        return merge((RegressionSummary) other);
    }

    /**
     * Adds every row of {@code other}; {@code other} must not be used afterwards.
     *
     * @return this summary
     */
    public RegressionSummary merge(RegressionSummary other) {
        sums.merge(other.sums);
        rows += other.rows;
        return this;
    }

    /** The metrics. */
    @Override
    public RegressionMetrics metrics() {
        double w = sums.get(W);
        double mse = sums.get(R2) / w;
        double[] all = sums.toDoubleArray();
        double r2;
        double explained;
        boolean finite = true;
        for (double v : all) {
            finite &= Double.isFinite(v);
        }
        if (finite && w > 0) {
            BigDecimal sw = sums.exactValue(W);
            // W * sum w (y - mean)^2 = W sum w y^2 - (sum w y)^2, and likewise for r: both exact.
            BigDecimal spreadY = sw.multiply(sums.exactValue(Y2)).subtract(sums.exactValue(Y).pow(2));
            BigDecimal spreadR = sw.multiply(sums.exactValue(R2)).subtract(sums.exactValue(R).pow(2));
            BigDecimal squares = sw.multiply(sums.exactValue(R2));
            r2 = oneMinusRatio(squares, spreadY);
            explained = oneMinusRatio(spreadR, spreadY);
        } else {
            double meanY = sums.get(Y) / w;
            double meanR = sums.get(R) / w;
            double varY = sums.get(Y2) / w - meanY * meanY;
            double varR = mse - meanR * meanR;
            r2 = 1 - mse / varY;
            explained = 1 - varR / varY;
        }
        return new RegressionMetrics(rows, w, sums.get(ABS) / w, mse, Math.sqrt(mse), r2, explained);
    }

    /** 1 - numerator / denominator, with scikit-learn's finite convention for a zero denominator. */
    private static double oneMinusRatio(BigDecimal numerator, BigDecimal denominator) {
        if (denominator.signum() == 0) {
            return numerator.signum() == 0 ? 1.0 : 0.0;
        }
        return BigDecimal.ONE.subtract(numerator.divide(denominator, DIGITS)).doubleValue();
    }
}
