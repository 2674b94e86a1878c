package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.loss.OutputLoss;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A brute-force reference for a linear objective: margins computed exactly and rounded once, per-row losses and
 * derivatives from the same loss, and every sum accumulated exactly in BigDecimal. Also the sum of absolute
 * values of each sum's terms, the scale against which errors are judged.
 */
final class ExactReference {
    final double[] gradient;
    final double[] gradientAbs;
    final double loss;
    final double lossAbs;
    final double weight;

    ExactReference(Iterable<Block> blocks, OutputLoss lossFn, int d, boolean intercept, double[] p) {
        int k = lossFn.outputs();
        int dim = k * d + (intercept ? k : 0);
        BigDecimal[] g = new BigDecimal[dim];
        BigDecimal[] ga = new BigDecimal[dim];
        for (int j = 0; j < dim; j++) {
            g[j] = BigDecimal.ZERO;
            ga[j] = BigDecimal.ZERO;
        }
        BigDecimal l = BigDecimal.ZERO;
        BigDecimal la = BigDecimal.ZERO;
        BigDecimal w = BigDecimal.ZERO;
        for (Block b : blocks) {
            for (int i = 0; i < b.rows(); i++) {
                double[] m = new double[k];
                for (int c = 0; c < k; c++) {
                    BigDecimal s = intercept ? new BigDecimal(p[k * d + c]) : BigDecimal.ZERO;
                    for (int j = 0; j < d; j++) {
                        double x = j < b.numFeatures() ? b.featureAt(i, j) : 0.0;
                        s = s.add(new BigDecimal(x).multiply(new BigDecimal(p[c * d + j])));
                    }
                    m[c] = s.round(MathContext.DECIMAL128).doubleValue();
                }
                double[] der = new double[k];
                double li = lossFn.evaluate(b.labels(), b.weights(), i, 1, m, der);
                l = l.add(new BigDecimal(li));
                la = la.add(new BigDecimal(Math.abs(li)));
                w = w.add(new BigDecimal(b.weights() == null ? 1.0 : b.weights()[i]));
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < d; j++) {
                        double x = j < b.numFeatures() ? b.featureAt(i, j) : 0.0;
                        double t = der[c] * x;
                        g[c * d + j] = g[c * d + j].add(new BigDecimal(t));
                        ga[c * d + j] = ga[c * d + j].add(new BigDecimal(Math.abs(t)));
                    }
                    if (intercept) {
                        g[k * d + c] = g[k * d + c].add(new BigDecimal(der[c]));
                        ga[k * d + c] = ga[k * d + c].add(new BigDecimal(Math.abs(der[c])));
                    }
                }
            }
        }
        gradient = new double[dim];
        gradientAbs = new double[dim];
        for (int j = 0; j < dim; j++) {
            gradient[j] = g[j].doubleValue();
            gradientAbs[j] = ga[j].doubleValue();
        }
        loss = l.doubleValue();
        lossAbs = la.doubleValue();
        weight = w.doubleValue();
    }
}
