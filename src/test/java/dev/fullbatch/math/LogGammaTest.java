package dev.fullbatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DeterministicMath#logGamma} against C's lgamma, exact factorials and the recurrence. */
class LogGammaTest {

    /** x and lgamma(x) from CPython's math.lgamma (the platform's libm): python3 -c "print(math.lgamma(x))". */
    private static final double[][] LIBM = {
        {1e-300, 690.7755278982137}, {1e-08, 18.42068073818021}, {0.1, 2.2527126517342055},
        {0.5, 0.5723649429247004}, {1.0, 0.0}, {1.5, -0.12078223763524543}, {2.0, 0.0},
        {2.5, 0.2846828704729196}, {3.7, 1.4280723266653883}, {9.999, 12.799575780077417},
        {10.0, 12.801827480081467}, {10.5, 13.940625219403763}, {33.3, 82.60372358165495},
        {100.0, 359.1342053695754}, {1234.5, 7550.550901077896}, {1e6, 12815504.569147611},
        {1e15, 3.353877639491067e+16}, {1e300, 6.897755278982137e+302}};

    @Test
    void agreesWithLibmToAFewTimes1e15() {
        for (double[] c : LIBM) {
            double got = DeterministicMath.logGamma(c[0]);
            // absolute below 10, where the recurrence subtracts numbers near 13; relative beyond
            double tolerance = c[0] < 10 ? 4e-15 : 2e-15 * Math.abs(c[1]);
            assertEquals(c[1], got, tolerance, "lgamma(" + c[0] + ")");
        }
    }

    @Test
    void isTheLogarithmOfTheFactorialAtWholeNumbers() {
        BigInteger factorial = BigInteger.ONE;
        for (int n = 1; n <= 170; n++) {
            factorial = factorial.multiply(BigInteger.valueOf(n));
            // ln(n!) from the exact factorial: ln of its leading 17 digits plus the decimal exponent
            String digits = factorial.toString();
            int keep = Math.min(17, digits.length());
            double lead = Double.parseDouble(digits.substring(0, keep));
            double expected = StrictMath.log(lead) + (digits.length() - keep) * StrictMath.log(10);
            double got = DeterministicMath.logGamma(n + 1.0);
            assertEquals(expected, got, 4e-15 * Math.max(1, expected), "ln(" + n + "!)");
        }
        assertEquals(0.0, DeterministicMath.logGamma(1.0), 0.0);
        assertEquals(0.0, DeterministicMath.logGamma(2.0), 0.0);
    }

    @Test
    void followsTheRecurrenceAndTheSpecialValues() {
        SplittableRandom random = new SplittableRandom(4);
        for (int t = 0; t < 1000; t++) {
            double x = Math.exp(12 * random.nextDouble() - 6);
            double step = DeterministicMath.logGamma(x + 1) - DeterministicMath.logGamma(x);
            assertEquals(StrictMath.log(x), step, 5e-15 * Math.max(1, Math.abs(DeterministicMath.logGamma(x))),
                    "x=" + x);
        }
        assertEquals(Double.POSITIVE_INFINITY, DeterministicMath.logGamma(0.0));
        assertEquals(Double.POSITIVE_INFINITY, DeterministicMath.logGamma(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(DeterministicMath.logGamma(-1.5)));
        assertTrue(Double.isNaN(DeterministicMath.logGamma(Double.NaN)));
    }
}
