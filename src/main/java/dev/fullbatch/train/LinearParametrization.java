package dev.fullbatch.train;

import dev.fullbatch.optim.Box;
import dev.fullbatch.optim.CoefficientBounds;

/**
 * The parametrization of a linear model ({@code K x d} weights then {@code K} intercepts) through a
 * {@link Standardization}: optimizer coordinates are the weights times the feature scales (and intercepts shifted
 * by the centring), so the optimizer sees unit-variance, centred features while the data stays as it is.
 *
 * <p><b>Bounds.</b> Coefficient bounds {@code l_j <= w_kj <= u_j} (never on intercepts) are a box in optimizer
 * coordinates too: {@code w_kj = v_kj / s_j} with {@code s_j > 0}, so {@code l_j <= w_kj <= u_j} exactly when
 * {@code l_j s_j <= v_kj <= u_j s_j}, whatever the other coordinates are; and the centring only moves the
 * intercepts, {@code b_k = c_k - sum_j mu_j w_kj}, which are free: for any feasible {@code v}, every {@code b_k} is
 * reached by exactly one {@code c_k} and the other way round. So the feasible set is the box
 * {@code prod [l_j s_j, u_j s_j] x R^K} ({@link #box}), and a projection onto it is a clip per coordinate. The scaled
 * bounds are widened by a few ulps at most, so that at the box's edge {@code v_kj / s_j} rounds onto or beyond the
 * bound, and {@link #toModel} clips each weight to its bounds: every model this parametrization produces satisfies
 * them exactly, and a coefficient at a bound equals the bound. Without bounds (or with {@code null}) nothing here
 * changes a bit.
 */
public final class LinearParametrization implements Parametrization {
    private final Standardization standardization;
    private final int outputs;
    private final boolean intercept;
    private final CoefficientBounds bounds;

    /**
     * @param standardization per-feature centre and scale
     * @param outputs K
     * @param intercept whether the parameters end with K intercepts
     */
    public LinearParametrization(Standardization standardization, int outputs, boolean intercept) {
        this(standardization, outputs, intercept, null);
    }

    /**
     * @param standardization per-feature centre and scale
     * @param outputs K
     * @param intercept whether the parameters end with K intercepts
     * @param bounds bounds on the weights, one pair per feature, or null for none
     */
    public LinearParametrization(Standardization standardization, int outputs, boolean intercept,
                                 CoefficientBounds bounds) {
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
        }
        if (bounds != null && bounds.numFeatures() != standardization.numFeatures()) {
            throw new IllegalArgumentException("bounds cover " + bounds.numFeatures() + " features, the model has "
                    + standardization.numFeatures());
        }
        this.standardization = standardization;
        this.outputs = outputs;
        this.intercept = intercept;
        this.bounds = bounds == null || bounds.isUnbounded() ? null : bounds;
    }

    /** The standardization. */
    public Standardization standardization() {
        return standardization;
    }

    @Override
    public int dimension() {
        return outputs * standardization.numFeatures() + (intercept ? outputs : 0);
    }

    @Override
    public double[] toModel(double[] x) {
        return standardization.toModel(x, outputs, intercept, bounds);
    }

    @Override
    public double[] toOptimizer(double[] p) {
        return standardization.toOptimizer(p, outputs, intercept);
    }

    @Override
    public double[] gradientToOptimizer(double[] g) {
        return standardization.gradientToOptimizer(g, outputs, intercept);
    }

    @Override
    public double[] penaltyScale() {
        int d = standardization.numFeatures();
        double[] c = new double[dimension()];
        double[] s = standardization.scale();
        for (int k = 0; k < outputs * d; k++) {
            c[k] = 1.0 / s[k % d];
        }
        return c;
    }

    /** The optimizer's feasible box for the coefficient bounds, or null when there are none (see the class comment). */
    public Box box() {
        if (bounds == null) {
            return null;
        }
        int d = standardization.numFeatures();
        double[] s = standardization.scale();
        double[] lower = new double[dimension()];
        double[] upper = new double[dimension()];
        java.util.Arrays.fill(lower, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(upper, Double.POSITIVE_INFINITY);
        for (int k = 0; k < outputs * d; k++) {
            int j = k % d;
            lower[k] = scaledLower(bounds.lowerOf(j), s[j]);
            upper[k] = scaledUpper(bounds.upperOf(j), s[j]);
        }
        return new Box(lower, upper);
    }

    /** {@code l s}, lowered until {@code v / s} rounds to at most {@code l} at it (infinite bounds stay infinite). */
    private static double scaledLower(double l, double s) {
        double v = l * s;
        while (Double.isFinite(v) && v / s > l) {
            v = Math.nextDown(v);
        }
        return v;
    }

    /** {@code u s}, raised until {@code v / s} rounds to at least {@code u} at it. */
    private static double scaledUpper(double u, double s) {
        double v = u * s;
        while (Double.isFinite(v) && v / s < u) {
            v = Math.nextUp(v);
        }
        return v;
    }
}
