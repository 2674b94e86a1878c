package dev.fullbatch.optim;

/**
 * The objectives of the last few iterates, kept in a state vector (oldest first) so that a non-monotone acceptance
 * test can compare against their maximum (Grippo-Lampariello-Lucidi).
 */
final class NonmonotoneWindow {

    /** How many recent objectives the reference covers. */
    static final int SIZE = 10;

    /** The state vector holding the window. */
    static final String KEY = "recentObjectives";

    private NonmonotoneWindow() {
    }

    /** The largest of the recent objectives: the level a new iterate must not exceed. */
    static double reference(double[] recent) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : recent) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** The window with {@code value} appended and the oldest entry dropped once it is full. */
    static double[] append(double[] recent, double value) {
        int keep = Math.min(recent.length, SIZE - 1);
        double[] out = new double[keep + 1];
        System.arraycopy(recent, recent.length - keep, out, 0, keep);
        out[keep] = value;
        return out;
    }
}
