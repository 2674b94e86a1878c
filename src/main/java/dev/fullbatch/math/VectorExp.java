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

    private VectorExp() {
    }

    /**
     * {@code out[outFrom + q] = DeterministicMath.exp(-Math.abs(z[from + q]))} for {@code q < n}, bit for bit.
     */
    public static void expOfMinusMagnitude(double[] z, int from, int n, double[] out, int outFrom) {
        double[] table = DeterministicMath.EXP_TABLE;
        int q = 0;
        for (; q + 3 < n; q += 4) {
            // -|z| by setting the sign bit, as -Math.abs(z) does.
            DoubleVector x = DoubleVector.fromArray(D4, z, from + q).reinterpretAsLongs().or(Long.MIN_VALUE)
                    .reinterpretAsDoubles();
            if (!x.compare(VectorOperators.GE, LOW).allTrue()) {
                for (int s = q; s < q + 4; s++) {
                    out[outFrom + s] = DeterministicMath.exp(-Math.abs(z[from + s]));
                }
                continue;
            }
            DoubleVector shifted = x.mul(DeterministicMath.INV_LN2_32).add(DeterministicMath.ROUND_SHIFTER);
            // shifted = 1.5 * 2^52 + n exactly, so its bits are the shifter's plus n (the scalar code's low 32 bits).
            LongVector nv = shifted.reinterpretAsLongs().sub(SHIFTER_BITS);
            DoubleVector nd = shifted.sub(DeterministicMath.ROUND_SHIFTER);
            DoubleVector rHi = x.sub(nd.mul(DeterministicMath.LN2_32_HI));
            DoubleVector rLo = DoubleVector.zero(D4).sub(nd).mul(DeterministicMath.LN2_32_LO);
            DoubleVector r = rHi.add(rLo);
            DoubleVector t = r.mul(DeterministicMath.INV_5040).add(DeterministicMath.INV_720);
            t = r.mul(t).add(DeterministicMath.INV_120);
            t = r.mul(t).add(DeterministicMath.INV_24);
            t = r.mul(t).add(DeterministicMath.INV_6);
            t = r.mul(t).add(0.5);
            DoubleVector p = rHi.add(rLo.add(r.mul(r).mul(t)));
            // The table by lane (JDK 17 compiles no gather instruction for doubles on AVX2).
            LongVector j = nv.and(31L);
            int j0 = 2 * (int) j.lane(0);
            int j1 = 2 * (int) j.lane(1);
            int j2 = 2 * (int) j.lane(2);
            int j3 = 2 * (int) j.lane(3);
            DoubleVector tHi = DoubleVector.zero(D4).withLane(0, table[j0]).withLane(1, table[j1])
                    .withLane(2, table[j2]).withLane(3, table[j3]);
            DoubleVector tLo = DoubleVector.zero(D4).withLane(0, table[j0 + 1]).withLane(1, table[j1 + 1])
                    .withLane(2, table[j2 + 1]).withLane(3, table[j3 + 1]);
            DoubleVector y = tHi.add(tLo.add(tHi.mul(p)));
            // scale(y, n >> 5) adds (n >> 5) << 52 to y's bits, which is (n - (n & 31)) << 47.
            y.reinterpretAsLongs().add(nv.sub(j).lanewise(VectorOperators.LSHL, 47)).reinterpretAsDoubles()
                    .intoArray(out, outFrom + q);
        }
        for (; q < n; q++) {
            out[outFrom + q] = DeterministicMath.exp(-Math.abs(z[from + q]));
        }
    }
}
