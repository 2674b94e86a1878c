package dev.fullbatch.optim;

import java.util.Random;

/**
 * A lasso problem with a known sparse solution: {@code f(x) = (1/2n) |A x - y|^2} where the columns of A are
 * orthogonal (scaled columns of a Sylvester-Hadamard matrix), so {@code A'A / n = diag(c)} and the minimizer of
 * {@code f + sum_j lambda_j |x_j|} is the soft-thresholded least-squares solution
 * {@code x_j = sign(z_j) max(|z_j| - lambda_j / c_j, 0)}.
 */
final class OrthogonalLasso implements DifferentiableFunction {

    private final double[][] design;
    private final double[] response;
    private final double[] scale;
    private final double[] leastSquares;

    OrthogonalLasso(int rowsPowerOfTwo, int columns, long seed) {
        int n = rowsPowerOfTwo;
        double[][] hadamard = {{1.0}};
        while (hadamard.length < n) {
            int m = hadamard.length;
            double[][] bigger = new double[2 * m][2 * m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    bigger[i][j] = hadamard[i][j];
                    bigger[i][j + m] = hadamard[i][j];
                    bigger[i + m][j] = hadamard[i][j];
                    bigger[i + m][j + m] = -hadamard[i][j];
                }
            }
            hadamard = bigger;
        }
        Random random = new Random(seed);
        scale = new double[columns];
        design = new double[n][columns];
        for (int j = 0; j < columns; j++) {
            scale[j] = 1.0 + 9.0 * j / Math.max(1, columns - 1); // curvatures 1 .. 10
            double s = Math.sqrt(scale[j]);
            for (int i = 0; i < n; i++) {
                design[i][j] = s * hadamard[i][j + 1]; // skip the all-ones column
            }
        }
        response = new double[n];
        for (int i = 0; i < n; i++) {
            response[i] = random.nextGaussian();
        }
        leastSquares = new double[columns];
        for (int j = 0; j < columns; j++) {
            double dot = 0.0;
            for (int i = 0; i < n; i++) {
                dot += design[i][j] * response[i];
            }
            leastSquares[j] = dot / (n * scale[j]);
        }
    }

    /** The exact minimizer of {@code f + l1}. */
    double[] solution(L1Penalty l1) {
        double[] w = l1.weights();
        double[] x = new double[leastSquares.length];
        for (int j = 0; j < x.length; j++) {
            double threshold = w[j] / scale[j];
            double z = leastSquares[j];
            x[j] = z > threshold ? z - threshold : z < -threshold ? z + threshold : 0.0;
        }
        return x;
    }

    /** The least-squares solution (no penalty). */
    double[] leastSquares() {
        return leastSquares.clone();
    }

    @Override
    public int dimension() {
        return scale.length;
    }

    @Override
    public Evaluation evaluate(double[] x) {
        int n = response.length;
        double[] g = new double[x.length];
        double f = 0.0;
        for (int i = 0; i < n; i++) {
            double r = -response[i];
            for (int j = 0; j < x.length; j++) {
                r += design[i][j] * x[j];
            }
            f += 0.5 * r * r;
            for (int j = 0; j < x.length; j++) {
                g[j] += r * design[i][j];
            }
        }
        for (int j = 0; j < x.length; j++) {
            g[j] /= n;
        }
        return new Evaluation(f / n, g);
    }
}
