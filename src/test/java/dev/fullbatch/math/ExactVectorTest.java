package dev.fullbatch.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExactVectorTest {

    private static final BigInteger TWO_POW_53 = BigInteger.ONE.shiftLeft(53);
    private static final BigDecimal MIN_VALUE = new BigDecimal(Double.MIN_VALUE);

    /** x as the exact integer N with x = N * 2^-1074. */
    private static BigInteger units(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) (bits >>> 52) & 0x7FF;
        long significand = bits & 0x000FFFFFFFFFFFFFL;
        BigInteger magnitude = biased == 0 ? BigInteger.valueOf(significand)
                : BigInteger.valueOf(significand | (1L << 52)).shiftLeft(biased - 1);
        return bits < 0 ? magnitude.negate() : magnitude;
    }

    /** N * 2^-1074 rounded to nearest, ties to even, computed independently of the class under test. */
    private static double roundUnits(BigInteger n) {
        BigInteger magnitude = n.abs();
        double sign = n.signum() < 0 ? -1.0 : 1.0;
        int length = magnitude.bitLength();
        if (length <= 53) {
            // Both products are exact: the first stays normal and the second's exact result is representable.
            return sign * magnitude.longValueExact() * 0x1p-537 * 0x1p-537;
        }
        int shift = length - 53;
        BigInteger q = magnitude.shiftRight(shift);
        BigInteger remainder = magnitude.subtract(q.shiftLeft(shift));
        int c = remainder.shiftLeft(1).compareTo(BigInteger.ONE.shiftLeft(shift));
        if (c > 0 || (c == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
        }
        if (q.equals(TWO_POW_53)) {
            q = q.shiftRight(1);
            shift++;
        }
        // value = q * 2^(shift - 1074) with q in [2^52, 2^53): unbiased exponent shift + 52 - 1074
        int exponent = shift + 52 - 1074;
        if (exponent > Double.MAX_EXPONENT) {
            return sign * Double.POSITIVE_INFINITY;
        }
        long bits = ((long) (exponent + 1023) << 52) | (q.longValueExact() - (1L << 52));
        return sign * Double.longBitsToDouble(bits);
    }

    /** Doubles of wildly mixed magnitudes and signs: full exponent range, subnormals, zeros, near-MAX values. */
    private static double mixedValue(SplittableRandom random) {
        double sign = random.nextBoolean() ? 1.0 : -1.0;
        switch (random.nextInt(6)) {
            case 0:
                return Double.longBitsToDouble(random.nextLong() & 0x7FEFFFFFFFFFFFFFL) * sign;
            case 1:
                return sign * Double.longBitsToDouble(random.nextLong(1L << 52)); // subnormal
            case 2:
                return sign * Math.scalb(1.0 + random.nextDouble(), random.nextInt(-60, 60));
            case 3:
                return random.nextInt(4) == 0 ? 0.0 : sign * random.nextInt(1000);
            case 4:
                return sign * Math.scalb(1.0 + random.nextDouble(), random.nextInt(900, 1000));
            default:
                return sign * Math.scalb(1.0 + random.nextDouble(), random.nextInt(-1070, 1000));
        }
    }

    private static byte[] serialize(ExactVector vector) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(vector);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExactVector deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (ExactVector) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long[] rawBits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    @Test
    void singleValueComesBackExactly() {
        SplittableRandom random = new SplittableRandom(1);
        double[] specials = {Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), 1.0, -1.0, 0x1p-1022 * 3, 0x1.fffffffffffffp-1};
        for (int i = 0; i < 200_000; i++) {
            double x = i < specials.length ? specials[i] : mixedValue(random);
            ExactVector vector = new ExactVector(1);
            vector.add(0, x);
            double expected = x == 0 ? 0.0 : x;
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(vector.get(0)),
                    () -> "value " + x);
        }
    }

    @Test
    void mergeIsOrderAndGroupingIndependent() {
        SplittableRandom random = new SplittableRandom(2);
        int dimension = 7;
        int count = 3000;
        int[] indices = new int[count];
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            indices[i] = random.nextInt(dimension);
            values[i] = mixedValue(random);
            if (i > 0 && random.nextInt(5) == 0) {
                // exact cancellation partners make tops outlive the values that set them
                indices[i] = indices[i - 1];
                values[i] = -values[i - 1];
            }
        }
        ExactVector baseline = new ExactVector(dimension);
        for (int i = 0; i < count; i++) {
            baseline.add(indices[i], values[i]);
        }
        long[] baselineBits = rawBits(baseline.toDoubleArray());
        // Exact over the whole range: values more than 2^128 apart are spilled, never dropped.
        BigInteger[] exact = new BigInteger[dimension];
        java.util.Arrays.fill(exact, BigInteger.ZERO);
        for (int i = 0; i < count; i++) {
            exact[indices[i]] = exact[indices[i]].add(units(values[i]));
        }
        for (int j = 0; j < dimension; j++) {
            assertEquals(Double.doubleToRawLongBits(roundUnits(exact[j])), baselineBits[j], "component " + j);
        }

        for (int trial = 0; trial < 40; trial++) {
            int[] order = RandomPermutation.of(count, random);
            List<ExactVector> partials = new ArrayList<>();
            int position = 0;
            while (position < count) {
                int size = random.nextInt(1, 1 + Math.min(count - position, random.nextBoolean() ? 40 : 600));
                ExactVector partial = new ExactVector(dimension);
                for (int i = position; i < position + size; i++) {
                    partial.add(indices[order[i]], values[order[i]]);
                }
                partials.add(random.nextInt(4) == 0 ? deserialize(serialize(partial)) : partial);
                position += size;
            }
            partials.add(new ExactVector(dimension));
            while (partials.size() > 1) {
                ExactVector into = partials.remove(random.nextInt(partials.size()));
                ExactVector from = partials.remove(random.nextInt(partials.size()));
                into.merge(from);
                partials.add(into);
            }
            ExactVector merged = partials.get(0);
            assertEquals(baseline, merged, "trial " + trial);
            assertArrayEquals(baselineBits, rawBits(merged.toDoubleArray()), "trial " + trial);
        }
    }

    @Test
    void getIsCorrectlyRoundedOnRandomWindows() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 300_000; trial++) {
            int bottom = random.nextInt(ExactVector.MAX_TOP - ExactVector.MIN_TOP + 1);
            if (random.nextInt(8) == 0) {
                bottom = random.nextBoolean() ? 0 : ExactVector.MAX_TOP - ExactVector.MIN_TOP;
            }
            long[] limbs = randomWindow(random);
            BigInteger n = BigInteger.ZERO;
            for (int i = 3; i >= 0; i--) {
                n = n.shiftLeft(32).add(BigInteger.valueOf(limbs[i]));
            }
            n = n.shiftLeft(32 * bottom);
            double expected = roundUnits(n);
            double actual = ExactVector.roundWindow(limbs[0], limbs[1], limbs[2], limbs[3], bottom);
            final int b = bottom;
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                    () -> "limbs " + java.util.Arrays.toString(limbs) + " bottom " + b);
        }
    }

    /** Limbs with carries to propagate, exact ties, near ties, cancellations and extreme magnitudes. */
    private static long[] randomWindow(SplittableRandom random) {
        long limit = (1L << 62);
        if (random.nextInt(4) == 0) {
            long[] raw = new long[4];
            for (int i = 0; i < 4; i++) {
                raw[i] = switch (random.nextInt(5)) {
                    case 0 -> 0;
                    case 1 -> random.nextLong(-limit, limit);
                    case 2 -> random.nextLong(-16, 16);
                    case 3 -> (random.nextBoolean() ? 1 : -1) * (1L << random.nextInt(62));
                    default -> random.nextLong(-limit, limit) >> random.nextInt(62);
                };
            }
            return raw;
        }
        // A target integer below 2^127 in magnitude, written canonically and then redistributed between limbs.
        int length = random.nextInt(1, 127);
        BigInteger target;
        if (length > 54 && random.nextBoolean()) {
            int shift = length - 53;
            BigInteger q = new BigInteger(52, new java.util.Random(random.nextLong())).setBit(52);
            target = q.shiftLeft(shift).setBit(shift - 1); // exactly half way
            int nudge = random.nextInt(3) - 1;
            target = target.add(BigInteger.valueOf(nudge).shiftLeft(random.nextInt(shift)));
        } else {
            target = new BigInteger(length, new java.util.Random(random.nextLong()));
        }
        if (random.nextBoolean()) {
            target = target.negate();
        }
        long[] limbs = new long[4];
        BigInteger rest = target;
        for (int i = 0; i < 3; i++) {
            limbs[i] = rest.longValue() & 0xFFFFFFFFL;
            rest = rest.subtract(BigInteger.valueOf(limbs[i])).shiftRight(32);
        }
        limbs[3] = rest.longValueExact();
        for (int i = 0; i < 3; i++) {
            long c = random.nextLong(-(1L << 29), 1L << 29) >> random.nextInt(30);
            limbs[i] += c << 32;
            limbs[i + 1] -= c;
        }
        return limbs;
    }

    @Test
    void referenceRoundingAgreesWithBigDecimal() {
        // Guards the hand-written reference used above against BigDecimal's own conversion.
        SplittableRandom random = new SplittableRandom(4);
        for (int trial = 0; trial < 3000; trial++) {
            BigInteger magnitude = new BigInteger(random.nextInt(1, 2140), new java.util.Random(random.nextLong()));
            BigInteger n = random.nextBoolean() ? magnitude.negate() : magnitude;
            double viaBigDecimal = new BigDecimal(n).multiply(MIN_VALUE).doubleValue();
            assertEquals(viaBigDecimal, roundUnits(n), () -> "units " + n);
        }
    }

    @Test
    void overflowingSumsBecomeInfinite() {
        ExactVector vector = new ExactVector(2);
        vector.add(0, Double.MAX_VALUE);
        vector.add(0, Double.MAX_VALUE);
        vector.add(1, -Double.MAX_VALUE);
        vector.add(1, -Math.ulp(Double.MAX_VALUE) / 2); // exactly half way to 2^1024: ties to even overflow
        assertEquals(Double.POSITIVE_INFINITY, vector.get(0));
        assertEquals(Double.NEGATIVE_INFINITY, vector.get(1));
        vector.add(0, -Double.MAX_VALUE);
        assertEquals(Double.MAX_VALUE, vector.get(0));
    }

    @Test
    void subnormalSumsAreExact() {
        ExactVector vector = new ExactVector(1);
        vector.add(0, Double.MIN_NORMAL);
        vector.add(0, -Double.MIN_VALUE * 3);
        vector.add(0, Double.MIN_VALUE);
        assertEquals(Double.MIN_NORMAL - 2 * Double.MIN_VALUE, vector.get(0));
    }

    @Test
    void sumIsCorrectlyRoundedWhenMagnitudesSpanUnder64Bits() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 300; trial++) {
            ExactVector vector = new ExactVector(1);
            BigInteger exact = BigInteger.ZERO;
            int n = random.nextInt(1, 400);
            for (int i = 0; i < n; i++) {
                double x = (random.nextBoolean() ? 1 : -1) * Math.scalb(1.0 + random.nextDouble(),
                        random.nextInt(-30, 30));
                vector.add(0, x);
                exact = exact.add(units(x));
            }
            assertEquals(roundUnits(exact), vector.get(0), "trial " + trial);
        }
    }

    @Test
    void sumIsTheCorrectlyRoundedExactSumOnCancellingData() {
        double[][] cases = {
            {1e300, -1e300, 1e-300, 3.0},
            {1.0, 1e-20, -1.0},
            {0x1p60, 1.0, -0x1p60},
            {0x1p200, 1.0, -0x1p200},
            {1e16, 1.0, -1e16, -1.0, 1e-16},
            {Double.MAX_VALUE, 1.0, -Double.MAX_VALUE, Double.MIN_VALUE},
            {1e200, 1e100, 1.0, -1e200, -1e100, 1e-100},
        };
        SplittableRandom random = new SplittableRandom(6);
        List<double[]> all = new ArrayList<>(List.of(cases));
        for (int trial = 0; trial < 300; trial++) {
            int n = random.nextInt(2, 300);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(3) == 0 && i > 0 ? -values[random.nextInt(i)] * (1 + 0x1p-40)
                        : (random.nextBoolean() ? 1 : -1) * Math.scalb(1.0 + random.nextDouble(),
                                random.nextInt(-200, 200));
            }
            all.add(values);
        }
        for (double[] values : all) {
            ExactVector vector = new ExactVector(1);
            BigInteger exact = BigInteger.ZERO;
            for (double x : values) {
                vector.add(0, x);
                exact = exact.add(units(x));
            }
            double expected = roundUnits(exact);
            assertEquals(expected, vector.get(0), () -> java.util.Arrays.toString(values));
            assertEquals(expected, deserialize(serialize(vector)).get(0), "after serialization");
            assertEquals(expected, vector.toDoubleArray()[0], "toDoubleArray");
            assertEquals(expected == 0.0, vector.isZero(0));
        }
        assertEquals(1e-100, sumOf(1e200, 1e100, 1e-100, -1e200, -1e100), "far below 1e200: spilled, and kept");
        assertEquals(1.0, sumOf(cases[3]));
    }

    private static double sumOf(double... values) {
        ExactVector vector = new ExactVector(1);
        for (double x : values) {
            vector.add(0, x);
        }
        return vector.get(0);
    }

    @Test
    void spilledDigitsSurviveMergesRangesAndSerialization() {
        // Each part's values lie far below what another part opens its window to.
        ExactVector small = new ExactVector(130);
        ExactVector large = new ExactVector(130);
        small.add(129, 1.0);
        small.add(129, 0x1p-300);
        large.add(129, 0x1p300);
        large.add(129, -0x1p300);
        large.add(129, 0x1p-200);
        ExactVector one = new ExactVector(130);
        for (double x : new double[] {0x1p300, 1.0, -0x1p300, 0x1p-300, 0x1p-200}) {
            one.add(129, x);
        }
        double expected = 1.0 + 0x1p-200; // 2^-300 is below the last bit of the rounded sum
        ExactVector a = deserialize(serialize(small));
        a.merge(large);
        ExactVector b = deserialize(serialize(large));
        b.merge(small);
        for (ExactVector v : List.of(one, a, b)) {
            assertEquals(expected, v.get(129));
            assertEquals(one, v);
            assertEquals(expected, v.range(128, 130).get(1));
            assertFalse(v.isZero(129));
        }
        ExactVector cancel = new ExactVector(1);
        cancel.add(0, 0x1p300);
        cancel.add(0, 0x1p-300);
        cancel.add(0, -0x1p-300);
        cancel.add(0, -0x1p300);
        ExactVector fresh = new ExactVector(1);
        fresh.add(0, 0x1p300);
        fresh.add(0, -0x1p300);
        assertEquals(fresh, cancel, "a spill that cancels to zero leaves no trace");
        assertTrue(cancel.isZero(0));
    }

    @Test
    void nonFiniteValuesAreKeptApartAndOrderIndependent() {
        ExactVector a = new ExactVector(4);
        a.add(0, Double.POSITIVE_INFINITY);
        a.add(0, 5.0);
        a.add(1, Double.POSITIVE_INFINITY);
        a.add(1, Double.NEGATIVE_INFINITY);
        a.add(2, Double.longBitsToDouble(0x7FF0000000000123L)); // a NaN with a payload
        a.add(3, 2.5);
        assertEquals(Double.POSITIVE_INFINITY, a.get(0));
        assertTrue(Double.isNaN(a.get(1)));
        assertTrue(Double.isNaN(a.get(2)));
        assertEquals(2.5, a.get(3));
        assertFalse(a.isZero(0));

        ExactVector b = new ExactVector(4);
        b.add(2, Double.longBitsToDouble(0xFFF8000000000456L));
        b.add(0, Double.NEGATIVE_INFINITY);
        ExactVector ab = deserialize(serialize(a));
        ab.merge(b);
        ExactVector ba = deserialize(serialize(b));
        ba.merge(a);
        assertEquals(ab, ba);
        assertArrayEquals(rawBits(ab.toDoubleArray()), rawBits(ba.toDoubleArray()));
        assertTrue(Double.isNaN(ab.get(0)));
        assertEquals(2.5, ab.get(3));
    }

    @Test
    void serializationWritesOnlyTouchedComponents() {
        int dimension = 1 << 20;
        SplittableRandom random = new SplittableRandom(7);
        ExactVector vector = new ExactVector(dimension);
        for (int i = 0; i < 1000; i++) {
            vector.add(random.nextInt(dimension), mixedValue(random));
        }
        byte[] bytes = serialize(vector);
        assertTrue(bytes.length < 60_000, "1000 touched components took " + bytes.length + " bytes");
        ExactVector copy = deserialize(bytes);
        assertEquals(vector, copy);
        assertArrayEquals(rawBits(vector.toDoubleArray()), rawBits(copy.toDoubleArray()));
    }

    @Test
    void serializationRoundTripsDenseVectors() {
        SplittableRandom random = new SplittableRandom(8);
        ExactVector vector = new ExactVector(500);
        for (int i = 0; i < 5000; i++) {
            vector.add(random.nextInt(500), mixedValue(random));
        }
        ExactVector copy = deserialize(serialize(vector));
        assertEquals(vector, copy);
        assertArrayEquals(rawBits(vector.toDoubleArray()), rawBits(copy.toDoubleArray()));
        assertEquals(0, deserialize(serialize(new ExactVector(0))).dimension());
    }

    @Test
    void cancelledComponentKeepsItsWindowThroughSerialization() {
        ExactVector vector = new ExactVector(3);
        vector.add(1, 1e300);
        vector.add(1, -1e300);
        assertTrue(vector.isZero(1));
        ExactVector copy = deserialize(serialize(vector));
        vector.add(1, 1.0);
        copy.add(1, 1.0);
        // 1.0 lies far below the window that 1e300 opened: it is spilled in both, and the states stay equal.
        assertEquals(1.0, vector.get(1));
        assertEquals(1.0, copy.get(1));
        assertEquals(vector, copy);
        ExactVector fresh = new ExactVector(3);
        fresh.add(1, 1.0);
        assertNotEquals(fresh, copy);
    }

    @Test
    void addCompensatedAddsBothParts() {
        ExactVector compensated = new ExactVector(1);
        compensated.addCompensated(0, 1.0, 0x1p-80);
        ExactVector separate = new ExactVector(1);
        separate.add(0, 0x1p-80);
        separate.add(0, 1.0);
        assertEquals(separate, compensated);
        compensated.add(0, -1.0);
        assertEquals(0x1p-80, compensated.get(0));
    }

    @Test
    void isEmptyMeansAFreshComponent() {
        ExactVector vector = new ExactVector(130);
        assertTrue(vector.isEmpty(129));
        vector.add(129, 0.0);
        assertTrue(vector.isEmpty(129));
        vector.add(129, 3.0);
        assertFalse(vector.isEmpty(129));
        vector.add(129, -3.0);
        assertFalse(vector.isEmpty(129), "its window was widened: not fresh, though it sums to zero");
        vector.add(1, Double.NaN);
        assertFalse(vector.isEmpty(1));
        assertTrue(vector.isEmpty(0));
        assertThrows(IndexOutOfBoundsException.class, () -> vector.isEmpty(130));
    }

    @Test
    void isZeroReportsExactCancellation() {
        ExactVector vector = new ExactVector(3);
        assertTrue(vector.isZero(0));
        vector.add(0, 0.1);
        vector.add(0, 0.2);
        vector.add(0, -0.1);
        vector.add(0, -0.2);
        assertTrue(vector.isZero(0));
        assertEquals(0.0, vector.get(0));
        vector.add(1, -0.0);
        assertTrue(vector.isZero(1));
        vector.add(2, Double.MIN_VALUE);
        assertFalse(vector.isZero(2));
    }

    @Test
    void mergeWithItselfDoubles() {
        ExactVector vector = new ExactVector(2);
        vector.add(0, 1.5);
        vector.add(1, -1e-310);
        vector.merge(vector);
        assertEquals(3.0, vector.get(0));
        assertEquals(2 * -1e-310, vector.get(1));
    }

    @Test
    void rangeKeepsTheStateOfItsComponents() {
        ExactVector whole = new ExactVector(300);
        whole.add(64, 1e300);
        whole.add(64, -1e300);
        whole.add(64, 1e-300); // below the window 1e300 raised: spilled, in the range too
        whole.add(200, 0.1);
        whole.add(299, Double.POSITIVE_INFINITY);
        whole.add(10, 5.0); // outside the range
        ExactVector range = whole.range(64, 300);
        assertEquals(236, range.dimension());
        assertEquals(1e-300, whole.get(64));
        assertEquals(whole.get(64), range.get(0));
        assertEquals(0.1, range.get(136));
        assertEquals(Double.POSITIVE_INFINITY, range.get(235));
        ExactVector other = new ExactVector(236);
        other.add(0, 1e-300);
        range.merge(other);
        assertEquals(2e-300, range.get(0), "the range keeps the whole vector's window and spill");
        assertEquals(whole.topLimb(64), range.topLimb(0));
        IllegalArgumentException unaligned = assertThrows(IllegalArgumentException.class, () -> whole.range(10, 64));
        assertTrue(unaligned.getMessage().contains("[10, 64)"), unaligned.getMessage());
        assertThrows(IllegalArgumentException.class, () -> whole.range(0, 100));
    }

    @Test
    void rejectsInvalidArguments() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new ExactVector(-1));
        assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
        ExactVector three = new ExactVector(3);
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> three.merge(new ExactVector(4)));
        assertTrue(mismatch.getMessage().contains("3") && mismatch.getMessage().contains("4"),
                mismatch.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> three.add(3, 1.0));
        assertThrows(IndexOutOfBoundsException.class, () -> three.get(-1));
    }
}
