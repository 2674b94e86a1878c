package dev.fullbatch.train;

import dev.fullbatch.loss.OutputLoss;
import dev.fullbatch.optim.CoefficientBounds;
import java.util.Arrays;

/**
 * A change of variables that makes every feature look centred and of unit variance to the optimizer, without
 * touching the data.
 *
 * <p>For output {@code k} and feature {@code j}, optimizer coordinates {@code (v, c)} map to model parameters by
 * {@code w_kj = v_kj / s_j} and {@code b_k = c_k - sum_j mu_j w_kj} (centring only with an intercept). The margins
 * are the model's, computed on raw features, so the objective and its optimum are unchanged; only the optimizer's
 * path (its conditioning) changes. Layouts follow {@link dev.fullbatch.model.LinearObjective}: K x d weights
 * row-major, then K intercepts. Immutable.
 *
 * @param mean per-feature centre mu_j (all zero when not centring)
 * @param scale per-feature scale s_j > 0 (1 for constant features)
 */
public record Standardization(double[] mean, double[] scale) {

    /** Validates. */
    public Standardization {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException("mean and scale lengths differ: " + mean.length + " vs "
                    + scale.length);
        }
        for (double s : scale) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("scales must be positive and finite, got " + s);
            }
        }
        mean = mean.clone();
        scale = scale.clone();
    }

    /** The identity: no scaling, no centring. */
    public static Standardization identity(int numFeatures) {
        double[] one = new double[numFeatures];
        Arrays.fill(one, 1.0);
        return new Standardization(new double[numFeatures], one);
    }

    /**
     * From weighted feature moments ({@code sum w x_j} then {@code sum w x_j^2}, as
     * {@link dev.fullbatch.model.FeatureMoments} computes them).
     *
     * @param center whether to centre (only meaningful with an intercept); without centring features are scaled
     *     by their root mean square instead of their standard deviation
     */
    public static Standardization fromMoments(double[] moments, double weightSum, int numFeatures, boolean center) {
        return fromMoments(moments, weightSum, numFeatures, center, 0.0);
    }

    /**
     * As {@link #fromMoments(double[], double, int, boolean)}, with the scale of feature j taken as
     * {@code sqrt(spread_j + ridge)}: the square root of the diagonal of the objective's curvature (data term plus
     * L2 penalty) divided by the loss's curvature, so that the penalty never dominates a rare feature's direction.
     *
     * @param ridge the L2 strength divided by the loss's largest curvature (1 for least squares, 1/4 for logistic),
     *     at least 0
     */
    public static Standardization fromMoments(double[] moments, double weightSum, int numFeatures, boolean center,
                                              double ridge) {
        double[] mu = new double[numFeatures];
        double[] s = new double[numFeatures];
        for (int j = 0; j < numFeatures; j++) {
            double m = moments[j] / weightSum;
            double second = moments[numFeatures + j] / weightSum;
            // Centred: scale by the standard deviation. Not centred (no intercept to absorb the mean): scale by the
            // root mean square, which is what makes the data term's curvature along each feature one; the standard
            // deviation would over-weight features whose mean is large compared to their spread.
            double spread = center ? second - m * m : second;
            double sd = spread > 0 ? Math.sqrt(spread + ridge) : 0.0;
            // A (nearly) constant feature keeps scale 1: dividing by a rounding-noise deviation would only make
            // the problem worse conditioned.
            s[j] = sd > 1e-12 * Math.max(1.0, Math.abs(m)) && Double.isFinite(sd) ? sd : 1.0;
            mu[j] = center ? m : 0.0;
        }
        return new Standardization(mu, s);
    }

    /**
     * The standardization {@code fullbatch train --standardize true} uses:
     * {@link #fromMoments(double[], double, int, boolean, double)} with the ridge {@code l2} divided by the loss's
     * {@link OutputLoss#curvatureBound() curvature bound}.
     *
     * @param l2 the L2 strength, at least 0
     */
    public static Standardization forTraining(double[] moments, double weightSum, int numFeatures, boolean center,
                                              double l2, OutputLoss loss) {
        return fromMoments(moments, weightSum, numFeatures, center, l2 / loss.curvatureBound());
    }

    /** d. */
    public int numFeatures() {
        return scale.length;
    }

    /** Model parameters from optimizer coordinates. */
    public double[] toModel(double[] x, int outputs, boolean intercept) {
        return toModel(x, outputs, intercept, null);
    }

    /**
     * Model parameters from optimizer coordinates, each weight clipped to its bounds before the intercepts absorb
     * the centring (see {@link LinearParametrization}).
     *
     * @param bounds per-feature bounds on the weights, or null for none
     */
    public double[] toModel(double[] x, int outputs, boolean intercept, CoefficientBounds bounds) {
        int d = scale.length;
        double[] p = new double[x.length];
        for (int k = 0; k < outputs; k++) {
            double shift = 0;
            for (int j = 0; j < d; j++) {
                double w = x[k * d + j] / scale[j];
                if (bounds != null) {
                    w = bounds.clip(w, j);
                }
                p[k * d + j] = w;
                shift += mean[j] * w;
            }
            if (intercept) {
                p[outputs * d + k] = x[outputs * d + k] - shift;
            }
        }
        return p;
    }

    /** Optimizer coordinates from model parameters (the inverse of {@link #toModel}). */
    public double[] toOptimizer(double[] p, int outputs, boolean intercept) {
        int d = scale.length;
        double[] x = new double[p.length];
        for (int k = 0; k < outputs; k++) {
            double shift = 0;
            for (int j = 0; j < d; j++) {
                x[k * d + j] = p[k * d + j] * scale[j];
                shift += mean[j] * p[k * d + j];
            }
            if (intercept) {
                x[outputs * d + k] = p[outputs * d + k] + shift;
            }
        }
        return x;
    }

    /** The gradient with respect to optimizer coordinates, from the gradient with respect to model parameters. */
    public double[] gradientToOptimizer(double[] g, int outputs, boolean intercept) {
        int d = scale.length;
        double[] out = new double[g.length];
        for (int k = 0; k < outputs; k++) {
            double gb = intercept ? g[outputs * d + k] : 0.0;
            for (int j = 0; j < d; j++) {
                out[k * d + j] = (g[k * d + j] - mean[j] * gb) / scale[j];
            }
            if (intercept) {
                out[outputs * d + k] = gb;
            }
        }
        return out;
    }

    /** The gradient with respect to model parameters, from the one with respect to optimizer coordinates. */
    public double[] gradientToModel(double[] gx, int outputs, boolean intercept) {
        int d = scale.length;
        double[] out = new double[gx.length];
        for (int k = 0; k < outputs; k++) {
            double gc = intercept ? gx[outputs * d + k] : 0.0;
            for (int j = 0; j < d; j++) {
                out[k * d + j] = gx[k * d + j] * scale[j] + mean[j] * gc;
            }
            if (intercept) {
                out[outputs * d + k] = gc;
            }
        }
        return out;
    }
}
