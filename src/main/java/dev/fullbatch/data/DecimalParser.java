package dev.fullbatch.data;

/**
 * Parses plain decimal numbers ({@code [+-]digits[.digits][(e|E)[+-]digits]}) from ASCII bytes, correctly rounded.
 *
 * <p>The grammar is deliberately stricter than {@link Double#parseDouble}: no hex, no {@code NaN}/{@code Infinity}
 * words, no type suffixes, no surrounding blanks, so that garbage in a data file is reported instead of being read
 * as a number. Numbers with at most 15 significant digits and a small decimal exponent (nearly all real data) take
 * an exact fast path (an exact integer times or divided by an exact power of ten rounds once, hence correctly);
 * the rest go through {@link Double#parseDouble}, which is also correctly rounded.
 */
public final class DecimalParser {
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    /** Returned for text that is not a decimal number. Distinguish with {@link #isInvalid}. */
    public static final double INVALID = Double.NaN;

    private DecimalParser() {
    }

    /** True when {@link #parse} rejected its input. */
    public static boolean isInvalid(double parsed) {
        return parsed != parsed;
    }

    /**
     * Parses {@code bytes[from, to)}.
     *
     * @return the correctly rounded value (possibly infinite when the text overflows the double range), or
     *     {@link #INVALID} when the text is not a plain decimal number
     */
    public static double parse(byte[] bytes, int from, int to) {
        int i = from;
        if (i >= to) {
            return INVALID;
        }
        boolean negative = false;
        if (bytes[i] == '-' || bytes[i] == '+') {
            negative = bytes[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int exponent10 = 0;
        int digits = 0;
        boolean exactFast = true;
        while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
            int d = bytes[i] - '0';
            if (significant > 0 || d != 0) {
                if (significant < 18) {
                    mantissa = mantissa * 10 + d;
                } else {
                    exactFast = false;
                }
                significant++;
            }
            digits++;
            i++;
        }
        if (i < to && bytes[i] == '.') {
            i++;
            while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
                int d = bytes[i] - '0';
                if (significant > 0 || d != 0) {
                    if (significant < 18) {
                        mantissa = mantissa * 10 + d;
                        exponent10--;
                    } else {
                        exactFast = false;
                    }
                    significant++;
                } else {
                    exponent10--;
                }
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return INVALID;
        }
        if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
                negativeExponent = bytes[i] == '-';
                i++;
            }
            int expDigits = 0;
            int explicit = 0;
            while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
                if (explicit < 100_000) {
                    explicit = explicit * 10 + (bytes[i] - '0');
                }
                expDigits++;
                i++;
            }
            if (expDigits == 0) {
                return INVALID;
            }
            exponent10 += negativeExponent ? -explicit : explicit;
        }
        if (i != to) {
            return INVALID;
        }
        if (mantissa == 0 && exactFast) {
            return negative ? -0.0 : 0.0;
        }
        if (exactFast && significant <= 15 && exponent10 >= -22 && exponent10 <= 22) {
            double m = mantissa;
            double v = exponent10 >= 0 ? m * POWERS_OF_TEN[exponent10] : m / POWERS_OF_TEN[-exponent10];
            return negative ? -v : v;
        }
        return Double.parseDouble(new String(bytes, from, to - from, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * Why a parsed number cannot be used as data, or null when it can.
     *
     * @param parsed what {@link #parse} returned for {@code bytes[from, to)}
     * @return "is empty", "is not a number", "is NaN or infinite" or "is too large for a double", or null for a
     *     finite number
     */
    public static String whyUnusable(double parsed, byte[] bytes, int from, int to) {
        if (!isInvalid(parsed) && !Double.isInfinite(parsed)) {
            return null;
        }
        if (from == to) {
            return "is empty";
        }
        if (spellsNonFinite(bytes, from, to)) {
            return "is NaN or infinite";
        }
        return isInvalid(parsed) ? "is not a number" : "is too large for a double";
    }

    /**
     * True when the token spells NaN or infinity the way programs write them ({@code NaN}, {@code nan},
     * {@code Inf}, {@code -inf}, {@code Infinity}, any case, optional sign), to give those a precise message.
     */
    public static boolean spellsNonFinite(byte[] bytes, int from, int to) {
        int i = from;
        if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
            i++;
        }
        String word = new String(bytes, i, to - i, java.nio.charset.StandardCharsets.US_ASCII)
                .toLowerCase(java.util.Locale.ROOT);
        return word.equals("nan") || word.equals("inf") || word.equals("infinity");
    }
}
