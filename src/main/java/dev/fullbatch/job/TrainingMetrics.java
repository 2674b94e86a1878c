package dev.fullbatch.job;

import dev.fullbatch.metrics.BinarySummary;
import dev.fullbatch.metrics.MetricSummary;
import dev.fullbatch.metrics.ModelEvaluation;
import dev.fullbatch.metrics.ModelMetrics;
import dev.fullbatch.metrics.RankingByRanges;
import dev.fullbatch.metrics.ScoreRanking;
import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.loss.LogLinkLoss;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.DevianceMetrics;
import dev.fullbatch.model.DevianceSums;
import dev.fullbatch.model.MetricSums;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evaluation metrics of a model on data. {@link #quick} is the one-pass set watched every iteration on validation
 * data (RMSE and R^2 for regression; log loss and accuracy for classification; mean deviance and RMSE of the means
 * for the log-link families), recorded in history.csv; {@link #evaluate} is the full set of metrics.json
 * ({@code dev.fullbatch.metrics}: scikit-learn's definitions, exact, weighted by the rows' instance weights, never by
 * class weights, which only shape the objective), to which {@link #json} adds R's deviance, null deviance, fraction
 * of deviance explained and AIC for the log-link families (poisson, gamma, tweedie; {@link DevianceMetrics}). Every
 * metric is computed by passes of the engine port, so the bits do not depend on the partitioning or the tree depth.
 */
final class TrainingMetrics {
    private final BlockObjective model;
    private final MetricSums.Task task;
    private final LossKind loss;
    private final int rankingBudget;
    private final LogLinkLoss family;
    private final boolean intercept;

    /** Metrics of a model without issue 16's options (no log-link family, no instance weights). */
    TrainingMetrics(BlockObjective model, LossKind loss) {
        this(model, loss, GlmSettings.DEFAULT_TWEEDIE_POWER, true, ScoreRanking.DEFAULT_BUDGET);
    }

    /**
     * @param tweediePower the Tweedie power (tweedie only)
     * @param intercept whether the model has an intercept (the null model of a log-link family has one only then)
     */
    TrainingMetrics(BlockObjective model, LossKind loss, double tweediePower, boolean intercept) {
        this(model, loss, tweediePower, intercept, ScoreRanking.DEFAULT_BUDGET);
    }

    /** @param rankingBudget the most distinct scores a binary model's ranking keeps on the driver */
    TrainingMetrics(BlockObjective model, LossKind loss, int rankingBudget) {
        this(model, loss, GlmSettings.DEFAULT_TWEEDIE_POWER, true, rankingBudget);
    }

    private TrainingMetrics(BlockObjective model, LossKind loss, double tweediePower, boolean intercept,
                            int rankingBudget) {
        this.model = model;
        this.loss = loss;
        this.rankingBudget = rankingBudget;
        this.task = !loss.isClassification() ? MetricSums.Task.REGRESSION
                : loss.isBinary() ? MetricSums.Task.BINARY : MetricSums.Task.MULTICLASS;
        this.family = loss.isLogLink() ? (LogLinkLoss) loss.create(1, 1.0, tweediePower) : null;
        this.intercept = intercept;
    }

    /** The metrics that cost one exact pass (used every iteration on validation data). */
    Map<String, Double> quick(BlockPasses data, double[] params) {
        if (family != null) {
            DevianceMetrics dm = deviance(data, params, 0.0);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("meanDeviance", dm.meanDeviance());
            m.put("rmse", dm.rmse());
            return m;
        }
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

    /** metrics.json's entries: every metric {@link #evaluate} computed, plus the deviances of a log-link family. */
    Map<String, Object> json(ModelMetrics computed, BlockPasses data, double[] params) {
        Map<String, Object> m = new LinkedHashMap<>(computed.toMap());
        if (family != null) {
            double nullIntercept = intercept ? DevianceSums.nullIntercept(ReductionEngine.over(data), family) : 0.0;
            deviance(data, params, nullIntercept).toMap().forEach(m::putIfAbsent);
        }
        return m;
    }

    private DevianceMetrics deviance(BlockPasses data, double[] params, double nullIntercept) {
        PartialSums s = ReductionEngine.over(data).aggregate(new DevianceSums(model, family, nullIntercept), params,
                true, "deviance");
        // R's rank: every coefficient and the intercept (exact for an unpenalized full-rank fit)
        return DevianceMetrics.of(s, family, model.dimension());
    }
}
