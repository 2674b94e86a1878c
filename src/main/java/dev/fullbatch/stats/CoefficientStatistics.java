package dev.fullbatch.stats;

/**
 * The Wald inference of one coefficient, as a row of R's {@code summary(glm(...))} plus its 95% interval.
 *
 * @param name          the coefficient's name (a feature's, or "(Intercept)")
 * @param estimate      the fitted value, on the original feature scale
 * @param standardError the square root of its variance, {@code phi} times the diagonal entry of the inverse
 *                      information
 * @param statistic     {@code estimate / standardError}: a t value when the dispersion is estimated, else a z value
 * @param pValue        the two-sided p-value of the statistic ({@code Pr(>|t|)} or {@code Pr(>|z|)})
 * @param lower         the lower end of the 95% Wald interval, {@code estimate - q standardError}
 * @param upper         the upper end, {@code estimate + q standardError}, {@code q} the 0.975 quantile of the
 *                      statistic's distribution
 */
public record CoefficientStatistics(String name, double estimate, double standardError, double statistic,
                                    double pValue, double lower, double upper) {
}
