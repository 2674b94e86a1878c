package dev.fullbatch.optim;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers as people read them in stop messages: "3.1e-10", "0.25", "1e-9", "57". */
final class NumberText {

    private NumberText() {
    }

    /** {@code v} rounded to {@code digits} significant digits. */
    static String rounded(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return format(new BigDecimal(v).round(new MathContext(digits)));
    }

    /** The shortest text that reads back to exactly {@code v}, without Java's "1.0E-9" style. */
    static String exact(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return format(new BigDecimal(Double.toString(v)));
    }

    private static String format(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal d = value.stripTrailingZeros();
        double magnitude = Math.abs(d.doubleValue());
        if (magnitude >= 1e-3 && magnitude < 1e6) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
    }
}
