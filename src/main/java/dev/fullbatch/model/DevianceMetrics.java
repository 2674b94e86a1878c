package dev.fullbatch.model;

import dev.fullbatch.loss.GammaLoss;
import dev.fullbatch.loss.LogLinkLoss;
import dev.fullbatch.loss.PoissonLoss;
import dev.fullbatch.math.DeterministicMath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of a log-link model, from {@link DevianceSums}, with R's definitions (what {@code glm} reports for the
 * same fit and weights):
 * <ul>
 *   <li>{@code deviance}: {@code sum w d(y, mu)}, R's {@code deviance(fit)}; {@code meanDeviance} divides it by the
 *       weight sum (scikit-learn's {@code mean_poisson_deviance} and friends);</li>
 *   <li>{@code nullDeviance}: the intercept-only model's (with the offsets), R's {@code fit$null.deviance};</li>
 *   <li>{@code devianceExplained}: {@code 1 - deviance / nullDeviance} (glmnet's {@code dev.ratio}, scikit-learn's
 *       {@code d2_tweedie_score} without offsets);</li>
 *   <li>{@code aic}: Poisson {@code -2 sum w ln P(y; mu) + 2 k}, R's {@code poisson()$aic} plus {@code 2 rank}
 *       (undefined, where R gives Inf, when a label with positive weight is not a whole number); Gamma R's
 *       {@code Gamma()$aic} plus {@code 2 rank}: the Gamma log-likelihood at the dispersion {@code deviance / sum w},
 *       plus 2 for that dispersion; Tweedie has none (its density has no closed form; statmod's is NA);</li>
 *   <li>{@code rmse} and {@code r2} of the predicted means against the labels, as for regression.</li>
 * </ul>
 * Undefined numbers are NaN here and left out of {@link #toMap()}.
 *
 * @param deviance the model's deviance
 * @param nullDeviance the null model's deviance
 * @param weightSum the sum of the rows' weights
 * @param aic the Akaike criterion, or NaN where undefined
 * @param rmse the root mean squared error of the means
 * @param r2 the coefficient of determination of the means, NaN for constant labels
 */
public record DevianceMetrics(double deviance, double nullDeviance, double weightSum, double aic, double rmse,
                              double r2) {

    /**
     * @param sums a pass of {@link DevianceSums}
     * @param loss the family the sums were taken for
     * @param parameters the number of estimated coefficients the criterion charges for (R's {@code rank}: the
     *     intercept and every coefficient of a full-rank unpenalized fit)
     */
    public static DevianceMetrics of(PartialSums sums, LogLinkLoss loss, int parameters) {
        double[] v = sums.vectorSum();
        double w = sums.weightSum();
        double deviance = v[DevianceSums.DEVIANCE];
        double aic = Double.NaN;
        if (loss instanceof PoissonLoss) {
            if (v[DevianceSums.NON_INTEGER_LABELS] == 0) {
                aic = -2.0 * v[DevianceSums.POISSON_LOG_LIKELIHOOD] + 2.0 * parameters;
            }
        } else if (loss instanceof GammaLoss) {
            aic = gammaAic(deviance, w, v[DevianceSums.SUM_LOG_Y], v[DevianceSums.SUM_MARGIN],
                    v[DevianceSums.SUM_Y_OVER_MU]) + 2.0 * parameters;
        }
        double mse = v[DevianceSums.SSE] / w;
        double mean = v[DevianceSums.SUM_Y] / w;
        double sst = v[DevianceSums.SUM_Y2] / w - mean * mean;
        return new DevianceMetrics(deviance, v[DevianceSums.NULL_DEVIANCE], w, aic, Math.sqrt(mse),
                sst > 0 ? 1.0 - mse / sst : Double.NaN);
    }

    /**
     * R's {@code Gamma()$aic(y, n, mu, wt, dev)}: {@code -2 sum w ln dgamma(y; shape 1/phi, scale mu phi) + 2} with
     * {@code phi = dev / sum w}. With {@code a = 1/phi} the log density is
     * {@code -lnGamma(a) - a ln(mu phi) + (a-1) ln y - a y / mu}, so the sum needs only the weighted sums of
     * {@code ln y}, {@code ln mu = m} and {@code y / mu}.
     */
    static double gammaAic(double deviance, double w, double sumLogY, double sumMargin, double sumYOverMu) {
        double dispersion = deviance / w;
        double a = 1.0 / dispersion;
        double logLikelihood = -w * DeterministicMath.logGamma(a)
                - a * (sumMargin + w * DeterministicMath.log(dispersion)) + (a - 1.0) * sumLogY - a * sumYOverMu;
        return -2.0 * logLikelihood + 2.0;
    }

    /** {@code 1 - deviance / nullDeviance}; NaN when the null deviance is 0. */
    public double devianceExplained() {
        return nullDeviance > 0 ? 1.0 - deviance / nullDeviance : Double.NaN;
    }

    /** The deviance per unit of weight. */
    public double meanDeviance() {
        return deviance / weightSum;
    }

    /**
     * The metrics as metrics.json would hold them (keys {@code deviance}, {@code nullDeviance},
     * {@code devianceExplained}, {@code meanDeviance}, {@code aic}, {@code rmse}, {@code r2}), undefined ones left out.
     */
    public Map<String, Double> toMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        put(m, "deviance", deviance);
        put(m, "nullDeviance", nullDeviance);
        put(m, "devianceExplained", devianceExplained());
        put(m, "meanDeviance", meanDeviance());
        put(m, "aic", aic);
        put(m, "rmse", rmse);
        put(m, "r2", r2);
        return m;
    }

    private static void put(Map<String, Double> m, String key, double value) {
        if (!Double.isNaN(value)) {
            m.put(key, value);
        }
    }
}
