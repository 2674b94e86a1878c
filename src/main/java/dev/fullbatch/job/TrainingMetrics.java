package dev.fullbatch.job;

import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.loss.LogLinkLoss;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.BinaryAuc;
import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.DevianceMetrics;
import dev.fullbatch.model.DevianceSums;
import dev.fullbatch.model.MetricSums;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation metrics of a model on data: RMSE and R^2 for regression; log loss and accuracy for classification,
 * plus AUC for binary models in the full report; for the log-link families (poisson, gamma, tweedie) R's deviance,
 * null deviance, fraction of deviance explained, mean deviance, AIC where defined, and RMSE and R^2 of the means
 * ({@link DevianceMetrics}). Every metric but AUC is weighted by the rows' instance weights (never by class
 * weights, which only shape the objective); AUC ranks the rows unweighted, and metrics.json says so
 * ({@code "unweighted": ["auc"]}) when the data has instance weights. Keys are those of metrics.json. Every metric is
 * computed by passes of the engine port, so they merge at the run's tree depth like every other pass.
 */
final class TrainingMetrics {
    private final BlockObjective model;
    private final MetricSums.Task task;
    private final LogLinkLoss family;
    private final boolean intercept;
    private final boolean weighted;

    /** Metrics of a model without issue 16's options (no log-link family, no instance weights). */
    TrainingMetrics(BlockObjective model, LossKind loss) {
        this(model, loss, GlmSettings.DEFAULT_TWEEDIE_POWER, true, false);
    }

    /**
     * @param tweediePower the Tweedie power (tweedie only)
     * @param intercept whether the model has an intercept (the null model of a log-link family has one only then)
     * @param weighted whether the data has instance weights (then metrics.json names the unweighted metrics)
     */
    TrainingMetrics(BlockObjective model, LossKind loss, double tweediePower, boolean intercept, boolean weighted) {
        this.model = model;
        this.task = !loss.isClassification() ? MetricSums.Task.REGRESSION
                : loss.isBinary() ? MetricSums.Task.BINARY : MetricSums.Task.MULTICLASS;
        this.family = loss.isLogLink() ? (LogLinkLoss) loss.create(1, 1.0, tweediePower) : null;
        this.intercept = intercept;
        this.weighted = weighted;
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

    /** Every metric, with AUC for binary models and the deviances of log-link families. */
    Map<String, Object> full(BlockPasses data, double[] params) {
        if (family != null) {
            double nullIntercept = intercept ? DevianceSums.nullIntercept(ReductionEngine.over(data), family) : 0.0;
            return new LinkedHashMap<>(deviance(data, params, nullIntercept).toMap());
        }
        Map<String, Object> m = new LinkedHashMap<>(quick(data, params));
        if (task == MetricSums.Task.BINARY) {
            m.put("auc", BinaryAuc.compute(data, model, params));
            if (weighted) {
                m.put("unweighted", List.of("auc"));
            }
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
