package dev.fullbatch.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A base-10 logarithmic value axis spanning whole decades, 10^lowExponent to 10^highExponent, so that its labelled
 * ticks are always powers of ten.
 *
 * @param lowExponent exponent of the bottom of the axis
 * @param highExponent exponent of the top, greater than lowExponent
 */
record LogAxis(int lowExponent, int highExponent) {
    /** More labels than this would overlap on a panel a few hundred pixels high. */
    private static final int MAX_LABELS = 9;
    /** Below this many decades, the 2..9 multiples get unlabelled minor ticks. */
    private static final int MINOR_TICK_DECADES = 5;
    /** On an axis this short, powers of ten alone are too few labels to read values off, so 2 and 5 get one too. */
    private static final int LABELLED_MINOR_DECADES = 2;

    LogAxis {
        if (highExponent <= lowExponent) {
            throw new IllegalArgumentException("need highExponent > lowExponent, got " + lowExponent + " and "
                    + highExponent);
        }
    }

    /** The smallest whole-decade axis holding every value in [min, max], both positive and finite. */
    static LogAxis covering(double min, double max) {
        if (!(min > 0 && max >= min && Double.isFinite(max))) {
            throw new IllegalArgumentException("need 0 < min <= max < infinity, got " + min + " and " + max);
        }
        int low = (int) StrictMath.floor(StrictMath.log10(min));
        int high = (int) StrictMath.ceil(StrictMath.log10(max));
        return new LogAxis(low, high > low ? high : low + 1);
    }

    /** Where a positive value lies, 0 at the bottom of the axis and 1 at the top. */
    double fraction(double value) {
        return (StrictMath.log10(value) - lowExponent) / (highExponent - lowExponent);
    }

    /** Exponents of the labelled ticks: every decade, or every few decades on a long axis, always from the bottom. */
    List<Integer> labelledExponents() {
        int decades = highExponent - lowExponent;
        int step = (decades + MAX_LABELS - 2) / (MAX_LABELS - 1);
        List<Integer> exponents = new ArrayList<>();
        for (int e = lowExponent; e <= highExponent; e += step) {
            exponents.add(e);
        }
        return exponents;
    }

    /**
     * The minor ticks that also get a label, as text by value: 2 and 5 times each power of ten on an axis of at most
     * two decades, else none. The text is a plain decimal ({@code 0.002}, {@code 500}) for exponents -4..5, else
     * {@code 2e-7}.
     */
    SortedMap<Double, String> labelledMinorTicks() {
        SortedMap<Double, String> ticks = new TreeMap<>();
        if (highExponent - lowExponent > LABELLED_MINOR_DECADES) {
            return ticks;
        }
        for (int e = lowExponent; e < highExponent; e++) {
            for (int m : new int[] {2, 5}) {
                String text = e >= -4 && e <= 5
                        ? BigDecimal.valueOf(m).scaleByPowerOfTen(e).toPlainString()
                        : m + "e" + e;
                ticks.put(m * StrictMath.pow(10, e), text);
            }
        }
        return ticks;
    }

    /** Values of the unlabelled minor ticks (2..9 times each power of ten), empty on a long axis. */
    List<Double> minorTicks() {
        List<Double> ticks = new ArrayList<>();
        if (highExponent - lowExponent > MINOR_TICK_DECADES) {
            return ticks;
        }
        for (int e = lowExponent; e < highExponent; e++) {
            double decade = StrictMath.pow(10, e);
            for (int m = 2; m <= 9; m++) {
                ticks.add(m * decade);
            }
        }
        return ticks;
    }
}
