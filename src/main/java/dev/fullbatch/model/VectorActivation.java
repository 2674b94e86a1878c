package dev.fullbatch.model;

import dev.fullbatch.math.VectorExp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activation#SIGMOID} on the JDK's Vector API (fixed 256-bit shape), with the bits of the scalar
 * {@code Activation.sigmoid}: {@link VectorExp} gives {@code exp(-|z|)} with {@code DeterministicMath.exp}'s bits,
 * then the same divide, multiply and choice by the sign bit, four units at a time. Only loaded when the
 * {@code jdk.incubator.vector} module is present.
 */
final class VectorActivation {
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;

    private VectorActivation() {
    }

    /**
     * Replaces {@code values[from .. from+n-1]} by their sigmoids.
     *
     * @param scratch at least {@code n} doubles
     */
    static void sigmoidInPlace(double[] values, int from, int n, double[] scratch) {
        VectorExp.expOfMinusMagnitude(values, from, n, scratch, 0);
        DoubleVector one = DoubleVector.broadcast(D4, 1.0);
        int q = 0;
        for (; q + 3 < n; q += 4) {
            LongVector z = DoubleVector.fromArray(D4, values, from + q).reinterpretAsLongs();
            DoubleVector e = DoubleVector.fromArray(D4, scratch, q);
            DoubleVector r = one.div(one.add(e));
            r.reinterpretAsLongs().blend(e.mul(r).reinterpretAsLongs(), z.compare(VectorOperators.LT, 0L))
                    .reinterpretAsDoubles().intoArray(values, from + q);
        }
        for (; q < n; q++) {
            values[from + q] = Activation.sigmoid(values[from + q]);
        }
    }
}
