package dev.fullbatch.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A K-class classifier's metrics on some data, with scikit-learn's definitions: per class c, precision =
 * C[c][c] / (column c's sum), recall = C[c][c] / (row c's sum, the support), F1 = 2 C[c][c] / (support + column
 * sum), each 0 where its denominator is 0; macro F1 is the plain mean of the K F1 values (every class of the model
 * counts, also one absent from the data), weighted F1 their mean weighted by support; accuracy = trace / total.
 * Weights are sums of instance weights (counts without weights).
 *
 * @param rows rows scored (those of weight 0 included)
 * @param weightSum total instance weight
 * @param logLoss weighted mean log loss
 * @param accuracy weight of correct predictions over the total
 * @param precision per class
 * @param recall per class
 * @param f1 per class
 * @param support per class: the weight of its rows
 * @param macroF1 mean of the per-class F1
 * @param weightedF1 support-weighted mean of the per-class F1
 * @param confusion rows: true class, columns: predicted class
 */
public record MulticlassMetrics(long rows, double weightSum, double logLoss, double accuracy, double[] precision,
                                double[] recall, double[] f1, double[] support, double macroF1, double weightedF1,
                                ConfusionMatrix confusion) implements ModelMetrics {

    /** Defensive copies. */
    public MulticlassMetrics {
        precision = precision.clone();
        recall = recall.clone();
        f1 = f1.clone();
        support = support.clone();
    }

    @Override
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public double[] recall() {
        return recall.clone();
    }

    @Override
    public double[] f1() {
        return f1.clone();
    }

    @Override
    public double[] support() {
        return support.clone();
    }

    /**
     * The metrics.json form. Keys: {@code rows}, {@code weightSum}, {@code logLoss}, {@code accuracy},
     * {@code macroF1}, {@code weightedF1}, {@code perClass} ({@code precision}, {@code recall}, {@code f1},
     * {@code support}: lists indexed by class), {@code confusionMatrix}.
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("weightSum", weightSum);
        m.put("logLoss", logLoss);
        m.put("accuracy", accuracy);
        m.put("macroF1", macroF1);
        m.put("weightedF1", weightedF1);
        Map<String, Object> perClass = new LinkedHashMap<>();
        perClass.put("precision", list(precision));
        perClass.put("recall", list(recall));
        perClass.put("f1", list(f1));
        perClass.put("support", list(support));
        m.put("perClass", perClass);
        m.put("confusionMatrix", confusion.rows());
        return m;
    }

    private static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return List.copyOf(out);
    }
}
