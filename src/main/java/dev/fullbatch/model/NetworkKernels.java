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
 * of once per term) and never a bit. Without the module the same blocking runs on scalar locals. The plain loops
 * of {@link #scalarMultiplyAdd} are the reference; tests check that every path gives their bits.
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
            blockedMultiplyAdd(left, lo, lr, lt, right, ro, ldr, c, co, ldc, rows, cols, len);
        }
    }

    /**
     * {@link #scalarMultiplyAdd} on blocks of 4 x 4 elements summed in local variables (the JIT cannot vectorize
     * loops over rows at offsets in shared arrays, but sixteen independent sums keep the multipliers busy), the
     * leftover rows and columns one element at a time: the same bits.
     */
    static void blockedMultiplyAdd(double[] left, int lo, int lr, int lt, double[] right, int ro, int ldr,
                                   double[] c, int co, int ldc, int rows, int cols, int len) {
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int k = 0;
            for (; k + 3 < cols; k += 4) {
                block4x4(left, lo + r * lr, lr, lt, right, ro + k, ldr, c, co + r * ldc + k, ldc, len);
            }
            for (; k < cols; k++) {
                column4(left, lo + r * lr, lr, lt, right, ro + k, ldr, c, co + r * ldc + k, ldc, len);
            }
        }
        for (; r < rows; r++) {
            int l0 = lo + r * lr;
            int cr = co + r * ldc;
            for (int k = 0; k < cols; k++) {
                double s = c[cr + k];
                for (int t = 0; t < len; t++) {
                    s += left[l0 + t * lt] * right[ro + t * ldr + k];
                }
                c[cr + k] = s;
            }
        }
    }

    /** One column of four rows in scalar registers (the columns left over by the blocks). */
    static void column4(double[] left, int l0, int lr, int lt, double[] right, int r0, int ldr,
                        double[] c, int c0, int ldc, int len) {
        int l1 = l0 + lr;
        int l2 = l1 + lr;
        int l3 = l2 + lr;
        double s0 = c[c0];
        double s1 = c[c0 + ldc];
        double s2 = c[c0 + 2 * ldc];
        double s3 = c[c0 + 3 * ldc];
        for (int t = 0; t < len; t++) {
            double x = right[r0 + t * ldr];
            int lt0 = t * lt;
            s0 += left[l0 + lt0] * x;
            s1 += left[l1 + lt0] * x;
            s2 += left[l2 + lt0] * x;
            s3 += left[l3 + lt0] * x;
        }
        c[c0] = s0;
        c[c0 + ldc] = s1;
        c[c0 + 2 * ldc] = s2;
        c[c0 + 3 * ldc] = s3;
    }

    private static void block4x4(double[] left, int l0, int lr, int lt, double[] right, int r0, int ldr,
                                 double[] c, int c0, int ldc, int len) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        double s00 = c[c0];
        double s01 = c[c0 + 1];
        double s02 = c[c0 + 2];
        double s03 = c[c0 + 3];
        double s10 = c[c1];
        double s11 = c[c1 + 1];
        double s12 = c[c1 + 2];
        double s13 = c[c1 + 3];
        double s20 = c[c2];
        double s21 = c[c2 + 1];
        double s22 = c[c2 + 2];
        double s23 = c[c2 + 3];
        double s30 = c[c3];
        double s31 = c[c3 + 1];
        double s32 = c[c3 + 2];
        double s33 = c[c3 + 3];
        int l1 = l0 + lr;
        int l2 = l1 + lr;
        int l3 = l2 + lr;
        for (int t = 0; t < len; t++) {
            int rt = r0 + t * ldr;
            double x0 = right[rt];
            double x1 = right[rt + 1];
            double x2 = right[rt + 2];
            double x3 = right[rt + 3];
            int lt0 = t * lt;
            double a = left[l0 + lt0];
            s00 += a * x0;
            s01 += a * x1;
            s02 += a * x2;
            s03 += a * x3;
            a = left[l1 + lt0];
            s10 += a * x0;
            s11 += a * x1;
            s12 += a * x2;
            s13 += a * x3;
            a = left[l2 + lt0];
            s20 += a * x0;
            s21 += a * x1;
            s22 += a * x2;
            s23 += a * x3;
            a = left[l3 + lt0];
            s30 += a * x0;
            s31 += a * x1;
            s32 += a * x2;
            s33 += a * x3;
        }
        c[c0] = s00;
        c[c0 + 1] = s01;
        c[c0 + 2] = s02;
        c[c0 + 3] = s03;
        c[c1] = s10;
        c[c1 + 1] = s11;
        c[c1 + 2] = s12;
        c[c1 + 3] = s13;
        c[c2] = s20;
        c[c2 + 1] = s21;
        c[c2 + 2] = s22;
        c[c2 + 3] = s23;
        c[c3] = s30;
        c[c3 + 1] = s31;
        c[c3 + 2] = s32;
        c[c3 + 3] = s33;
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
