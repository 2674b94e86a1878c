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
    /**
     * {@code -0.0 + x} is {@code x} for every x (signed zeros and NaNs included). The sums are stored as
     * {@code NEG_ZERO.add(sum)} and each term is added as {@code product.add(sum)} (the same bits: IEEE addition
     * commutes, up to which payload a sum of two NaNs keeps), so that every vector method is called on a vector of
     * statically known shape. C2 types a vector carried around a loop by its declared class, compiles a call on it
     * from the type profile, and when that loses the shape (always with -Xbatch, now and then in ordinary runs) the
     * Vector API falls back to boxed Java code, several times slower.
     */
    private static final DoubleVector NEG_ZERO = DoubleVector.broadcast(D4, -0.0);

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
            a0 = s.mul(x).add(a0);
            b0 = s.mul(y).add(b0);
            s = DoubleVector.broadcast(D4, left[l1 + lt0]);
            a1 = s.mul(x).add(a1);
            b1 = s.mul(y).add(b1);
            s = DoubleVector.broadcast(D4, left[l2 + lt0]);
            a2 = s.mul(x).add(a2);
            b2 = s.mul(y).add(b2);
            s = DoubleVector.broadcast(D4, left[l3 + lt0]);
            a3 = s.mul(x).add(a3);
            b3 = s.mul(y).add(b3);
        }
        NEG_ZERO.add(a0).intoArray(c, c0);
        NEG_ZERO.add(b0).intoArray(c, c0 + 4);
        NEG_ZERO.add(a1).intoArray(c, c1);
        NEG_ZERO.add(b1).intoArray(c, c1 + 4);
        NEG_ZERO.add(a2).intoArray(c, c2);
        NEG_ZERO.add(b2).intoArray(c, c2 + 4);
        NEG_ZERO.add(a3).intoArray(c, c3);
        NEG_ZERO.add(b3).intoArray(c, c3 + 4);
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
            a0 = DoubleVector.broadcast(D4, left[l0 + lt0]).mul(x).add(a0);
            a1 = DoubleVector.broadcast(D4, left[l1 + lt0]).mul(x).add(a1);
            a2 = DoubleVector.broadcast(D4, left[l2 + lt0]).mul(x).add(a2);
            a3 = DoubleVector.broadcast(D4, left[l3 + lt0]).mul(x).add(a3);
        }
        NEG_ZERO.add(a0).intoArray(c, c0);
        NEG_ZERO.add(a1).intoArray(c, c1);
        NEG_ZERO.add(a2).intoArray(c, c2);
        NEG_ZERO.add(a3).intoArray(c, c3);
    }

    private static void block1x8(double[] left, int l0, int lt, double[] right, int r0, int ldr, double[] c, int c0,
                                 int len) {
        DoubleVector a = DoubleVector.fromArray(D4, c, c0);
        DoubleVector b = DoubleVector.fromArray(D4, c, c0 + 4);
        for (int t = 0; t < len; t++) {
            int rt = r0 + t * ldr;
            DoubleVector s = DoubleVector.broadcast(D4, left[l0 + t * lt]);
            a = s.mul(DoubleVector.fromArray(D4, right, rt)).add(a);
            b = s.mul(DoubleVector.fromArray(D4, right, rt + 4)).add(b);
        }
        NEG_ZERO.add(a).intoArray(c, c0);
        NEG_ZERO.add(b).intoArray(c, c0 + 4);
    }

    private static void block1x4(double[] left, int l0, int lt, double[] right, int r0, int ldr, double[] c, int c0,
                                 int len) {
        DoubleVector a = DoubleVector.fromArray(D4, c, c0);
        for (int t = 0; t < len; t++) {
            DoubleVector s = DoubleVector.broadcast(D4, left[l0 + t * lt]);
            a = s.mul(DoubleVector.fromArray(D4, right, r0 + t * ldr)).add(a);
        }
        NEG_ZERO.add(a).intoArray(c, c0);
    }
}
