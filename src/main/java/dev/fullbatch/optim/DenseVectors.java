package dev.fullbatch.optim;

/**
 * The few dense vector operations the optimizers need, written as plain loops in index order so that the results
 * are the same bits on every JVM (Java never reassociates floating-point sums).
 */
final class DenseVectors {

    private DenseVectors() {
    }

    static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** {@code a - b} as a new array. */
    static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /** {@code x + alpha * d} as a new array. */
    static double[] plusScaled(double[] x, double alpha, double[] d) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + alpha * d[i];
        }
        return out;
    }

    /** {@code alpha * a} as a new array. */
    static double[] scaled(double alpha, double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = alpha * a[i];
        }
        return out;
    }

    static boolean allZero(double[] a) {
        for (double v : a) {
            if (v != 0.0) {
                return false;
            }
        }
        return true;
    }
}
