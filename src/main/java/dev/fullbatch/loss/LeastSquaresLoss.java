package dev.fullbatch.loss;

/** Least squares: {@code (m - y)^2 / 2}, derivative {@code m - y}. */
public final class LeastSquaresLoss implements OutputLoss {
    private static final long serialVersionUID = 1L;

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
}
