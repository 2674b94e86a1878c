package dev.fullbatch.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The logistic loss of a run of rows four rows at a time on the JDK's Vector API (fixed 256-bit shape on every CPU),
 * with the bits of the scalar row formulas (those of {@code LogisticLoss}): for a row's margin {@code m}, label
 * {@code y} (+1 for a label above 0, else -1) and weight {@code w}, with {@code z = -y m} and {@code e = exp(-|m|)},
 * the loss term {@code w * DeterministicMath.log1pExp(z, e)} and the derivative
 * {@code (-y w) * DeterministicMath.sigmoid(z, e)}.
 *
 * <p>{@code log1p(e)} for {@code e} in [0, 1] is {@link DeterministicMath#log1p}'s two paths, the series near zero
 * (below 2^-7) and the table beyond, both computed in every lane with the scalar code's IEEE operations in the same
 * order (no fused multiply-add) and one chosen per lane; the table is read by lane. The choices between the scalar
 * code's branches (the sign of {@code z}, {@code z > 40}) are blends too: the scalar loop mispredicted them on
 * margins of mixed signs, which cost about as much as the exponential. A group of four with a NaN margin goes through
 * the scalar formulas, which keep NaN's bits. Only loaded when the {@code jdk.incubator.vector} module is present
 * ({@link VectorApi#USED}).
 */
public final class VectorLogistic {
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    /** Beyond this {@code log1pExp(z)} is {@code z} (see {@link DeterministicMath#log1pExp(double, double)}). */
    private static final double LINEAR = 40.0;
    /** The exact classes of the vectors: casts and reinterpretation to constant species as in VectorExp. */
    @SuppressWarnings("unchecked")
    private static final Class<? extends DoubleVector> D4_TYPE = (Class<? extends DoubleVector>) D4.vectorType();
    private static final VectorSpecies<Long> L4 = LongVector.SPECIES_256;
    @SuppressWarnings("unchecked")
    private static final Class<? extends LongVector> L4_TYPE = (Class<? extends LongVector>) L4.vectorType();

    private VectorLogistic() {
    }

    /**
     * The loss of rows {@code from .. from+n-1} (labels and weights indexed from {@code from}, margins and {@code e}
     * from 0), the terms added in row order, and when {@code derivatives} is not null the derivative of each row's
     * term with respect to its margin into {@code derivatives[0 .. n-1]}.
     *
     * @param weights the rows' weights, null for all 1
     * @param e {@code DeterministicMath.exp(-Math.abs(margins[i]))} for each row (as {@link VectorExp} gives it);
     *          may be the same array as {@code derivatives}
     */
    public static double run(double[] labels, double[] weights, int from, int n, double[] margins, double[] e,
                             double[] derivatives) {
        double[] table = DeterministicMath.LOG_TABLE;
        DoubleVector one = D4_TYPE.cast(DoubleVector.broadcast(D4, 1.0));
        double sum = 0;
        int q = 0;
        for (; q + 3 < n; q += 4) {
            DoubleVector m = D4_TYPE.cast(DoubleVector.fromArray(D4, margins, q));
            if (!m.compare(VectorOperators.EQ, m).allTrue()) {
                sum = scalarRows(labels, weights, from, q, 4, margins, derivatives, sum);
                continue;
            }
            // Every vector below is cast to its exact class where it is made, including each step of a chain: an
            // operand whose class the JIT cannot prove (a null check's cast of a vector used twice, or a value the
            // JDK's shared type profiles leave open once other Vector API code ran, such as Spark ML's BLAS) fails
            // the intrinsic, and then it and every operation after it runs boxed on the heap (about 2x the pass).
            DoubleVector ev = D4_TYPE.cast(DoubleVector.fromArray(D4, e, q));
            // -y: -1 for a positive label, +1 otherwise; then z = -y m exactly.
            VectorMask<Double> positive = D4_TYPE.cast(DoubleVector.fromArray(D4, labels, from + q))
                    .compare(VectorOperators.GT, 0.0);
            DoubleVector minusY = D4_TYPE.cast(one.blend(-1.0, positive));
            DoubleVector z = D4_TYPE.cast(minusY.mul(m));
            DoubleVector w = D4_TYPE.cast(weights == null ? one : DoubleVector.fromArray(D4, weights, from + q));

            // log1p(e) near zero: f - ((f^2/2 - s (f^2/2 + R(s^2))) - 0), s = f / (2 + f).
            DoubleVector s = D4_TYPE.cast(ev.div(D4_TYPE.cast(ev.add(2.0))));
            DoubleVector s2 = D4_TYPE.cast(s.mul(s));
            DoubleVector halfSquare = D4_TYPE.cast(D4_TYPE.cast(ev.mul(0.5)).mul(ev));
            DoubleVector series = D4_TYPE.cast(s2.mul(DeterministicMath.TWO_SEVENTHS));
            series = D4_TYPE.cast(series.add(DeterministicMath.TWO_FIFTHS));
            series = D4_TYPE.cast(s2.mul(series));
            series = D4_TYPE.cast(series.add(DeterministicMath.TWO_THIRDS));
            series = D4_TYPE.cast(s2.mul(series));
            DoubleVector inner = D4_TYPE.cast(s.mul(D4_TYPE.cast(halfSquare.add(series))));
            DoubleVector nearZero = D4_TYPE.cast(D4_TYPE.cast(halfSquare.sub(inner)).sub(0.0));
            nearZero = D4_TYPE.cast(ev.sub(nearZero));

            // log1p(e) from the table: y = 1 + e in [1, 2], its rounding error c / y as the correction.
            DoubleVector y = D4_TYPE.cast(ev.add(1.0));
            DoubleVector correction = D4_TYPE.cast(D4_TYPE.cast(D4_TYPE.cast(one.sub(y)).add(ev)).div(y));
            LongVector bits = L4_TYPE.cast(y.reinterpretShape(L4, 0));
            // The exponent k of y is 1 for y = 2 (e = 1) and 0 below.
            DoubleVector k = D4_TYPE.cast(D4_TYPE.cast(DoubleVector.zero(D4))
                    .blend(1.0, y.compare(VectorOperators.GE, 2.0)));
            LongVector j = L4_TYPE.cast(L4_TYPE.cast(bits.lanewise(VectorOperators.LSHR, 45)).and(127L));
            int j0 = 3 * (int) j.lane(0);
            int j1 = 3 * (int) j.lane(1);
            int j2 = 3 * (int) j.lane(2);
            int j3 = 3 * (int) j.lane(3);
            LongVector mBits = L4_TYPE.cast(L4_TYPE.cast(bits.and(DeterministicMath.FRACTION_MASK))
                    .or(DeterministicMath.EXPONENT_OF_ONE));
            DoubleVector mHead = D4_TYPE.cast(L4_TYPE.cast(mBits.and(~0x3FFL)).reinterpretShape(D4, 0));
            DoubleVector mTail = D4_TYPE.cast(D4_TYPE.cast(mBits.reinterpretShape(D4, 0)).sub(mHead));
            DoubleVector r = D4_TYPE.cast(DoubleVector.zero(D4).withLane(0, table[j0]).withLane(1, table[j1])
                    .withLane(2, table[j2]).withLane(3, table[j3]));
            DoubleVector uHi = D4_TYPE.cast(D4_TYPE.cast(mHead.mul(r)).sub(1.0));
            DoubleVector uLo = D4_TYPE.cast(mTail.mul(r));
            DoubleVector u = D4_TYPE.cast(uHi.add(uLo));
            DoubleVector poly = D4_TYPE.cast(D4_TYPE.cast(DoubleVector.broadcast(D4, 1.0 / 7))
                    .sub(D4_TYPE.cast(u.mul(0.125))));
            poly = D4_TYPE.cast(D4_TYPE.cast(u.mul(poly)).add(-1.0 / 6));
            poly = D4_TYPE.cast(D4_TYPE.cast(u.mul(poly)).add(0.2));
            poly = D4_TYPE.cast(D4_TYPE.cast(u.mul(poly)).add(-0.25));
            poly = D4_TYPE.cast(D4_TYPE.cast(u.mul(poly)).add(1.0 / 3));
            poly = D4_TYPE.cast(D4_TYPE.cast(u.mul(poly)).add(-0.5));
            DoubleVector tail = D4_TYPE.cast(D4_TYPE.cast(u.mul(u)).mul(poly));
            DoubleVector hi = D4_TYPE.cast(DoubleVector.zero(D4).withLane(0, table[j0 + 1]).withLane(1, table[j1 + 1])
                    .withLane(2, table[j2 + 1]).withLane(3, table[j3 + 1]));
            DoubleVector lo = D4_TYPE.cast(DoubleVector.zero(D4).withLane(0, table[j0 + 2]).withLane(1, table[j1 + 2])
                    .withLane(2, table[j2 + 2]).withLane(3, table[j3 + 2]));
            DoubleVector t = D4_TYPE.cast(D4_TYPE.cast(k.mul(DeterministicMath.LN2_HI)).add(hi));
            DoubleVector sum2 = D4_TYPE.cast(t.add(uHi));
            DoubleVector err = D4_TYPE.cast(D4_TYPE.cast(t.sub(sum2)).add(uHi));
            // sum2 + ((((err + uLo) + (k LN2_LO + lo)) + correction) + tail), in that order.
            DoubleVector kLo = D4_TYPE.cast(D4_TYPE.cast(k.mul(DeterministicMath.LN2_LO)).add(lo));
            DoubleVector low = D4_TYPE.cast(D4_TYPE.cast(err.add(uLo)).add(kLo));
            low = D4_TYPE.cast(D4_TYPE.cast(low.add(correction)).add(tail));
            DoubleVector fromTable = D4_TYPE.cast(sum2.add(low));
            DoubleVector log1p = D4_TYPE.cast(fromTable.blend(nearZero,
                    ev.compare(VectorOperators.LT, DeterministicMath.NEAR_ZERO_HIGH)));

            // log1pExp(z, e): z > 0 ? (z > 40 ? z : z + log1p(e)) : log1p(e).
            DoubleVector shifted = D4_TYPE.cast(z.add(log1p));
            DoubleVector softplus = D4_TYPE.cast(log1p.blend(shifted, z.compare(VectorOperators.GT, 0.0)));
            softplus = D4_TYPE.cast(softplus.blend(z, z.compare(VectorOperators.GT, LINEAR)));
            DoubleVector terms = D4_TYPE.cast(w.mul(softplus));
            sum += terms.lane(0);
            sum += terms.lane(1);
            sum += terms.lane(2);
            sum += terms.lane(3);
            if (derivatives != null) {
                // sigmoid(z, e): (z >= 0 ? 1 : e) / (1 + e).
                DoubleVector numerator = D4_TYPE.cast(ev.blend(one, z.compare(VectorOperators.GE, 0.0)));
                DoubleVector sigmoid = D4_TYPE.cast(numerator.div(D4_TYPE.cast(one.add(ev))));
                D4_TYPE.cast(D4_TYPE.cast(minusY.mul(w)).mul(sigmoid)).intoArray(derivatives, q);
            }
        }
        return scalarRows(labels, weights, from, q, n - q, margins, derivatives, sum);
    }

    /** Rows {@code q .. q+count-1} of the run with the scalar formulas, each with its own exponential. */
    private static double scalarRows(double[] labels, double[] weights, int from, int q, int count, double[] margins,
                                     double[] derivatives, double sum) {
        for (int i = q; i < q + count; i++) {
            double y = labels[from + i] > 0 ? 1.0 : -1.0;
            double z = -y * margins[i];
            double w = weights == null ? 1.0 : weights[from + i];
            double e = DeterministicMath.expOfMinusMagnitude(z);
            sum += w * DeterministicMath.log1pExp(z, e);
            if (derivatives != null) {
                derivatives[i] = -y * w * DeterministicMath.sigmoid(z, e);
            }
        }
        return sum;
    }
}
