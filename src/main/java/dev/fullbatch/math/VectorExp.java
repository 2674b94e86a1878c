package dev.fullbatch.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DeterministicMath#exp} four lanes at a time on the JDK's Vector API (fixed 256-bit shape on every CPU), with
 * the scalar function's bits: the same IEEE operations in the same order, each rounded separately (no fused
 * multiply-add), the table read by lane. The vector code covers arguments in [{@value #LOW}, 0], where the scalar
 * function takes no special case (the result is normal and scaled by adding to its exponent); a group of four with
 * any other argument (or NaN) goes through the scalar function. The loop is one method on purpose: HotSpot inlines
 * only small callees, and a vector passed to a call it did not inline is boxed on the heap. Only loaded when the
 * {@code jdk.incubator.vector} module is present.
 */
public final class VectorExp {
    /** The smallest argument the vector code handles. */
    public static final double LOW = -700.0;

    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(DeterministicMath.ROUND_SHIFTER);
    /**
     * The exact classes of the D4 and L4 vectors. Every vector a reinterpretation or two paths produce is cast to
     * its class, and bits are reinterpreted to a constant species ({@code reinterpretShape(L4, 0)}, not
     * {@code reinterpretAsLongs()}, whose target species is looked up): then no call depends on the JDK's shared type
     * profiles. Without that, the float kernels' shape conversions (or other Vector API code in the JVM) made the
     * conversion intrinsics fail and every vector was boxed on the heap (see VectorDenseKernels' D4_TYPE).
     */
    @SuppressWarnings("unchecked")
    private static final Class<? extends DoubleVector> D4_TYPE = (Class<? extends DoubleVector>) D4.vectorType();
    private static final VectorSpecies<Long> L4 = LongVector.SPECIES_256;
    @SuppressWarnings("unchecked")
    private static final Class<? extends LongVector> L4_TYPE = (Class<? extends LongVector>) L4.vectorType();

    private VectorExp() {
    }

    /**
     * {@code out[outFrom + q] = DeterministicMath.exp(-Math.abs(z[from + q]))} for {@code q < n}, bit for bit. May
     * work in place.
     */
    public static void expOfMinusMagnitude(double[] z, int from, int n, double[] out, int outFrom) {
        run(z, from, n, out, outFrom, true);
    }

    /**
     * {@code out[outFrom + q] = DeterministicMath.exp(x[from + q])} for {@code q < n}, bit for bit: the softmax's
     * exponentials of margins minus their row's largest, which lie in [{@value #LOW}, 0] but for extreme rows. May
     * work in place ({@code out == x}, {@code outFrom == from}).
     */
    public static void exp(double[] x, int from, int n, double[] out, int outFrom) {
        run(x, from, n, out, outFrom, false);
    }

    /** exp of {@code -|z|} (magnitude) or of {@code z}; a group of four goes whole to the vector code or the scalar. */
    private static void run(double[] z, int from, int n, double[] out, int outFrom, boolean magnitude) {
        double[] table = DeterministicMath.EXP_TABLE;
        int q = 0;
        for (; q + 3 < n; q += 4) {
            DoubleVector x = DoubleVector.fromArray(D4, z, from + q);
            if (magnitude) {
                // -|z| by setting the sign bit, as -Math.abs(z) does.
                x = D4_TYPE.cast(L4_TYPE.cast(x.reinterpretShape(L4, 0)).or(Long.MIN_VALUE).reinterpretShape(D4, 0));
            }
            x = D4_TYPE.cast(x);
            // Also false for NaN, which the scalar function returns as it came (its sign bit and payload kept).
            if (!x.compare(VectorOperators.GE, LOW).and(x.compare(VectorOperators.LE, 0.0)).allTrue()) {
                for (int s = q; s < q + 4; s++) {
                    out[outFrom + s] = scalar(z[from + s], magnitude);
                }
                continue;
            }
            // Each vector cast to its exact class where it is made (see VectorLogistic): a vector used twice whose
            // class the JIT cannot prove fails the intrinsics of the operations that take it, which then run boxed.
            DoubleVector shifted = D4_TYPE.cast(D4_TYPE.cast(x.mul(DeterministicMath.INV_LN2_32))
                    .add(DeterministicMath.ROUND_SHIFTER));
            // shifted = 1.5 * 2^52 + n exactly, so its bits are the shifter's plus n (the scalar code's low 32 bits).
            LongVector nv = L4_TYPE.cast(L4_TYPE.cast(shifted.reinterpretShape(L4, 0)).sub(SHIFTER_BITS));
            DoubleVector nd = D4_TYPE.cast(shifted.sub(DeterministicMath.ROUND_SHIFTER));
            DoubleVector rHi = D4_TYPE.cast(x.sub(D4_TYPE.cast(nd.mul(DeterministicMath.LN2_32_HI))));
            DoubleVector rLo = D4_TYPE.cast(D4_TYPE.cast(D4_TYPE.cast(DoubleVector.zero(D4)).sub(nd))
                    .mul(DeterministicMath.LN2_32_LO));
            DoubleVector r = D4_TYPE.cast(rHi.add(rLo));
            DoubleVector t = D4_TYPE.cast(D4_TYPE.cast(r.mul(DeterministicMath.INV_5040))
                    .add(DeterministicMath.INV_720));
            t = D4_TYPE.cast(D4_TYPE.cast(r.mul(t)).add(DeterministicMath.INV_120));
            t = D4_TYPE.cast(D4_TYPE.cast(r.mul(t)).add(DeterministicMath.INV_24));
            t = D4_TYPE.cast(D4_TYPE.cast(r.mul(t)).add(DeterministicMath.INV_6));
            t = D4_TYPE.cast(D4_TYPE.cast(r.mul(t)).add(0.5));
            DoubleVector p = D4_TYPE.cast(rHi.add(D4_TYPE.cast(rLo.add(D4_TYPE.cast(D4_TYPE.cast(r.mul(r)).mul(t))))));
            // The table by lane (JDK 17 compiles no gather instruction for doubles on AVX2).
            LongVector j = L4_TYPE.cast(nv.and(31L));
            int j0 = 2 * (int) j.lane(0);
            int j1 = 2 * (int) j.lane(1);
            int j2 = 2 * (int) j.lane(2);
            int j3 = 2 * (int) j.lane(3);
            // Cast: a vector that withLane built has no exact type for the JIT.
            DoubleVector tHi = D4_TYPE.cast(DoubleVector.zero(D4).withLane(0, table[j0]).withLane(1, table[j1])
                    .withLane(2, table[j2]).withLane(3, table[j3]));
            DoubleVector tLo = D4_TYPE.cast(DoubleVector.zero(D4).withLane(0, table[j0 + 1])
                    .withLane(1, table[j1 + 1]).withLane(2, table[j2 + 1]).withLane(3, table[j3 + 1]));
            DoubleVector y = D4_TYPE.cast(tHi.add(D4_TYPE.cast(tLo.add(D4_TYPE.cast(tHi.mul(p))))));
            // scale(y, n >> 5) adds (n >> 5) << 52 to y's bits, which is (n - (n & 31)) << 47.
            LongVector scaled = L4_TYPE.cast(L4_TYPE.cast(y.reinterpretShape(L4, 0))
                    .add(L4_TYPE.cast(L4_TYPE.cast(nv.sub(j)).lanewise(VectorOperators.LSHL, 47))));
            D4_TYPE.cast(L4_TYPE.cast(scaled).reinterpretShape(D4, 0)).intoArray(out, outFrom + q);
        }
        for (; q < n; q++) {
            out[outFrom + q] = scalar(z[from + q], magnitude);
        }
    }

    private static double scalar(double z, boolean magnitude) {
        return DeterministicMath.exp(magnitude ? -Math.abs(z) : z);
    }
}
