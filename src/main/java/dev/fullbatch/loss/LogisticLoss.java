package dev.fullbatch.loss;

import dev.fullbatch.math.DeterministicMath;
import dev.fullbatch.math.VectorApi;
import dev.fullbatch.math.VectorExp;
import dev.fullbatch.math.VectorLogistic;

/**
 * Logistic: {@code log(1 + exp(-y m))} with {@code y = +1} for a positive label (greater than 0) and {@code -1}
 * otherwise, so both the 0/1 and the -1/+1 encodings work. Computed without overflow for any margin.
 */
public final class LogisticLoss implements OutputLoss, GlmFamily {
    private static final long serialVersionUID = 1L;

    /** 1/4: the second derivative {@code p (1 - p)} is largest at the margin 0, where {@code p = 1/2}. */
    @Override
    public double curvatureBound() {
        return 0.25;
    }

    @Override
    public int outputs() {
        return 1;
    }

    /**
     * Loss and derivative of a row from one exponential ({@link DeterministicMath#expOfMinusMagnitude}). On the
     * Vector API ({@link VectorApi#USED}) the exponentials of the run come first ({@link VectorExp}), then the
     * logarithms and quotients four rows at a time ({@link VectorLogistic}): the same bits.
     */
    @Override
    public double evaluate(double[] labels, double[] weights, int from, int n, double[] margins,
                           double[] derivatives) {
        if (VectorApi.USED) {
            // exp(-|z|) = exp(-|m|): the label's sign does not enter. The derivatives' room holds them meanwhile.
            double[] e = derivatives != null ? derivatives : new double[n];
            VectorExp.expOfMinusMagnitude(margins, 0, n, e, 0);
            return VectorLogistic.run(labels, weights, from, n, margins, e, derivatives);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double y = labels[from + i] > 0 ? 1.0 : -1.0;
            double z = -y * margins[i];
            double w = weights == null ? 1.0 : weights[from + i];
            double e = DeterministicMath.expOfMinusMagnitude(z);
            sum += w * DeterministicMath.log1pExp(z, e);
            if (derivatives != null) {
                derivatives[i] = -y * w * DeterministicMath.sigmoid(z, e);
            }
        }
        return sum;
    }

    /**
     * {@code weight_i * s(m) s(-m)} with {@code s} the logistic function, from {@code e = exp(-|m|)} as
     * {@code e / (1 + e)^2} (the same for either label, and without overflow: it underflows to 0 for large margins).
     */
    @Override
    public void curvatures(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        for (int i = 0; i < n; i++) {
            double e = DeterministicMath.expOfMinusMagnitude(margins[i]);
            double w = weights == null ? 1.0 : weights[from + i];
            double q = 1.0 + e;
            out[i] = w * (e / (q * q));
        }
    }

    /** Binomial: the dispersion is 1. */
    @Override
    public boolean estimatesDispersion() {
        return false;
    }

    /** The logit link is canonical: the curvatures. */
    @Override
    public void fisherWeights(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        curvatures(labels, weights, from, n, margins, out);
    }

    /** {@code sum w (y - p)^2 / (p (1 - p))} with {@code y} in {0, 1} and {@code p} the sigmoid of the margin. */
    @Override
    public double pearsonChiSquare(double[] labels, double[] weights, int from, int n, double[] margins) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double m = margins[i];
            double e = DeterministicMath.expOfMinusMagnitude(m);
            double p = DeterministicMath.sigmoid(m, e);
            double q = DeterministicMath.sigmoid(-m, e);
            double r = labels[from + i] > 0 ? q : -p;
            double w = weights == null ? 1.0 : weights[from + i];
            sum += w * (r * r / (p * q));
        }
        return sum;
    }
}
