package dev.fullbatch.report;

import java.util.Arrays;

/**
 * One line of the plot, holding only the points a log axis can show (finite and positive values), thinned to at
 * most {@link #MAX_DRAWN_POINTS}.
 *
 * @param label what the legend calls it
 * @param cssClass the class attribute of its polyline, naming what it plots
 * @param color its stroke color, as SVG understands it
 * @param iterations the x value of each point, in drawing order
 * @param values the y value of each point, positive and finite
 */
record Series(String label, String cssClass, String color, double[] iterations, double[] values) {
    static final int MAX_DRAWN_POINTS = 2000;

    Series {
        if (iterations.length != values.length) {
            throw new IllegalArgumentException("need one value per iteration, got " + iterations.length + " and "
                    + values.length);
        }
    }

    /** The drawable points of (iterations[i], values[i]), skipping non-finite and non-positive values. */
    static Series of(String label, String cssClass, String color, double[] iterations, double[] values) {
        int n = 0;
        double[] x = new double[values.length];
        double[] y = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] > 0 && values[i] < Double.POSITIVE_INFINITY) {
                x[n] = iterations[i];
                y[n] = values[i];
                n++;
            }
        }
        double[] finiteY = Arrays.copyOf(y, n);
        int[] kept = Decimation.keep(finiteY, MAX_DRAWN_POINTS);
        double[] keptX = new double[kept.length];
        double[] keptY = new double[kept.length];
        for (int k = 0; k < kept.length; k++) {
            keptX[k] = x[kept[k]];
            keptY[k] = finiteY[kept[k]];
        }
        return new Series(label, cssClass, color, keptX, keptY);
    }

    boolean isEmpty() {
        return values.length == 0;
    }

    int size() {
        return values.length;
    }

    double min() {
        double min = Double.POSITIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    double max() {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
