package dev.fullbatch.optim;

import java.util.Random;

/**
 * A small, fixed logistic-regression problem: {@code (1/n) sum_i log(1 + exp(-y_i (x_i.w + b))) + (lambda/2)|w|^2}
 * on correlated Gaussian features with labels drawn from a logistic model, the intercept {@code b} last and
 * unpenalized. Written with {@link StrictMath} so every JVM gives the same bits. Its exact minimum comes from
 * {@link #newtonMinimum()}. Its Hessian (plain loops, for Newton's method) is {@link #hessian}.
 */
final class LogisticRegression implements TwiceDifferentiableFunction {

    private final double[][] features;
    private final double[] labels;
    private final double lambda;

    LogisticRegression(int rows, int columns, double lambda, long seed) {
        Random random = new Random(seed);
        features = new double[rows][columns];
        labels = new double[rows];
        double[] truth = new double[columns];
        for (int j = 0; j < columns; j++) {
            truth[j] = random.nextGaussian();
        }
        for (int i = 0; i < rows; i++) {
            double shared = random.nextGaussian();
            double margin = 0.3;
            for (int j = 0; j < columns; j++) {
                // neighbouring features share a factor, making the Hessian moderately ill-conditioned
                features[i][j] = 0.6 * random.nextGaussian() + 0.8 * (j % 2 == 0 ? shared : -shared);
                margin += truth[j] * features[i][j];
            }
            labels[i] = random.nextDouble() < 1.0 / (1.0 + StrictMath.exp(-margin)) ? 1.0 : -1.0;
        }
        this.lambda = lambda;
    }

    @Override
    public int dimension() {
        return features[0].length + 1;
    }

    @Override
    public Evaluation evaluate(double[] w) {
        int d = features[0].length;
        double[] g = new double[d + 1];
        double f = 0.0;
        for (int i = 0; i < features.length; i++) {
            double m = labels[i] * margin(w, i);
            f += loss(m);
            // d/dm log(1 + exp(-m)) = -1 / (1 + exp(m))
            double coefficient = -labels[i] / (1.0 + StrictMath.exp(m));
            for (int j = 0; j < d; j++) {
                g[j] += coefficient * features[i][j];
            }
            g[d] += coefficient;
        }
        int n = features.length;
        for (int j = 0; j <= d; j++) {
            g[j] /= n;
        }
        f /= n;
        for (int j = 0; j < d; j++) {
            f += 0.5 * lambda * w[j] * w[j];
            g[j] += lambda * w[j];
        }
        return new Evaluation(f, g);
    }

    @Override
    public double value(double[] w) {
        int d = features[0].length;
        double f = 0.0;
        for (int i = 0; i < features.length; i++) {
            f += loss(labels[i] * margin(w, i));
        }
        f /= features.length;
        for (int j = 0; j < d; j++) {
            f += 0.5 * lambda * w[j] * w[j];
        }
        return f;
    }

    private double margin(double[] w, int i) {
        int d = features[0].length;
        double m = w[d];
        for (int j = 0; j < d; j++) {
            m += w[j] * features[i][j];
        }
        return m;
    }

    private static double loss(double m) {
        return m > 0 ? StrictMath.log1p(StrictMath.exp(-m)) : -m + StrictMath.log1p(StrictMath.exp(m));
    }

    /** The Hessian at {@code w}. */
    double[][] hessian(double[] w) {
        int d = features[0].length;
        int p = d + 1;
        double[][] h = new double[p][p];
        for (int i = 0; i < features.length; i++) {
            double m = labels[i] * margin(w, i);
            double s = 1.0 / (1.0 + StrictMath.exp(-m));
            double c = s * (1 - s) / features.length;
            for (int a = 0; a < p; a++) {
                double xa = a < d ? features[i][a] : 1.0;
                for (int b = 0; b < p; b++) {
                    double xb = b < d ? features[i][b] : 1.0;
                    h[a][b] += c * xa * xb;
                }
            }
        }
        for (int a = 0; a < d; a++) {
            h[a][a] += lambda;
        }
        return h;
    }

    @Override
    public double[][] hessianTimes(double[] w, double[][] directions) {
        double[][] h = hessian(w);
        double[][] out = new double[directions.length][];
        for (int t = 0; t < directions.length; t++) {
            out[t] = new double[h.length];
            for (int a = 0; a < h.length; a++) {
                for (int b = 0; b < h.length; b++) {
                    out[t][a] += h[a][b] * directions[t][b];
                }
            }
        }
        return out;
    }

    @Override
    public SecondOrderEvaluation evaluateWithHessian(double[] w) {
        Evaluation e = evaluate(w);
        return new SecondOrderEvaluation(e.value(), e.gradient(), dev.fullbatch.math.SymmetricMatrix.of(hessian(w)));
    }

    @Override
    public DiagonalEvaluation evaluateWithDiagonal(double[] w) {
        Evaluation e = evaluate(w);
        double[][] h = hessian(w);
        double[] diagonal = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            diagonal[i] = h[i][i];
        }
        return new DiagonalEvaluation(e.value(), e.gradient(), diagonal);
    }

    /** The minimum value, by Newton's method with Cholesky solves run to machine precision. */
    double newtonMinimum() {
        int d = features[0].length;
        int p = d + 1;
        double[] w = new double[p];
        for (int iteration = 0; iteration < 50; iteration++) {
            double[] g = evaluate(w).gradient();
            double[][] h = hessian(w);
            double[] step = solveSymmetric(h, g);
            for (int a = 0; a < p; a++) {
                w[a] -= step[a];
            }
        }
        return value(w);
    }

    private static double[] solveSymmetric(double[][] h, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = h[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * z[k];
            }
            z[i] = sum / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }
}
