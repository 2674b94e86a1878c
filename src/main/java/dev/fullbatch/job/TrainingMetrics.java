package dev.fullbatch.job;

import dev.fullbatch.metrics.BinarySummary;
import dev.fullbatch.metrics.MetricSummary;
import dev.fullbatch.metrics.ModelEvaluation;
import dev.fullbatch.metrics.ModelMetrics;
import dev.fullbatch.metrics.RankingByRanges;
import dev.fullbatch.metrics.ScoreRanking;
import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.MetricSums;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evaluation metrics of a model on data. {@link #quick} is the one-pass set watched every iteration on validation
 * data (RMSE and R^2 for regression; log loss and accuracy for classification), recorded in history.csv;
 * {@link #evaluate} is the full set of metrics.json ({@code dev.fullbatch.metrics}: scikit-learn's definitions,
 * exact). Every metric is computed by passes of the engine port, so the bits do not depend on the partitioning or
 * the tree depth.
 */
final class TrainingMetrics {
    private final BlockObjective model;
    private final MetricSums.Task task;
    private final LossKind loss;
    private final int rankingBudget;

    TrainingMetrics(BlockObjective model, LossKind loss) {
        this(model, loss, ScoreRanking.DEFAULT_BUDGET);
    }

    /** @param rankingBudget the most distinct scores a binary model's ranking keeps on the driver */
    TrainingMetrics(BlockObjective model, LossKind loss, int rankingBudget) {
        this.model = model;
        this.loss = loss;
        this.rankingBudget = rankingBudget;
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

    /**
     * Every metric of {@code dev.fullbatch.metrics} (metrics.json's form): one exact pass, plus the ranking metrics'
     * distributed route when a binary model's scores are more distinct values than {@code rankingBudget}.
     */
    ModelMetrics evaluate(BlockPasses data, double[] params, String what) {
        MetricSummary summary = data.reduce(new ModelEvaluation(model, loss, rankingBudget), params, what);
        if (summary instanceof BinarySummary binary && binary.rankingOverflowed()) {
            return binary.metrics(RankingByRanges.scan(data, model, params, rankingBudget));
        }
        return summary.metrics();
    }
}
