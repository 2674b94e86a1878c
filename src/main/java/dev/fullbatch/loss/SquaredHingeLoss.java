package dev.fullbatch.loss;

/** Squared hinge: {@code max(0, 1 - y m)^2} with {@code y = +1} for a positive label and {@code -1} otherwise. */
public final class SquaredHingeLoss implements OutputLoss {
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
            double y = labels[from + i] > 0 ? 1.0 : -1.0;
            double t = 1.0 - y * margins[i];
            double w = weights == null ? 1.0 : weights[from + i];
            double h = t > 0 ? t : 0.0;
            sum += w * (h * h);
            if (derivatives != null) {
                derivatives[i] = -2.0 * y * w * h;
            }
        }
        return sum;
    }
}
