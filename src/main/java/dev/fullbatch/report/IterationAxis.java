package dev.fullbatch.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The linear iteration axis shared by both panels, from {@code low} to {@code high}, with ticks every {@code step}
 * iterations, a 1, 2 or 5 times a power of ten.
 *
 * @param low first iteration shown, at the left edge
 * @param high last iteration shown, at the right edge, greater than low
 * @param step distance between ticks, at least 1
 */
record IterationAxis(long low, long high, long step) {
    private static final int TARGET_TICKS = 6;

    IterationAxis {
        if (high <= low || step < 1) {
            throw new IllegalArgumentException("need low < high and step >= 1, got " + low + ", " + high + ", "
                    + step);
        }
    }

    /** An axis showing iterations first..last; a single iteration gets one iteration of room on each side. */
    static IterationAxis covering(long first, long last) {
        if (last < first) {
            throw new IllegalArgumentException("need first <= last, got " + first + " and " + last);
        }
        long low = first;
        long high = last;
        if (high == low) {
            low = Math.max(0, low - 1);
            high = high + 1;
        }
        long step = 1;
        long span = high - low;
        for (long decade = 1; step * TARGET_TICKS < span; decade *= 10) {
            for (long multiple : new long[] {1, 2, 5}) {
                step = multiple * decade;
                if (step * TARGET_TICKS >= span) {
                    break;
                }
            }
        }
        return new IterationAxis(low, high, step);
    }

    /** Where an iteration lies, 0 at the left edge and 1 at the right. */
    double fraction(double iteration) {
        return (iteration - low) / (high - low);
    }

    /** The multiples of step within the axis. */
    List<Long> ticks() {
        List<Long> ticks = new ArrayList<>();
        for (long t = Math.floorDiv(low + step - 1, step) * step; t <= high; t += step) {
            ticks.add(t);
        }
        return ticks;
    }
}
