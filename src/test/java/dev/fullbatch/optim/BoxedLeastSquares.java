package dev.fullbatch.optim;

import java.util.Random;

/**
 * {@code f(x) = (1/2n) |A x - y|^2} on correlated random columns, with its exact minimizer over a box found by brute
 * force: every assignment of each variable to its lower bound, its upper bound or free (finite bounds only), the
 * free ones solving the normal equations with the others fixed, kept when it is feasible and satisfies the
 * Karush-Kuhn-Tucker signs. Independent of the optimizers (Gaussian elimination, no iteration).
 */
final class BoxedLeastSquares implements DifferentiableFunction {

    private final double[][] a;
    private final double[] y;

    BoxedLeastSquares(int rows, int columns, long seed) {
        Random random = new Random(seed);
        a = new double[rows][columns];
        y = new double[rows];
        double[] truth = new double[columns];
        for (int j = 0; j < columns; j++) {
            truth[j] = random.nextGaussian() * 2;
        }
        for (int i = 0; i < rows; i++) {
            double shared = random.nextGaussian();
            for (int j = 0; j < columns; j++) {
                a[i][j] = random.nextGaussian() + 0.7 * shared + (j == columns - 1 ? 3.0 : 0.0);
                y[i] += truth[j] * a[i][j];
            }
            y[i] += 0.5 * random.nextGaussian();
        }
    }

    @Override
    public int dimension() {
        return a[0].length;
    }

    @Override
    public Evaluation evaluate(double[] x) {
        int n = y.length;
        double[] g = new double[x.length];
        double f = 0.0;
        for (int i = 0; i < n; i++) {
            double r = -y[i];
            for (int j = 0; j < x.length; j++) {
                r += a[i][j] * x[j];
            }
            f += 0.5 * r * r;
            for (int j = 0; j < x.length; j++) {
                g[j] += r * a[i][j];
            }
        }
        for (int j = 0; j < x.length; j++) {
            g[j] /= n;
        }
        return new Evaluation(f / n, g);
    }

    /** The minimizer over {@code box}, by enumerating the active sets. */
    double[] minimizer(Box box) {
        int d = dimension();
        double[] lo = box.lower();
        double[] hi = box.upper();
        int cases = 1;
        for (int j = 0; j < d; j++) {
            cases *= 3;
        }
        for (int c = 0; c < cases; c++) {
            int[] state = new int[d]; // 0 free, 1 at lower, 2 at upper
            int code = c;
            boolean possible = true;
            for (int j = 0; j < d; j++) {
                state[j] = code % 3;
                code /= 3;
                possible &= state[j] != 1 || Double.isFinite(lo[j]);
                possible &= state[j] != 2 || Double.isFinite(hi[j]);
            }
            if (!possible) {
                continue;
            }
            double[] x = solveFree(state, lo, hi);
            if (x != null && kkt(x, state, lo, hi)) {
                return x;
            }
        }
        throw new AssertionError("no active set satisfies the optimality conditions");
    }

    private double[] solveFree(int[] state, double[] lo, double[] hi) {
        int d = dimension();
        double[] x = new double[d];
        int[] free = new int[d];
        int m = 0;
        for (int j = 0; j < d; j++) {
            if (state[j] == 0) {
                free[m++] = j;
            } else {
                x[j] = state[j] == 1 ? lo[j] : hi[j];
            }
        }
        // normal equations of the free variables: (A_F' A_F) x_F = A_F' (y - A_B x_B)
        double[][] sys = new double[m][m + 1];
        for (int i = 0; i < y.length; i++) {
            double rest = y[i];
            for (int j = 0; j < d; j++) {
                if (state[j] != 0) {
                    rest -= a[i][j] * x[j];
                }
            }
            for (int p = 0; p < m; p++) {
                for (int q = 0; q < m; q++) {
                    sys[p][q] += a[i][free[p]] * a[i][free[q]];
                }
                sys[p][m] += a[i][free[p]] * rest;
            }
        }
        for (int col = 0; col < m; col++) {
            int pivot = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(sys[r][col]) > Math.abs(sys[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = sys[col];
            sys[col] = sys[pivot];
            sys[pivot] = t;
            for (int r = col + 1; r < m; r++) {
                double f = sys[r][col] / sys[col][col];
                for (int k = col; k <= m; k++) {
                    sys[r][k] -= f * sys[col][k];
                }
            }
        }
        for (int r = m - 1; r >= 0; r--) {
            double s = sys[r][m];
            for (int k = r + 1; k < m; k++) {
                s -= sys[r][k] * x[free[k]];
            }
            x[free[r]] = s / sys[r][r];
        }
        return x;
    }

    private boolean kkt(double[] x, int[] state, double[] lo, double[] hi) {
        double[] g = evaluate(x).gradient();
        double tolerance = 1e-12;
        for (int j = 0; j < x.length; j++) {
            if (state[j] == 0 && !(x[j] >= lo[j] - tolerance && x[j] <= hi[j] + tolerance)) {
                return false;
            }
            if (state[j] == 1 && g[j] < -tolerance) {
                return false;
            }
            if (state[j] == 2 && g[j] > tolerance) {
                return false;
            }
        }
        return true;
    }
}
