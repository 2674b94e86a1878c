package dev.fullbatch.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A binary classifier's results at one threshold: precision, recall, F1 and accuracy, and the confusion matrix they
 * come from (weights: sums of instance weights; counts without weights).
 *
 * <p>Conventions are scikit-learn's: precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2 TP / (2 TP + FP +
 * FN) (the harmonic mean of the two), each 0 where its denominator is 0 ({@code zero_division=0}); accuracy =
 * (TP + TN) / all. The confusion matrix has rows for the true class and columns for the predicted class, negative
 * first: [[TN, FP], [FN, TP]].
 *
 * @param threshold the score threshold
 * @param inclusive whether a score equal to the threshold counts as positive ({@code score >= threshold}) or not
 *     ({@code score > threshold})
 * @param precision TP / (TP + FP)
 * @param recall TP / (TP + FN)
 * @param f1 2 TP / (2 TP + FP + FN)
 * @param accuracy (TP + TN) / (TP + FP + FN + TN)
 * @param confusion [[TN, FP], [FN, TP]]
 */
public record ThresholdMetrics(double threshold, boolean inclusive, double precision, double recall, double f1,
                               double accuracy, ConfusionMatrix confusion) {

    /** The metrics of a confusion matrix given by its four weights. */
    public static ThresholdMetrics of(double threshold, boolean inclusive, double tp, double fp, double fn,
                                      double tn) {
        double all = tp + fp + fn + tn;
        return new ThresholdMetrics(threshold, inclusive, ratio(tp, tp + fp), ratio(tp, tp + fn),
                ratio(tp + tp, f1Denominator(tp, fp, fn)), ratio(tp + tn, all),
                new ConfusionMatrix(new double[][] {{tn, fp}, {fn, tp}}));
    }

    /** 2 TP + FP + FN, evaluated in this order. */
    static double f1Denominator(double tp, double fp, double fn) {
        return (tp + tp + fp) + fn;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : 0.0;
    }

    /**
     * The JSON form (keys {@code threshold}, {@code rule}, {@code precision}, {@code recall}, {@code f1},
     * {@code accuracy}, {@code confusionMatrix}).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", threshold);
        m.put("rule", inclusive ? "positive iff probability >= threshold" : "positive iff probability > threshold");
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("accuracy", accuracy);
        m.put("confusionMatrix", confusion.rows());
        return m;
    }
}
