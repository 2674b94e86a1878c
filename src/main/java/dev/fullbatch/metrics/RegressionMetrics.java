package dev.fullbatch.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A regression model's metrics on some data, with scikit-learn's definitions and instance weights (r = y -
 * prediction, means weighted): MAE = mean |r|, MSE = mean r^2, RMSE = sqrt(MSE), R^2 = 1 - sum w r^2 / sum w (y -
 * mean y)^2, explained variance = 1 - var(r) / var(y); when y has no spread, R^2 and explained variance are 1 for
 * a perfect fit and 0 otherwise ({@code force_finite}).
 *
 * @param rows rows scored (those of weight 0 included)
 * @param weightSum total instance weight
 * @param mae mean absolute error
 * @param mse mean squared error
 * @param rmse root mean squared error
 * @param r2 coefficient of determination
 * @param explainedVariance explained variance score
 */
public record RegressionMetrics(long rows, double weightSum, double mae, double mse, double rmse, double r2,
                                double explainedVariance) implements ModelMetrics {

    /**
     * The metrics.json form. Keys: {@code rows}, {@code weightSum}, {@code rmse}, {@code r2}, {@code mae},
     * {@code mse}, {@code explainedVariance}.
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("weightSum", weightSum);
        m.put("rmse", rmse);
        m.put("r2", r2);
        m.put("mae", mae);
        m.put("mse", mse);
        m.put("explainedVariance", explainedVariance);
        return m;
    }
}
