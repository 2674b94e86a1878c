package dev.fullbatch.model;

/**
 * The matrix products of {@link NetworkObjective}, on flat row-major arrays with explicit strides, in one fixed
 * operation order: every element of the result adds its terms to its current value one after another, in ascending
 * order of the summed index, each product rounded and then added (no fused multiply-add). So an element's bits are
 * those of the plain sequential loop {@code s = c; for t: s = s + l_t * r_t}, whatever the blocking.
 *
 * <p>When the {@code jdk.incubator.vector} module is present (as for {@link DenseKernels}, and
 * {@code -Dfullbatch.kernels=scalar} forces the scalar loops) the products run on {@link VectorNetworkKernels}: a
 * fixed 256-bit shape on every CPU, the elements of a row of the result in the lanes and a block of 4 rows x 8
 * columns held in registers over the whole sum, which changes the speed (the result is read and written once instead
 * of once per term) and never a bit. The scalar loops are the reference; tests check both give identical bits.
 */
final class NetworkKernels {
    private NetworkKernels() {
    }

    /**
     * {@code c[co + r*ldc + k] += sum_{t < len} left[lo + r*lr + t*lt] * right[ro + t*ldr + k]} for {@code r < rows},
     * {@code k < cols}, each element adding its terms in ascending {@code t} onto its current value.
     */
    static void multiplyAdd(double[] left, int lo, int lr, int lt, double[] right, int ro, int ldr,
                            double[] c, int co, int ldc, int rows, int cols, int len) {
        if (DenseKernels.VECTOR) {
            VectorNetworkKernels.multiplyAdd(left, lo, lr, lt, right, ro, ldr, c, co, ldc, rows, cols, len);
        } else {
            scalarMultiplyAdd(left, lo, lr, lt, right, ro, ldr, c, co, ldc, rows, cols, len);
        }
    }

    /**
     * The reference loops of {@link #multiplyAdd}, also the vector kernel's tails (a block of rows and columns at
     * {@code (lo, co)} with the same strides). Row by row, one term at a time over the row: each element still adds
     * its terms in ascending {@code t}.
     */
    static void scalarMultiplyAdd(double[] left, int lo, int lr, int lt, double[] right, int ro, int ldr,
                                  double[] c, int co, int ldc, int rows, int cols, int len) {
        for (int r = 0; r < rows; r++) {
            int cr = co + r * ldc;
            int lrow = lo + r * lr;
            for (int t = 0; t < len; t++) {
                double l = left[lrow + t * lt];
                int rt = ro + t * ldr;
                for (int k = 0; k < cols; k++) {
                    c[cr + k] += l * right[rt + k];
                }
            }
        }
    }
}
