package dev.fullbatch.loss;

/** Least squares: {@code (m - y)^2 / 2}, derivative {@code m - y}. */
public final class LeastSquaresLoss implements OutputLoss, GlmFamily {
    private static final long serialVersionUID = 1L;

    /** 1: the second derivative of {@code (m - y)^2 / 2} everywhere. */
    @Override
    public double curvatureBound() {
        return 1.0;
    }

    @Override
    public int outputs() {
        return 1;
    }

    @Override
    public double evaluate(double[] labels, double[] weights, int from, int n, double[] margins,
                           double[] derivatives) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double r = margins[i] - labels[from + i];
            double w = weights == null ? 1.0 : weights[from + i];
            sum += w * (0.5 * r * r);
            if (derivatives != null) {
                derivatives[i] = w * r;
            }
        }
        return sum;
    }

    /** {@code weight_i}: the curvature of {@code r^2/2} is 1 everywhere. */
    @Override
    public void curvatures(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = weights == null ? 1.0 : weights[from + i];
        }
    }

    /** Gaussian: R estimates the dispersion (the residual variance). */
    @Override
    public boolean estimatesDispersion() {
        return true;
    }

    /** The identity link is canonical: the curvatures. */
    @Override
    public void fisherWeights(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        curvatures(labels, weights, from, n, margins, out);
    }

    /** The weighted residual sum of squares ({@code V = 1}). */
    @Override
    public double pearsonChiSquare(double[] labels, double[] weights, int from, int n, double[] margins) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double r = labels[from + i] - margins[i];
            double w = weights == null ? 1.0 : weights[from + i];
            sum += w * (r * r);
        }
        return sum;
    }
}
