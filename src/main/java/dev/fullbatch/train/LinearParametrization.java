package dev.fullbatch.train;

/**
 * The parametrization of a linear model ({@code K x d} weights then {@code K} intercepts) through a
 * {@link Standardization}: optimizer coordinates are the weights times the feature scales (and intercepts shifted
 * by the centring), so the optimizer sees unit-variance, centred features while the data stays as it is.
 */
public final class LinearParametrization implements Parametrization {
    private final Standardization standardization;
    private final int outputs;
    private final boolean intercept;

    /**
     * @param standardization per-feature centre and scale
     * @param outputs K
     * @param intercept whether the parameters end with K intercepts
     */
    public LinearParametrization(Standardization standardization, int outputs, boolean intercept) {
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
        }
        this.standardization = standardization;
        this.outputs = outputs;
        this.intercept = intercept;
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
        return standardization.toModel(x, outputs, intercept);
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
}
