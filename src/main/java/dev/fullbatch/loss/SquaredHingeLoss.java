package dev.fullbatch.loss;

/** Squared hinge: {@code max(0, 1 - y m)^2} with {@code y = +1} for a positive label and {@code -1} otherwise. */
public final class SquaredHingeLoss implements OutputLoss {
    private static final long serialVersionUID = 1L;

    /** 2: the second derivative of {@code max(0, 1 - y m)^2} wherever the hinge is active (0 elsewhere). */
    @Override
    public double curvatureBound() {
        return 2.0;
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

    /**
     * The generalized second derivative: {@code 2 weight_i} where {@code 1 - y m > 0} (the rows whose derivative is
     * not zero), 0 elsewhere.
     */
    @Override
    public void curvatures(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        for (int i = 0; i < n; i++) {
            double y = labels[from + i] > 0 ? 1.0 : -1.0;
            double w = weights == null ? 1.0 : weights[from + i];
            out[i] = 1.0 - y * margins[i] > 0 ? 2.0 * w : 0.0;
        }
    }
}
