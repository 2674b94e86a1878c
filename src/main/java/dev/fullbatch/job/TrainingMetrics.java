package dev.fullbatch.job;

import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.BinaryAuc;
import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.MetricSums;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evaluation metrics of a model on data: RMSE and R^2 for regression; log loss and accuracy for classification,
 * plus AUC for binary models in the full report. Keys are those of metrics.json. Every metric is computed by passes
 * of the engine port, so they merge at the run's tree depth like every other pass.
 */
final class TrainingMetrics {
    private final BlockObjective model;
    private final MetricSums.Task task;

    TrainingMetrics(BlockObjective model, LossKind loss) {
        this.model = model;
        this.task = !loss.isClassification() ? MetricSums.Task.REGRESSION
                : loss.isBinary() ? MetricSums.Task.BINARY : MetricSums.Task.MULTICLASS;
    }

    /** The metrics that cost one exact pass (used every iteration on validation data). */
    Map<String, Double> quick(BlockPasses data, double[] params) {
        PartialSums s = ReductionEngine.over(data).aggregate(new MetricSums(model, task), params, true,
                "validation metrics");
        double[] v = s.vectorSum();
        double w = s.weightSum();
        Map<String, Double> m = new LinkedHashMap<>();
        if (task == MetricSums.Task.REGRESSION) {
            double mse = v[MetricSums.SSE] / w;
            double mean = v[MetricSums.SUM_Y] / w;
            double sst = v[MetricSums.SUM_Y2] / w - mean * mean;
            m.put("rmse", Math.sqrt(mse));
            m.put("r2", sst > 0 ? 1.0 - mse / sst : Double.NaN);
        } else {
            m.put("logLoss", v[MetricSums.LOG_LOSS] / w);
            m.put("accuracy", v[MetricSums.CORRECT] / w);
        }
        return m;
    }

    /** Every metric, with AUC for binary models. */
    Map<String, Object> full(BlockPasses data, double[] params) {
        Map<String, Object> m = new LinkedHashMap<>(quick(data, params));
        if (task == MetricSums.Task.BINARY) {
            m.put("auc", BinaryAuc.compute(data, model, params));
        }
        return m;
    }
}
