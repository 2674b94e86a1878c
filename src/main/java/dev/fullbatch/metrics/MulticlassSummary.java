package dev.fullbatch.metrics;

import dev.fullbatch.data.Block;
import dev.fullbatch.math.DeterministicMath;
import dev.fullbatch.math.ExactSums;
import java.io.Serial;

/**
 * Everything the multiclass metrics need from one pass over scored rows, mergeable exactly: the K x K confusion
 * matrix of weights and the log loss sum, {@link ExactSums} components, so the result depends only on the
 * multiset of rows added. Mutable, not thread-safe, serializable: one per task.
 */
public final class MulticlassSummary implements MetricSummary {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int classes;
    /** Components class * K + predicted: the confusion matrix; K * K: the log loss sum. */
    private final ExactSums sums;
    private long rows;

    /** @param classes K, at least 2 */
    public MulticlassSummary(int classes) {
        if (classes < 2 || classes > 23_170) { // K * K + 1 exact components must fit an ExactVector
            throw new IllegalArgumentException("classes must be in [2, 23170], got " + classes);
        }
        this.classes = classes;
        this.sums = new ExactSums(classes * classes + 1);
    }

    /** Number of classes. */
    public int classes() {
        return classes;
    }

    /**
     * Adds one scored row.
     *
     * @param label the true class, in [0, K)
     * @param predicted the predicted class, in [0, K)
     * @param logLoss the row's log loss, -log of the probability given to its true class
     * @param weight the row's weight, finite and at least 0
     * @throws IllegalArgumentException for a class out of range or a bad weight
     */
    public void add(int label, int predicted, double logLoss, double weight) {
        if (label < 0 || label >= classes || predicted < 0 || predicted >= classes) {
            throw new IllegalArgumentException("classes must be in [0, " + classes + "), got label " + label
                    + " and prediction " + predicted);
        }
        if (!(weight >= 0 && weight <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("a weight must be finite and at least 0, got " + weight);
        }
        sums.add(label * classes + predicted, weight);
        if (weight != 0) {
            sums.addProduct(classes * classes, weight, logLoss);
        }
        rows++;
    }

    /**
     * Adds rows scored by a softmax model: the predicted class is the first largest margin (ties go to the lower
     * class index, as predict and {@code numpy.argmax} do), the log loss is log(sum_c e^(m_c)) - m_label computed
     * stably from the largest margin with {@link DeterministicMath}.
     *
     * @param labels the rows' labels, classes 0..K-1 as doubles
     * @param margins K margins per row, row-major
     * @param weights the rows' weights, or null when all are 1
     * @param count rows to add, from index 0
     * @return this summary
     * @throws IllegalArgumentException for a label that is not a class
     */
    public MulticlassSummary addMargins(double[] labels, double[] margins, double[] weights, int count) {
        int k = classes;
        for (int i = 0; i < count; i++) {
            int base = i * k;
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (margins[base + c] > margins[base + best]) {
                    best = c;
                }
            }
            double max = margins[base + best];
            double z = 0;
            for (int c = 0; c < k; c++) {
                z += DeterministicMath.exp(margins[base + c] - max);
            }
            double y = labels[i];
            int label = (int) y;
            if (label != y) {
                throw new IllegalArgumentException("a label must be a class 0.." + (k - 1) + ", got " + y);
            }
            double loss = label >= 0 && label < k ? max + DeterministicMath.log(z) - margins[base + label] : 0;
            add(label, best, loss, weights == null ? 1.0 : weights[i]);
        }
        return this;
    }

    /** Adds a block's rows from their K margins each ({@link #addMargins}). */
    @Override
    public MulticlassSummary addBlock(Block block, double[] outputs) {
        return addMargins(block.labels(), outputs, block.weights(), block.rows());
    }

    @Override
    public MulticlassSummary merge(MetricSummary other) {
        return merge((MulticlassSummary) other);
    }

    /**
     * Adds every row of {@code other}; {@code other} must not be used afterwards.
     *
     * @return this summary
     */
    public MulticlassSummary merge(MulticlassSummary other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("cannot merge a summary of " + other.classes + " classes into one of "
                    + classes);
        }
        sums.merge(other.sums);
        rows += other.rows;
        return this;
    }

    /** The metrics. */
    @Override
    public MulticlassMetrics metrics() {
        int k = classes;
        // Exact row sums (support), column sums (predicted), the diagonal and the total.
        ExactSums margins = new ExactSums(2 * k + 2);
        double[][] cells = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                int cell = a * k + p;
                cells[a][p] = sums.get(cell);
                margins.addComponent(a, sums, cell);
                margins.addComponent(k + p, sums, cell);
                margins.addComponent(2 * k + 1, sums, cell);
                if (a == p) {
                    margins.addComponent(2 * k, sums, cell);
                }
            }
        }
        double total = margins.get(2 * k + 1);
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        double[] support = new double[k];
        double macro = 0;
        double weighted = 0;
        for (int c = 0; c < k; c++) {
            double hit = cells[c][c];
            support[c] = margins.get(c);
            double predicted = margins.get(k + c);
            precision[c] = ratio(hit, predicted);
            recall[c] = ratio(hit, support[c]);
            f1[c] = ratio(hit + hit, support[c] + predicted);
            macro += f1[c];
            weighted += support[c] * f1[c];
        }
        return new MulticlassMetrics(rows, total, sums.get(k * k) / total, ratio(margins.get(2 * k), total),
                precision, recall, f1, support, macro / k, ratio(weighted, total), new ConfusionMatrix(cells));
    }

    private static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : 0.0;
    }
}
