package dev.fullbatch.loss;

/**
 * Huber: {@code r^2/2} for {@code |r| <= delta}, else {@code delta * (|r| - delta/2)}, with {@code r = m - y}.
 */
public final class HuberLoss implements OutputLoss {
    private static final long serialVersionUID = 1L;
    private final double delta;

    /** @param delta the threshold between the quadratic and linear parts, positive and finite */
    public HuberLoss(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("huber delta must be positive and finite, got " + delta);
        }
        this.delta = delta;
    }

    /** 1: the second derivative inside the threshold ({@code r^2/2}); 0 beyond it. */
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
            double a = Math.abs(r);
            double loss;
            double d;
            if (a <= delta) {
                loss = 0.5 * r * r;
                d = r;
            } else {
                loss = delta * (a - 0.5 * delta);
                d = r > 0 ? delta : -delta;
            }
            sum += w * loss;
            if (derivatives != null) {
                derivatives[i] = w * d;
            }
        }
        return sum;
    }

    /**
     * The generalized second derivative: {@code weight_i} where {@code |r| <= delta} (the quadratic part, its
     * boundary included, as {@link #evaluate} includes it), 0 on the linear parts.
     */
    @Override
    public void curvatures(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        for (int i = 0; i < n; i++) {
            double r = margins[i] - labels[from + i];
            double w = weights == null ? 1.0 : weights[from + i];
            out[i] = Math.abs(r) <= delta ? w : 0.0;
        }
    }
}
