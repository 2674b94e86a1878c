package dev.fullbatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DeterministicMath#tanh}: accuracy against an exact reference, symmetry and special values. */
class DeterministicTanhTest {
    private static final MathContext WIDE = new MathContext(60);

    /** tanh(x) = (e^2x - 1) / (e^2x + 1) with e^2x summed as a 60-digit Taylor series of e^(2x/2^k), squared k times. */
    private static double exactTanh(double x) {
        BigDecimal twoX = new BigDecimal(x).multiply(BigDecimal.valueOf(2));
        int k = 12;
        BigDecimal y = twoX.divide(BigDecimal.valueOf(1L << k), WIDE);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int n = 1; n < 40; n++) {
            term = term.multiply(y, WIDE).divide(BigDecimal.valueOf(n), WIDE);
            sum = sum.add(term, WIDE);
        }
        for (int i = 0; i < k; i++) {
            sum = sum.multiply(sum, WIDE);
        }
        return sum.subtract(BigDecimal.ONE).divide(sum.add(BigDecimal.ONE), WIDE).doubleValue();
    }

    private static double ulpsApart(double a, double b) {
        return Math.abs(a - b) / Math.ulp(b);
    }

    @Test
    void isWithinThreeUlpsOfTheExactValue() {
        SplittableRandom rnd = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 3000; i++) {
            // Magnitudes from 2^-30 to about 24, log-uniform, both signs.
            double x = (rnd.nextBoolean() ? 1 : -1) * StrictMath.pow(2, -30 + 34.6 * rnd.nextDouble());
            double u = ulpsApart(DeterministicMath.tanh(x), exactTanh(x));
            worst = Math.max(worst, u);
            assertTrue(u <= 3, "tanh(" + x + ") is " + u + " ulps off");
        }
        assertTrue(worst > 0, "the comparison never saw a rounding difference, so it checks nothing");
    }

    @Test
    void agreesWithStrictMathWithinThreeUlps() {
        for (double x = -25; x <= 25; x += 0.0137) {
            assertTrue(ulpsApart(DeterministicMath.tanh(x), StrictMath.tanh(x)) <= 3, "tanh(" + x + ")");
        }
    }

    @Test
    void isOddAndKeepsSpecialValues() {
        for (double x : new double[] {1e-300, 1e-9, 0.3, 0.55, 1, 3.7, 19.5, 21.9}) {
            assertEquals(-DeterministicMath.tanh(x), DeterministicMath.tanh(-x), "odd at " + x);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(DeterministicMath.tanh(-0.0)));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(DeterministicMath.tanh(0.0)));
        assertEquals(1.0, DeterministicMath.tanh(22));
        assertEquals(-1.0, DeterministicMath.tanh(-1e300));
        assertEquals(1.0, DeterministicMath.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, DeterministicMath.tanh(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(DeterministicMath.tanh(Double.NaN)));
        assertEquals(Double.MIN_VALUE, DeterministicMath.tanh(Double.MIN_VALUE));
    }
}
