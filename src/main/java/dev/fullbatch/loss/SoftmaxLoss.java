package dev.fullbatch.loss;

import dev.fullbatch.math.DeterministicMath;
import dev.fullbatch.math.VectorApi;
import dev.fullbatch.math.VectorExp;

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

    /**
     * 1/4: a margin's own second derivative {@code p_k (1 - p_k)} is largest where its class has probability 1/2
     * (the diagonal of the row's Hessian, which is what a per-feature scale sees).
     */
    @Override
    public double curvatureBound() {
        return 0.25;
    }

    @Override
    public int outputs() {
        return classes;
    }

    /**
     * The exponentials of the whole run first (on the Vector API when {@link VectorApi#USED}, four at a time:
     * {@link VectorExp}, the same bits), kept in the derivatives' room when wanted, then each row's normalizer,
     * loss and probabilities {@code e_c / z}.
     */
    @Override
    public double evaluate(double[] labels, double[] weights, int from, int n, double[] margins,
                           double[] derivatives) {
        int k = classes;
        double[] e = derivatives != null ? derivatives : new double[n * k];
        for (int i = 0; i < n; i++) {
            int base = i * k;
            double max = max(margins, base);
            for (int c = 0; c < k; c++) {
                e[base + c] = margins[base + c] - max;
            }
        }
        if (VectorApi.USED) {
            VectorExp.exp(e, 0, n * k, e, 0);
        } else {
            for (int j = 0; j < n * k; j++) {
                e[j] = DeterministicMath.exp(e[j]);
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int base = i * k;
            int y = (int) labels[from + i];
            double z = 0;
            for (int c = 0; c < k; c++) {
                z += e[base + c];
            }
            double w = weights == null ? 1.0 : weights[from + i];
            // The row's largest margin again rather than kept: no allocation per run.
            double logZ = max(margins, base) + DeterministicMath.log(z);
            sum += w * (logZ - margins[base + y]);
            if (derivatives != null) {
                // p_c = e_c / z, one correctly rounded quotient each.
                for (int c = 0; c < k; c++) {
                    double p = derivatives[base + c] / z;
                    derivatives[base + c] = w * (c == y ? p - 1.0 : p);
                }
            }
        }
        return sum;
    }

    /**
     * Each row's {@code K x K} block {@code weight_i (diag(p) - p p^T)}, {@code p = softmax(m)} computed as in
     * {@link #evaluate} (the label does not enter).
     */
    @Override
    public void curvatures(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        int k = classes;
        double[] p = new double[k];
        for (int i = 0; i < n; i++) {
            probabilities(margins, i * k, p);
            double w = weights == null ? 1.0 : weights[from + i];
            int base = i * k * k;
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    double h = a == b ? p[a] - p[a] * p[b] : -(p[a] * p[b]);
                    out[base + a * k + b] = w * h;
                }
            }
        }
    }

    /**
     * {@code weight_i (p o v - p (p . v))} per row ({@code p . v} summed over classes in order): the product with
     * the {@link #curvatures} block without forming it.
     */
    @Override
    public void hessianTimes(double[] labels, double[] weights, int from, int n, double[] margins,
                             double[] direction, double[] out) {
        int k = classes;
        double[] p = new double[k];
        for (int i = 0; i < n; i++) {
            int base = i * k;
            probabilities(margins, base, p);
            double pv = 0;
            for (int c = 0; c < k; c++) {
                pv += p[c] * direction[base + c];
            }
            double w = weights == null ? 1.0 : weights[from + i];
            for (int c = 0; c < k; c++) {
                out[base + c] = w * (p[c] * direction[base + c] - p[c] * pv);
            }
        }
    }

    /** The largest of {@code margins[base .. base+K-1]} (NaN if any is NaN). */
    private double max(double[] margins, int base) {
        double max = margins[base];
        for (int c = 1; c < classes; c++) {
            max = Math.max(max, margins[base + c]);
        }
        return max;
    }

    /** {@code p = softmax(margins[base .. base+K-1])}, the largest margin subtracted first as in evaluate. */
    private void probabilities(double[] margins, int base, double[] p) {
        int k = classes;
        double max = max(margins, base);
        double z = 0;
        for (int c = 0; c < k; c++) {
            double e = DeterministicMath.exp(margins[base + c] - max);
            p[c] = e;
            z += e;
        }
        for (int c = 0; c < k; c++) {
            p[c] = p[c] / z;
        }
    }
}
