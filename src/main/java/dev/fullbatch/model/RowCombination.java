package dev.fullbatch.model;

/**
 * The one inner loop of the network kernels: {@code y[k] += c_0 x_0[k] + c_1 x_1[k] + ...} for {@code k < n}, the
 * terms added to each element one after another in list order, exactly as a sequence of {@code y += c x} updates
 * would (Java evaluates {@code a + b + c} as {@code (a + b) + c}, and no fused multiply-add is used), so the bits are
 * those of one update at a time.
 *
 * <p>A matrix product is a series of these: a row of the result is a combination of rows of the other factor, and
 * zero coefficients (inactive ReLUs, sparse inputs) are simply left out of the list. Four terms go through each pass
 * over {@code y}, so {@code y} is loaded and stored a quarter as often. Every row is its own array, indexed from 0:
 * that is what lets HotSpot's C2 vectorize the loop (with rows at offsets inside one shared array it cannot rule out
 * overlap, and stays scalar), about five times faster on AVX2.
 */
final class RowCombination {
    private RowCombination() {
    }

    /**
     * Adds {@code sum_t coefficients[t] * matrix[picked[t]][0 .. n-1]} for {@code t < count}, in order, to
     * {@code y[0 .. n-1]}.
     */
    static void add(double[] y, int n, double[] coefficients, double[][] matrix, int[] picked, int count) {
        int t = 0;
        for (; t + 3 < count; t += 4) {
            double c0 = coefficients[t];
            double c1 = coefficients[t + 1];
            double c2 = coefficients[t + 2];
            double c3 = coefficients[t + 3];
            double[] x0 = matrix[picked[t]];
            double[] x1 = matrix[picked[t + 1]];
            double[] x2 = matrix[picked[t + 2]];
            double[] x3 = matrix[picked[t + 3]];
            for (int k = 0; k < n; k++) {
                y[k] = y[k] + c0 * x0[k] + c1 * x1[k] + c2 * x2[k] + c3 * x3[k];
            }
        }
        for (; t < count; t++) {
            double c = coefficients[t];
            double[] x = matrix[picked[t]];
            for (int k = 0; k < n; k++) {
                y[k] += c * x[k];
            }
        }
    }
}
