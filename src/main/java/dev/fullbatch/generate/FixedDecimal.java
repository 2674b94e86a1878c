package dev.fullbatch.generate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes numbers with six decimals and no trailing zeros ({@code -1.25}, {@code 0.000731}, {@code 3}), and says
 * which double the written text reads back as, so labels can be computed from exactly the feature values a reader
 * will see.
 *
 * <p>Why fixed decimals: the value written is the integer {@code m} over 10^6, and the double nearest to it is
 * {@code m / 1e6} computed in floating point (both operands exact, the division correctly rounded), which is also what
 * any correctly rounding parser returns. The text is produced by integer arithmetic, independent of the JDK's
 * {@code Double.toString}, whose output changed between Java releases.
 */
final class FixedDecimal {
    static final int DECIMALS = 6;
    private static final double SCALE = 1e6;
    private static final long UNITS_PER_ONE = 1_000_000L;
    /** Beyond this magnitude {@code v * SCALE} is no longer an exact integer count of units. */
    private static final double FAST_LIMIT = 0x1.0p52 / SCALE;

    private FixedDecimal() {
    }

    /**
     * Appends {@code value} rounded to six decimals.
     *
     * @return the double that the appended text parses to
     * @throws IllegalArgumentException if value is NaN or infinite
     */
    static double append(StringBuilder out, double value) {
        if (Math.abs(value) < FAST_LIMIT) {
            long units = Math.round(value * SCALE);
            appendUnits(out, units);
            return units / SCALE;
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cannot write a non-finite value: " + value);
        }
        // Rare: only huge regression labels get here; exact decimal arithmetic keeps it deterministic.
        String text = new BigDecimal(value).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
        out.append(text);
        return Double.parseDouble(text);
    }

    private static void appendUnits(StringBuilder out, long units) {
        if (units < 0) {
            out.append('-');
            units = -units;
        }
        out.append(units / UNITS_PER_ONE);
        long fraction = units % UNITS_PER_ONE;
        if (fraction == 0) {
            return;
        }
        int digits = DECIMALS;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        out.append('.');
        for (long pad = fraction * 10; pad < pow10(digits); pad *= 10) {
            out.append('0');
        }
        out.append(fraction);
    }

    private static long pow10(int exponent) {
        long p = 1;
        for (int k = 0; k < exponent; k++) {
            p *= 10;
        }
        return p;
    }
}
