package dev.fullbatch.select;

/**
 * The cross-validated error along a path and the penalties it picks, with cv.glmnet's formulas. Immutable.
 *
 * <p>Per penalty {@code k}: {@code cvm = sum_f n_f m_f / n} (the fold metrics weighted by the folds' held-out
 * weights) and {@code cvsd = sqrt(sum_f n_f (m_f - cvm)^2 / n / (K - 1))}, its standard error. {@code lambda.min} is
 * the largest penalty with the best cvm; {@code lambda.1se} the largest penalty whose cvm is within one standard
 * error of it ({@code cvm <= cvm(min) + cvsd(min)}; for a metric where bigger is better, {@code >= cvm - cvsd}).
 *
 * @param cvm per penalty, the mean metric
 * @param cvsd per penalty, its standard error
 * @param indexMin the index of lambda.min
 * @param index1se the index of lambda.1se (never after indexMin)
 */
public record CrossValidationSummary(double[] cvm, double[] cvsd, int indexMin, int index1se) {

    public CrossValidationSummary {
        cvm = cvm.clone();
        cvsd = cvsd.clone();
    }

    /**
     * The summary of fold metrics.
     *
     * @param foldValues {@code foldValues[f][k]}: the metric of fold f's model at penalty k, on fold f's rows
     * @param foldWeights per fold, its held-out weight (row count without weights)
     * @param penalties the penalties fitted, decreasing (the metrics' columns)
     * @param biggerIsBetter true for AUC and accuracy, false for losses and error rates
     */
    public static CrossValidationSummary of(double[][] foldValues, double[] foldWeights, int penalties,
                                            boolean biggerIsBetter) {
        int folds = foldValues.length;
        if (folds < 2 || foldWeights.length != folds) {
            throw new IllegalArgumentException("need at least 2 folds with one weight each");
        }
        double n = 0;
        for (double w : foldWeights) {
            n += w;
        }
        double[] cvm = new double[penalties];
        double[] cvsd = new double[penalties];
        for (int k = 0; k < penalties; k++) {
            double sum = 0;
            for (int f = 0; f < folds; f++) {
                sum += foldWeights[f] * foldValues[f][k];
            }
            cvm[k] = sum / n;
            double sq = 0;
            for (int f = 0; f < folds; f++) {
                double d = foldValues[f][k] - cvm[k];
                sq += foldWeights[f] * (d * d);
            }
            cvsd[k] = Math.sqrt(sq / n / (folds - 1));
        }
        double sign = biggerIsBetter ? -1 : 1;
        int min = 0;
        for (int k = 1; k < penalties; k++) {
            // strictly better only: ties keep the larger penalty (the earlier index)
            if (sign * cvm[k] < sign * cvm[min]) {
                min = k;
            }
        }
        double bound = sign * cvm[min] + cvsd[min];
        int se = min;
        for (int k = 0; k < penalties; k++) {
            if (sign * cvm[k] <= bound) {
                se = k;
                break;
            }
        }
        return new CrossValidationSummary(cvm, cvsd, min, se);
    }

    @Override
    public double[] cvm() {
        return cvm.clone();
    }

    @Override
    public double[] cvsd() {
        return cvsd.clone();
    }
}
