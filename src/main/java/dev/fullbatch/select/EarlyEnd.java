package dev.fullbatch.select;

/**
 * glmnet's early end of a path: once the fraction of deviance explained stops changing, smaller penalties only fit
 * noise, so the path stops. With glmnet's constants ({@code glmnet.control()}: fdev = 1e-5, devmax = 0.999,
 * mnlam = 5), checked from the 5th penalty on; the penalty that triggers the stop is the last one fitted.
 *
 * <ul>
 *   <li>{@link #RELATIVE} (glmnet's gaussian family, least squares): stop when
 *       {@code dev(k) - dev(k-1) < fdev * dev(k)} or {@code dev(k) > devmax};</li>
 *   <li>{@link #ABSOLUTE} (glmnet's other families): stop when {@code dev(k) - dev(k-1) < fdev} or
 *       {@code dev(k) > devmax}.</li>
 * </ul>
 * Here {@code dev(k)} is the deviance ratio {@code 1 - deviance/null deviance} at penalty {@code k}. glmnet applies
 * the rule to its own sequence only; fullbatch applies it to the sequence it makes, unless the run turns it off.
 */
public enum EarlyEnd {
    /** A change relative to the deviance ratio (glmnet's gaussian family). */
    RELATIVE,
    /** An absolute change (glmnet's binomial and other families). */
    ABSOLUTE;

    /** glmnet's {@code fdev}: the smallest change in the deviance ratio that keeps a path going. */
    public static final double FDEV = 1e-5;
    /** glmnet's {@code devmax}: a path stops once this fraction of the deviance is explained. */
    public static final double DEVMAX = 0.999;
    /** glmnet's {@code mnlam}: the rule is not checked before this many penalties are fitted. */
    public static final int MIN_PENALTIES = 5;

    /**
     * Whether the path ends after penalty {@code k} (0-based), given the deviance ratios {@code dev[0..k]}.
     */
    public boolean endsAfter(double[] dev, int k) {
        if (k + 1 < MIN_PENALTIES) {
            return false;
        }
        double change = dev[k] - dev[k - 1];
        boolean flat = this == RELATIVE ? change < FDEV * dev[k] : change < FDEV;
        return flat || dev[k] > DEVMAX;
    }
}
