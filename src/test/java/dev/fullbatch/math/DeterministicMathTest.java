package dev.fullbatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DeterministicMathTest {

    private static final MathContext MC = new MathContext(50);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    /** ln 2 = 2 atanh(1/3). */
    private static final BigDecimal LN2 = atanhTimesTwo(BigDecimal.ONE.divide(BigDecimal.valueOf(3), MC));

    /** Distance from a to b in units of representable doubles (0 for two NaNs or two equal values). */
    private static long ulpDistance(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b) ? 0 : Long.MAX_VALUE;
        }
        if (a == b) {
            return 0;
        }
        long x = Double.doubleToRawLongBits(a);
        long y = Double.doubleToRawLongBits(b);
        x = x < 0 ? Long.MIN_VALUE - x : x;
        y = y < 0 ? Long.MIN_VALUE - y : y;
        return Math.abs(x - y);
    }

    private static void assertWithinOneUlpOfStrictMath(String name, DoubleUnaryOperator ours,
            DoubleUnaryOperator strict, DoubleSupplier arguments, int count) {
        long differing = 0;
        for (int i = 0; i < count; i++) {
            double x = arguments.getAsDouble();
            double a = ours.applyAsDouble(x);
            double b = strict.applyAsDouble(x);
            long distance = ulpDistance(a, b);
            if (distance > 1) {
                throw new AssertionError(name + "(" + x + ") = " + a + " but StrictMath gives " + b);
            }
            differing += distance;
        }
        // StrictMath itself errs by up to ~0.8 ulp, so some disagreement is expected, but not a lot.
        assertTrue(differing < count / 8, name + " differs from StrictMath on " + differing + " of " + count);
    }

    private static double signedScale(SplittableRandom random, int minExponent, int maxExponent) {
        double sign = random.nextBoolean() ? 1.0 : -1.0;
        return sign * Math.scalb(1.0 + random.nextDouble(), random.nextInt(minExponent, maxExponent + 1));
    }

    @Test
    void expAgreesWithStrictMathWithinOneUlp() {
        SplittableRandom random = new SplittableRandom(11);
        assertWithinOneUlpOfStrictMath("exp", DeterministicMath::exp, StrictMath::exp,
                () -> -746.0 + 1457.0 * random.nextDouble(), 1_500_000);
        assertWithinOneUlpOfStrictMath("exp", DeterministicMath::exp, StrictMath::exp,
                () -> signedScale(random, -80, 0), 500_000);
        assertWithinOneUlpOfStrictMath("exp", DeterministicMath::exp, StrictMath::exp,
                () -> -708.0 - 38.0 * random.nextDouble(), 300_000);
    }

    @Test
    void expm1AgreesWithStrictMathWithinOneUlp() {
        SplittableRandom random = new SplittableRandom(12);
        assertWithinOneUlpOfStrictMath("expm1", DeterministicMath::expm1, StrictMath::expm1,
                () -> -40.0 + 751.0 * random.nextDouble(), 1_000_000);
        assertWithinOneUlpOfStrictMath("expm1", DeterministicMath::expm1, StrictMath::expm1,
                () -> -3.0 + 6.0 * random.nextDouble(), 800_000);
        assertWithinOneUlpOfStrictMath("expm1", DeterministicMath::expm1, StrictMath::expm1,
                () -> signedScale(random, -80, 0), 500_000);
    }

    @Test
    void logAgreesWithStrictMathWithinOneUlp() {
        SplittableRandom random = new SplittableRandom(13);
        assertWithinOneUlpOfStrictMath("log", DeterministicMath::log, StrictMath::log,
                () -> Double.longBitsToDouble(random.nextLong(0x7FF0000000000000L)), 1_200_000);
        assertWithinOneUlpOfStrictMath("log", DeterministicMath::log, StrictMath::log,
                () -> 0.25 + 3.75 * random.nextDouble(), 800_000);
        assertWithinOneUlpOfStrictMath("log", DeterministicMath::log, StrictMath::log,
                () -> 1.0 + signedScale(random, -60, -4), 500_000);
    }

    @Test
    void log1pAgreesWithStrictMathWithinOneUlp() {
        SplittableRandom random = new SplittableRandom(14);
        assertWithinOneUlpOfStrictMath("log1p", DeterministicMath::log1p, StrictMath::log1p,
                () -> -1.0 + 2.0 * random.nextDouble(), 800_000);
        assertWithinOneUlpOfStrictMath("log1p", DeterministicMath::log1p, StrictMath::log1p,
                () -> Math.scalb(1.0 + random.nextDouble(), random.nextInt(-1074, 997)), 800_000);
        assertWithinOneUlpOfStrictMath("log1p", DeterministicMath::log1p, StrictMath::log1p,
                () -> signedScale(random, -80, -1), 500_000);
        assertWithinOneUlpOfStrictMath("log1p", DeterministicMath::log1p, StrictMath::log1p,
                () -> -1.0 + Math.scalb(1.0 + random.nextDouble(), random.nextInt(-53, -1)), 300_000);
    }

    private static void assertNearlyCorrectlyRounded(String name, DoubleUnaryOperator ours,
            Function<Double, BigDecimal> exact, DoubleSupplier arguments, int count) {
        double worst = 0;
        for (int i = 0; i < count; i++) {
            double x = arguments.getAsDouble();
            double result = ours.applyAsDouble(x);
            BigDecimal reference = exact.apply(x);
            double error = new BigDecimal(result).subtract(reference).abs()
                    .divide(new BigDecimal(Math.ulp(result)), MC).doubleValue();
            if (error > 0.53) {
                throw new AssertionError(name + "(" + x + ") = " + result + " is " + error + " ulp from "
                        + reference);
            }
            worst = Math.max(worst, error);
        }
        assertTrue(worst > 0.4, name + ": a worst error of " + worst + " ulp means the reference is suspect");
    }

    @Test
    void functionsAreNearlyCorrectlyRoundedAgainstHighPrecision() {
        SplittableRandom random = new SplittableRandom(15);
        assertNearlyCorrectlyRounded("exp", DeterministicMath::exp, DeterministicMathTest::exactExp,
                () -> -708.0 + 1417.0 * random.nextDouble(), 2000);
        assertNearlyCorrectlyRounded("exp", DeterministicMath::exp, DeterministicMathTest::exactExp,
                () -> signedScale(random, -40, 0), 1000);
        assertNearlyCorrectlyRounded("expm1", DeterministicMath::expm1, DeterministicMathTest::exactExpm1,
                () -> -3.0 + 6.0 * random.nextDouble(), 2000);
        assertNearlyCorrectlyRounded("expm1", DeterministicMath::expm1, DeterministicMathTest::exactExpm1,
                () -> signedScale(random, -60, 8), 1000);
        assertNearlyCorrectlyRounded("log", DeterministicMath::log, x -> exactLog(new BigDecimal(x)),
                () -> Double.longBitsToDouble(random.nextLong(0x7FF0000000000000L)), 1000);
        assertNearlyCorrectlyRounded("log", DeterministicMath::log, x -> exactLog(new BigDecimal(x)),
                () -> 0.9 + 0.2 * random.nextDouble(), 2000);
        assertNearlyCorrectlyRounded("log1p", DeterministicMath::log1p, DeterministicMathTest::exactLog1p,
                () -> -1.0 + 3.0 * random.nextDouble(), 2000);
        assertNearlyCorrectlyRounded("log1p", DeterministicMath::log1p, DeterministicMathTest::exactLog1p,
                () -> signedScale(random, -60, -1), 1000);
        // Just below -2^-8, 1 + x rounds onto the near-one window and only the rounding correction keeps accuracy.
        int[] step = {0};
        assertNearlyCorrectlyRounded("log1p", DeterministicMath::log1p, DeterministicMathTest::exactLog1p,
                () -> -0x1p-8 - ++step[0] * 0x1p-61, 40);
    }

    @Test
    void specialValuesMatchStrictMath() {
        double[] arguments = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
            Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, Math.nextUp(-1.0), Math.nextDown(-1.0), 0x1p-54,
            -0x1p-54, 0x1p-60, 1e-300, 709.782712893384, Math.nextUp(709.782712893384), -745.1332191019411,
            Math.nextDown(-745.1332191019411), -745.1332191019412, -708.39641853226408, -38.0, -37.5, 2.0, 0.5,
            Math.nextDown(1.0), Math.nextUp(1.0), -0x1p-8, 0x1p-7, Math.nextDown(0x1p-7), 1 - 0x1p-8, 1 + 0x1p-7};
        for (double x : arguments) {
            assertSameOrAdjacent("exp", x, DeterministicMath.exp(x), StrictMath.exp(x));
            assertSameOrAdjacent("expm1", x, DeterministicMath.expm1(x), StrictMath.expm1(x));
            assertSameOrAdjacent("log", x, DeterministicMath.log(x), StrictMath.log(x));
            assertSameOrAdjacent("log1p", x, DeterministicMath.log1p(x), StrictMath.log1p(x));
        }
        assertEquals(Double.POSITIVE_INFINITY, DeterministicMath.exp(Math.nextUp(709.782712893384)));
        assertEquals(0.0, DeterministicMath.exp(Math.nextDown(-745.1332191019411)));
        assertEquals(Double.MIN_VALUE, DeterministicMath.exp(-745.1332191019411));
        assertEquals(1.0, DeterministicMath.exp(0.0));
        assertEquals(Double.NEGATIVE_INFINITY, DeterministicMath.log(0.0));
        assertEquals(Double.NEGATIVE_INFINITY, DeterministicMath.log(-0.0));
        assertEquals(Double.NEGATIVE_INFINITY, DeterministicMath.log1p(-1.0));
        assertTrue(Double.isNaN(DeterministicMath.log(-Double.MIN_VALUE)));
        assertTrue(Double.isNaN(DeterministicMath.log1p(Math.nextDown(-1.0))));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(DeterministicMath.log(1.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(DeterministicMath.log1p(-0.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(DeterministicMath.expm1(-0.0)));
        assertEquals(-1.0, DeterministicMath.expm1(-1000.0));
        assertEquals(-1.0, DeterministicMath.expm1(Double.NEGATIVE_INFINITY));
        assertEquals(Double.MIN_VALUE, DeterministicMath.expm1(Double.MIN_VALUE));
    }

    private static void assertSameOrAdjacent(String name, double x, double ours, double strict) {
        assertTrue(ulpDistance(ours, strict) <= 1 && Double.isInfinite(ours) == Double.isInfinite(strict)
                && Math.signum(ours) == Math.signum(strict) || Double.isNaN(strict) && Double.isNaN(ours),
                () -> name + "(" + x + ") = " + ours + " but StrictMath gives " + strict);
        if (ours == 0 && strict == 0) {
            assertEquals(Double.doubleToRawLongBits(strict), Double.doubleToRawLongBits(ours),
                    () -> name + "(" + x + ") has the wrong sign of zero");
        }
    }

    @Test
    void sigmoidAndLog1pExpAreAccurateWithoutOverflow() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 500_000; i++) {
            double z = i % 2 == 0 ? -800.0 + 1600.0 * random.nextDouble() : signedScale(random, -60, 5);
            double e = StrictMath.exp(-Math.abs(z));
            double sigmoid = z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            double softplus = Math.max(z, 0.0) + StrictMath.log1p(e);
            final double zz = z;
            assertTrue(ulpDistance(DeterministicMath.sigmoid(z), sigmoid) <= 3,
                    () -> "sigmoid(" + zz + ") = " + DeterministicMath.sigmoid(zz) + ", expected " + sigmoid);
            assertTrue(ulpDistance(DeterministicMath.log1pExp(z), softplus) <= 3,
                    () -> "log1pExp(" + zz + ") = " + DeterministicMath.log1pExp(zz) + ", expected " + softplus);
        }
        assertEquals(0.5, DeterministicMath.sigmoid(0.0));
        assertEquals(1.0, DeterministicMath.sigmoid(Double.MAX_VALUE));
        assertEquals(1.0, DeterministicMath.sigmoid(Double.POSITIVE_INFINITY));
        assertEquals(0.0, DeterministicMath.sigmoid(-Double.MAX_VALUE));
        assertEquals(0.0, DeterministicMath.sigmoid(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(DeterministicMath.sigmoid(Double.NaN)));
        assertEquals(Double.MAX_VALUE, DeterministicMath.log1pExp(Double.MAX_VALUE));
        assertEquals(Double.POSITIVE_INFINITY, DeterministicMath.log1pExp(Double.POSITIVE_INFINITY));
        assertEquals(0.0, DeterministicMath.log1pExp(-Double.MAX_VALUE));
        assertEquals(0.0, DeterministicMath.log1pExp(Double.NEGATIVE_INFINITY));
        assertEquals(1000.0, DeterministicMath.log1pExp(1000.0));
        assertEquals(DeterministicMath.exp(-700.0), DeterministicMath.log1pExp(-700.0));
        assertTrue(ulpDistance(0.6931471805599453, DeterministicMath.log1pExp(0.0)) <= 1);
        assertTrue(Double.isNaN(DeterministicMath.log1pExp(Double.NaN)));
    }

    @Test
    void tableConstantsAreExact() {
        BigDecimal ln2 = LN2;
        assertRelativelyClose("ln2", ln2, sum(DeterministicMath.LN2_HI, DeterministicMath.LN2_LO), -95);
        assertTrue(isMultipleOfPowerOfTwo(DeterministicMath.LN2_HI, -42), "LN2_HI is a multiple of 2^-42");
        BigDecimal ln2Over32 = ln2.divide(BigDecimal.valueOf(32), MC);
        assertRelativelyClose("ln2/32", ln2Over32, sum(DeterministicMath.LN2_32_HI, DeterministicMath.LN2_32_LO),
                -90);
        assertTrue(isMultipleOfPowerOfTwo(DeterministicMath.LN2_32_HI, -42)
                && DeterministicMath.LN2_32_HI < 0x1p-5, "LN2_32_HI has at most 37 significant bits");
        BigDecimal inverse = BigDecimal.valueOf(32).divide(ln2, MC);
        assertTrue(new BigDecimal(DeterministicMath.INV_LN2_32).subtract(inverse).abs()
                .compareTo(new BigDecimal(Math.ulp(DeterministicMath.INV_LN2_32) / 2)) <= 0, "32/ln2 is rounded");

        for (int j = 0; j < 32; j++) {
            double hi = DeterministicMath.expTableEntry(2 * j);
            double lo = DeterministicMath.expTableEntry(2 * j + 1);
            assertTrue(Math.abs(lo) <= Math.ulp(hi) / 2, "hi is the nearest double to 2^(" + j + "/32)");
            // (hi + lo)^32 = 2^j (1 + 32 d) where hi + lo = 2^(j/32) (1 + d); lo is the nearest double when
            // |d| hi <= ulp(lo) / 2. Checked with exact powers, so no 2^(j/32) reference is needed.
            BigDecimal power = sum(hi, lo).pow(32);
            BigDecimal relative = power.divide(new BigDecimal(BigInteger.ONE.shiftLeft(j)), MC)
                    .subtract(BigDecimal.ONE).abs();
            BigDecimal offset = relative.divide(BigDecimal.valueOf(32), MC).multiply(new BigDecimal(hi));
            assertTrue(j == 0 || offset.compareTo(new BigDecimal(Math.ulp(lo) / 2 * (1 + 1e-6))) <= 0,
                    "lo is the nearest double to 2^(" + j + "/32) - hi, off by " + offset);
        }

        for (int j = 0; j < 128; j++) {
            double r = DeterministicMath.logTableEntry(3 * j);
            double hi = DeterministicMath.logTableEntry(3 * j + 1);
            double lo = DeterministicMath.logTableEntry(3 * j + 2);
            assertTrue(isMultipleOfPowerOfTwo(r, -10) && r > 0.5 && r <= 1.0, "r_" + j + " has 10 bits");
            assertTrue(isMultipleOfPowerOfTwo(hi, -42), "hi_" + j + " is a multiple of 2^-42");
            BigDecimal minusLogR = exactLog(new BigDecimal(r)).negate();
            assertTrue(minusLogR.subtract(sum(hi, lo)).abs().compareTo(new BigDecimal(Math.ulp(lo) / 2)) <= 0,
                    "lo is the nearest double to -log(r) - hi for j = " + j);
            for (double m : new double[] {1.0 + j / 128.0, 1.0 + (j + 1) / 128.0}) {
                assertTrue(Math.abs(m * r - 1.0) <= 0.00422, "|m r - 1| small for j = " + j);
            }
        }
    }

    @Test
    void resultsMatchRecordedBits() {
        // Bits recorded once; any JVM, JIT or interpreter must reproduce them, which is the point of the class.
        SplittableRandom random = new SplittableRandom(17);
        long hash = 0;
        for (int i = 0; i < 20_000; i++) {
            double x = signedScale(random, -30, 9);
            hash = hash * 31 + Double.doubleToRawLongBits(DeterministicMath.exp(x));
            hash = hash * 31 + Double.doubleToRawLongBits(DeterministicMath.expm1(x));
            hash = hash * 31 + Double.doubleToRawLongBits(DeterministicMath.log(Math.abs(x)));
            hash = hash * 31 + Double.doubleToRawLongBits(DeterministicMath.log1p(Math.abs(x)));
            hash = hash * 31 + Double.doubleToRawLongBits(DeterministicMath.sigmoid(x));
            hash = hash * 31 + Double.doubleToRawLongBits(DeterministicMath.log1pExp(x));
        }
        assertEquals(RECORDED_HASH, hash, "hash " + Long.toHexString(hash));
        assertEquals(0x4005bf0a8b145769L, Double.doubleToRawLongBits(DeterministicMath.exp(1.0)));
    }

    private static final long RECORDED_HASH = 0x93001f79a323ac3fL;

    // ---- high-precision references (BigDecimal, about 50 digits) ----

    private static BigDecimal sum(double a, double b) {
        return new BigDecimal(a).add(new BigDecimal(b));
    }

    private static boolean isMultipleOfPowerOfTwo(double x, int exponent) {
        return new BigDecimal(x).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(-exponent))).stripTrailingZeros()
                .scale() <= 0;
    }

    private static void assertRelativelyClose(String what, BigDecimal expected, BigDecimal actual, int log2Bound) {
        BigDecimal relative = actual.subtract(expected).abs().divide(expected.abs(), MC);
        assertTrue(relative.compareTo(new BigDecimal(Math.scalb(1.0, log2Bound))) < 0,
                what + ": relative error " + relative);
    }

    /** 2 atanh(z) = log((1 + z) / (1 - z)), for |z| <= 1/2. */
    private static BigDecimal atanhTimesTwo(BigDecimal z) {
        BigDecimal square = z.multiply(z, MC);
        BigDecimal power = z;
        BigDecimal result = BigDecimal.ZERO;
        for (int k = 1; power.signum() != 0; k += 2) {
            BigDecimal term = power.divide(BigDecimal.valueOf(k), MC);
            result = result.add(term, MC);
            if (term.abs().compareTo(result.abs().movePointLeft(55)) < 0) {
                break;
            }
            power = power.multiply(square, MC);
        }
        return result.multiply(TWO);
    }

    /** log(y) for y > 0: y = 2^k m with m in [2/3, 4/3], then 2 atanh((m - 1) / (m + 1)). */
    private static BigDecimal exactLog(BigDecimal y) {
        int k = 0;
        BigDecimal m = y;
        BigDecimal upper = BigDecimal.valueOf(4).divide(BigDecimal.valueOf(3), MC);
        BigDecimal lower = BigDecimal.valueOf(2).divide(BigDecimal.valueOf(3), MC);
        int shift = Math.getExponent(y.doubleValue()); // a starting guess, refined below
        if (shift != 0) {
            m = shift > 0 ? y.divide(new BigDecimal(BigInteger.ONE.shiftLeft(shift)), MC)
                    : y.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(-shift)));
            k = shift;
        }
        while (m.compareTo(upper) > 0) {
            m = m.divide(TWO, MC);
            k++;
        }
        while (m.compareTo(lower) < 0) {
            m = m.multiply(TWO);
            k--;
        }
        BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC);
        return LN2.multiply(BigDecimal.valueOf(k)).add(atanhTimesTwo(z), MC);
    }

    private static BigDecimal exactLog1p(double x) {
        if (Math.abs(x) < 0.25) {
            BigDecimal bx = new BigDecimal(x);
            return atanhTimesTwo(bx.divide(bx.add(TWO), MC));
        }
        return exactLog(BigDecimal.ONE.add(new BigDecimal(x)));
    }

    /** Sum of x^n / n! for n >= first, for |x| <= 2^-10. */
    private static BigDecimal taylorExp(BigDecimal x, int first) {
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n <= first; n++) {
            term = term.multiply(x, MC).divide(BigDecimal.valueOf(n), MC);
        }
        BigDecimal result = BigDecimal.ZERO;
        for (int n = first + 1; term.signum() != 0; n++) {
            result = result.add(term, MC);
            if (term.abs().compareTo(result.abs().movePointLeft(55)) < 0) {
                break;
            }
            term = term.multiply(x, MC).divide(BigDecimal.valueOf(n), MC);
        }
        return result;
    }

    /** e^x by Taylor on x / 2^s and s squarings. */
    private static BigDecimal exactExp(double x) {
        int s = Math.max(0, Math.getExponent(x) + 11);
        BigDecimal reduced = new BigDecimal(Math.scalb(x, -s));
        BigDecimal result = taylorExp(reduced, 0);
        for (int i = 0; i < s; i++) {
            result = result.multiply(result, MC);
        }
        return result;
    }

    private static BigDecimal exactExpm1(double x) {
        if (Math.abs(x) < 0x1p-10) {
            return taylorExp(new BigDecimal(x), 1);
        }
        return exactExp(x).subtract(BigDecimal.ONE, MC);
    }
}
