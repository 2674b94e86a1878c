package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.math.DeterministicMath;

/**
 * Sums for evaluation metrics of a model on data, in one pass: weighted squared error, label moments (for R^2),
 * correct predictions and log loss. Vector layout: {@code [sse, sum y, sum y^2, correct, logLoss]}, each weighted
 * by the instance weight.
 *
 * <p>Binary models score with the logistic link whatever they were trained with (so squared-hinge models get a
 * log loss too); multiclass ones with softmax.
 */
public final class MetricSums implements BlockReduction {
    private static final long serialVersionUID = 1L;

    /** Index of the weighted squared error sum. */
    public static final int SSE = 0;
    /** Index of the weighted label sum. */
    public static final int SUM_Y = 1;
    /** Index of the weighted squared label sum. */
    public static final int SUM_Y2 = 2;
    /** Index of the weighted count of correct predictions. */
    public static final int CORRECT = 3;
    /** Index of the weighted log loss sum. */
    public static final int LOG_LOSS = 4;

    /** What kind of predictions the model makes. */
    public enum Task { REGRESSION, BINARY, MULTICLASS }

    private final BlockObjective model;
    private final Task task;

    /** @param model scores rows; @param task how to read its outputs */
    public MetricSums(BlockObjective model, Task task) {
        this.model = model;
        this.task = task;
    }

    @Override
    public int dimension() {
        return 5;
    }

    @Override
    public void accumulate(Block block, double[] parameters, PartialSums sums) {
        int n = block.rows();
        int k = model.outputs();
        double[] m = new double[n * k];
        model.margins(block, parameters, m);
        double[] labels = block.labels();
        double[] weights = block.weights();
        double[] row = new double[5];
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1.0 : weights[i];
            double y = labels[i];
            java.util.Arrays.fill(row, 0.0);
            switch (task) {
                case REGRESSION: {
                    double r = m[i] - y;
                    row[SSE] = w * r * r;
                    break;
                }
                case BINARY: {
                    double s = y > 0 ? 1.0 : -1.0;
                    double z = -s * m[i];
                    row[CORRECT] = (m[i] > 0) == (s > 0) ? w : 0.0;
                    row[LOG_LOSS] = w * DeterministicMath.log1pExp(z);
                    break;
                }
                default: {
                    int base = i * k;
                    int best = 0;
                    double max = m[base];
                    for (int c = 1; c < k; c++) {
                        if (m[base + c] > max) {
                            max = m[base + c];
                            best = c;
                        }
                    }
                    double z = 0;
                    for (int c = 0; c < k; c++) {
                        z += DeterministicMath.exp(m[base + c] - max);
                    }
                    int label = (int) y;
                    row[CORRECT] = best == label ? w : 0.0;
                    double my = label >= 0 && label < k ? m[base + label] : Double.NaN;
                    row[LOG_LOSS] = w * (max + DeterministicMath.log(z) - my);
                }
            }
            row[SUM_Y] = w * y;
            row[SUM_Y2] = w * y * y;
            for (int j = 0; j < 5; j++) {
                if (row[j] != 0) {
                    sums.add(j, row[j]);
                }
            }
            sums.addWeight(w, 1);
        }
        sums.endBlock();
    }
}
