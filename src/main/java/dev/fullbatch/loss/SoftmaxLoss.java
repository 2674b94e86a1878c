package dev.fullbatch.loss;

import dev.fullbatch.math.DeterministicMath;

/**
 * Softmax cross-entropy over {@code K} classes: {@code -log softmax(m)[y]} for integer labels {@code 0..K-1};
 * derivative {@code softmax(m) - e_y}. The largest margin is subtracted first so nothing overflows; the {@code K}
 * exponentials are computed once per row and give both the normalizer {@code z} and the probabilities
 * {@code e_c / z}.
 */
public final class SoftmaxLoss implements OutputLoss {
    private static final long serialVersionUID = 1L;
    private final int classes;

    /** @param classes the number of classes, at least 2 */
    public SoftmaxLoss(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("softmax needs at least 2 classes, got " + classes);
        }
        this.classes = classes;
    }

    @Override
    public int outputs() {
        return classes;
    }

    @Override
    public double evaluate(double[] labels, double[] weights, int from, int n, double[] margins,
                           double[] derivatives) {
        int k = classes;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int base = i * k;
            int y = (int) labels[from + i];
            double max = margins[base];
            for (int c = 1; c < k; c++) {
                max = Math.max(max, margins[base + c]);
            }
            // Each exponential once: kept in the derivatives row (when wanted) for the probabilities
            // p_c = e_c / z, one correctly rounded quotient each.
            double z = 0;
            if (derivatives == null) {
                for (int c = 0; c < k; c++) {
                    z += DeterministicMath.exp(margins[base + c] - max);
                }
            } else {
                for (int c = 0; c < k; c++) {
                    double e = DeterministicMath.exp(margins[base + c] - max);
                    derivatives[base + c] = e;
                    z += e;
                }
            }
            double w = weights == null ? 1.0 : weights[from + i];
            double logZ = max + DeterministicMath.log(z);
            sum += w * (logZ - margins[base + y]);
            if (derivatives != null) {
                for (int c = 0; c < k; c++) {
                    double p = derivatives[base + c] / z;
                    derivatives[base + c] = w * (c == y ? p - 1.0 : p);
                }
            }
        }
        return sum;
    }
}
