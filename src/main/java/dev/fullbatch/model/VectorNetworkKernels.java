package dev.fullbatch.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link NetworkKernels} on the JDK's Vector API with one fixed shape, 256 bits (four doubles), on every CPU, with
 * the bits of {@link NetworkKernels#scalarMultiplyAdd}: each lane holds one element of the result and adds the
 * elements' terms in the scalar order, multiply then add. Only loaded when the {@code jdk.incubator.vector} module is
 * present.
 */
final class VectorNetworkKernels {
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;

    private VectorNetworkKernels() {
    }

    static void multiplyAdd(double[] left, int lo, int lr, int lt, double[] right, int ro, int ldr,
                            double[] c, int co, int ldc, int rows, int cols, int len) {
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int k = 0;
            for (; k + 7 < cols; k += 8) {
                block4x8(left, lo + r * lr, lr, lt, right, ro + k, ldr, c, co + r * ldc + k, ldc, len);
            }
            for (; k + 3 < cols; k += 4) {
                block4x4(left, lo + r * lr, lr, lt, right, ro + k, ldr, c, co + r * ldc + k, ldc, len);
            }
            for (; k < cols; k++) {
                NetworkKernels.column4(left, lo + r * lr, lr, lt, right, ro + k, ldr, c, co + r * ldc + k, ldc, len);
            }
        }
        for (; r < rows; r++) {
            int k = 0;
            for (; k + 7 < cols; k += 8) {
                block1x8(left, lo + r * lr, lt, right, ro + k, ldr, c, co + r * ldc + k, len);
            }
            for (; k + 3 < cols; k += 4) {
                block1x4(left, lo + r * lr, lt, right, ro + k, ldr, c, co + r * ldc + k, len);
            }
            if (k < cols) {
                NetworkKernels.scalarMultiplyAdd(left, lo + r * lr, lr, lt, right, ro + k, ldr, c, co + r * ldc + k,
                        ldc, 1, cols - k, len);
            }
        }
    }

    private static void block4x8(double[] left, int l0, int lr, int lt, double[] right, int r0, int ldr,
                                 double[] c, int c0, int ldc, int len) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector a0 = DoubleVector.fromArray(D4, c, c0);
        DoubleVector b0 = DoubleVector.fromArray(D4, c, c0 + 4);
        DoubleVector a1 = DoubleVector.fromArray(D4, c, c1);
        DoubleVector b1 = DoubleVector.fromArray(D4, c, c1 + 4);
        DoubleVector a2 = DoubleVector.fromArray(D4, c, c2);
        DoubleVector b2 = DoubleVector.fromArray(D4, c, c2 + 4);
        DoubleVector a3 = DoubleVector.fromArray(D4, c, c3);
        DoubleVector b3 = DoubleVector.fromArray(D4, c, c3 + 4);
        int l1 = l0 + lr;
        int l2 = l1 + lr;
        int l3 = l2 + lr;
        for (int t = 0; t < len; t++) {
            int rt = r0 + t * ldr;
            int lt0 = t * lt;
            DoubleVector x = DoubleVector.fromArray(D4, right, rt);
            DoubleVector y = DoubleVector.fromArray(D4, right, rt + 4);
            DoubleVector s = DoubleVector.broadcast(D4, left[l0 + lt0]);
            a0 = a0.add(s.mul(x));
            b0 = b0.add(s.mul(y));
            s = DoubleVector.broadcast(D4, left[l1 + lt0]);
            a1 = a1.add(s.mul(x));
            b1 = b1.add(s.mul(y));
            s = DoubleVector.broadcast(D4, left[l2 + lt0]);
            a2 = a2.add(s.mul(x));
            b2 = b2.add(s.mul(y));
            s = DoubleVector.broadcast(D4, left[l3 + lt0]);
            a3 = a3.add(s.mul(x));
            b3 = b3.add(s.mul(y));
        }
        a0.intoArray(c, c0);
        b0.intoArray(c, c0 + 4);
        a1.intoArray(c, c1);
        b1.intoArray(c, c1 + 4);
        a2.intoArray(c, c2);
        b2.intoArray(c, c2 + 4);
        a3.intoArray(c, c3);
        b3.intoArray(c, c3 + 4);
    }

    private static void block4x4(double[] left, int l0, int lr, int lt, double[] right, int r0, int ldr,
                                 double[] c, int c0, int ldc, int len) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector a0 = DoubleVector.fromArray(D4, c, c0);
        DoubleVector a1 = DoubleVector.fromArray(D4, c, c1);
        DoubleVector a2 = DoubleVector.fromArray(D4, c, c2);
        DoubleVector a3 = DoubleVector.fromArray(D4, c, c3);
        int l1 = l0 + lr;
        int l2 = l1 + lr;
        int l3 = l2 + lr;
        for (int t = 0; t < len; t++) {
            int lt0 = t * lt;
            DoubleVector x = DoubleVector.fromArray(D4, right, r0 + t * ldr);
            a0 = a0.add(DoubleVector.broadcast(D4, left[l0 + lt0]).mul(x));
            a1 = a1.add(DoubleVector.broadcast(D4, left[l1 + lt0]).mul(x));
            a2 = a2.add(DoubleVector.broadcast(D4, left[l2 + lt0]).mul(x));
            a3 = a3.add(DoubleVector.broadcast(D4, left[l3 + lt0]).mul(x));
        }
        a0.intoArray(c, c0);
        a1.intoArray(c, c1);
        a2.intoArray(c, c2);
        a3.intoArray(c, c3);
    }

    private static void block1x8(double[] left, int l0, int lt, double[] right, int r0, int ldr, double[] c, int c0,
                                 int len) {
        DoubleVector a = DoubleVector.fromArray(D4, c, c0);
        DoubleVector b = DoubleVector.fromArray(D4, c, c0 + 4);
        for (int t = 0; t < len; t++) {
            int rt = r0 + t * ldr;
            DoubleVector s = DoubleVector.broadcast(D4, left[l0 + t * lt]);
            a = a.add(s.mul(DoubleVector.fromArray(D4, right, rt)));
            b = b.add(s.mul(DoubleVector.fromArray(D4, right, rt + 4)));
        }
        a.intoArray(c, c0);
        b.intoArray(c, c0 + 4);
    }

    private static void block1x4(double[] left, int l0, int lt, double[] right, int r0, int ldr, double[] c, int c0,
                                 int len) {
        DoubleVector a = DoubleVector.fromArray(D4, c, c0);
        for (int t = 0; t < len; t++) {
            DoubleVector s = DoubleVector.broadcast(D4, left[l0 + t * lt]);
            a = a.add(s.mul(DoubleVector.fromArray(D4, right, r0 + t * ldr)));
        }
        a.intoArray(c, c0);
    }
}
