package dev.fullbatch.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A binary classifier's metrics on some data, with scikit-learn's definitions (see {@link ThresholdMetrics} and
 * {@link RankingScan}).
 *
 * @param rows rows scored (those of weight 0 included)
 * @param weightSum total instance weight (the row count without weights)
 * @param logLoss weighted mean log loss
 * @param atDefault precision, recall, F1, accuracy and confusion matrix at the default decision (probability above
 *     0.5)
 * @param rocAuc area under the ROC curve (NaN unless both classes have weight)
 * @param averagePrecision area under the precision-recall curve as average precision (NaN without positives)
 * @param bestF1 the threshold with the best F1 and its results (null without positives)
 */
public record BinaryMetrics(long rows, double weightSum, double logLoss, ThresholdMetrics atDefault, double rocAuc,
                            double averagePrecision, ThresholdMetrics bestF1) implements ModelMetrics {

    /**
     * The metrics.json form. Keys: {@code rows}, {@code weightSum}, {@code logLoss}, {@code accuracy},
     * {@code auc} (ROC), {@code averagePrecision}, {@code precision}, {@code recall}, {@code f1},
     * {@code confusionMatrix} (at the default decision, stated in {@code decisionRule}), and {@code bestF1} (the
     * {@link ThresholdMetrics#toMap} of the best threshold, absent without positives).
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("weightSum", weightSum);
        m.put("logLoss", logLoss);
        m.put("accuracy", atDefault.accuracy());
        m.put("auc", rocAuc);
        m.put("averagePrecision", averagePrecision);
        m.put("decisionRule", "positive iff probability > " + atDefault.threshold());
        m.put("precision", atDefault.precision());
        m.put("recall", atDefault.recall());
        m.put("f1", atDefault.f1());
        m.put("confusionMatrix", atDefault.confusion().rows());
        if (bestF1 != null) {
            m.put("bestF1", bestF1.toMap());
        }
        return m;
    }
}
