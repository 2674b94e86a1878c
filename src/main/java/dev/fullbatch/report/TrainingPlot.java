package dev.fullbatch.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders a training run as an 800 x 500 SVG picture: on the left the training objective (and the validation
 * objective when given), on the right the gradient norm, both against the iteration on base-10 logarithmic axes
 * labelled with powers of ten, with a title and a legend.
 *
 * <p>The document is self-contained (no scripts, external fonts or images; the generic {@code sans-serif} font),
 * pure ASCII, and a pure function of its input: the same points and title give the same string. Points are drawn in
 * iteration order whatever order they come in. A log axis cannot show zero, negative or non-finite values, so:
 * non-finite values are skipped; a zero or negative gradient norm is skipped; and when any objective (training or
 * validation) is zero or negative, the left panel plots {@code objective - min + eps} instead, with {@code min} the
 * smallest finite objective and {@code eps} a millionth of the objectives' range, and says so in its axis label.
 * Series longer than 2000 points are thinned deterministically to at most 2000, keeping the first and last points
 * and the lowest and highest value of each stretch between, so spikes stay visible.
 */
public final class TrainingPlot {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    private static final double PLOT_TOP = 72;
    private static final double PLOT_BOTTOM = 430;
    private static final double LEFT_PANEL_X = 80;
    private static final double RIGHT_PANEL_X = 480;
    private static final double PANEL_WIDTH = 300;
    private static final double TICK = 5;
    private static final double MARKER_RADIUS = 2.5;
    /** Series this short get a marker at each point, so a run of one or a few iterations is still visible. */
    private static final int MARKED_SERIES_MAX = 30;
    private static final double SHIFT_FRACTION_OF_RANGE = 1e-6;

    private static final String OBJECTIVE_COLOR = "#1f77b4";
    private static final String VALIDATION_COLOR = "#ff7f0e";
    private static final String GRADIENT_COLOR = "#2ca02c";
    private static final String FRAME_STYLE = "stroke=\"#444444\" stroke-width=\"1\"";
    private static final String GRID_STYLE = "stroke=\"#e3e3e3\" stroke-width=\"1\"";
    private static final String MINOR_GRID_STYLE = "stroke=\"#f0f0f0\" stroke-width=\"1\"";

    private TrainingPlot() {
    }

    /**
     * The SVG document for these points.
     *
     * @param points one entry per iteration, in any order; may be empty (the panels then say there is nothing to
     *        plot); no null entries
     * @param title shown above the panels; may be empty
     * @throws IllegalArgumentException if points, an entry, or title is null
     */
    public static String svg(List<PlotPoint> points, String title) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element(points, title);
    }

    /**
     * The same picture as one {@code <svg>} element without the XML declaration, for inlining in an HTML page.
     *
     * @throws IllegalArgumentException if points, an entry, or title is null
     */
    public static String element(List<PlotPoint> points, String title) {
        if (points == null || title == null) {
            throw new IllegalArgumentException("points and title must not be null, got " + points + " and "
                    + title);
        }
        List<PlotPoint> sorted = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            PlotPoint point = points.get(i);
            if (point == null) {
                throw new IllegalArgumentException("points must not contain null, got null at index " + i);
            }
            sorted.add(point);
        }
        sorted.sort(Comparator.comparingInt(PlotPoint::iteration));

        int n = sorted.size();
        double[] iterations = new double[n];
        double[] objective = new double[n];
        double[] validation = new double[n];
        double[] gradient = new double[n];
        boolean hasValidation = false;
        for (int i = 0; i < n; i++) {
            PlotPoint p = sorted.get(i);
            iterations[i] = p.iteration();
            objective[i] = p.objective();
            gradient[i] = p.gradNorm();
            validation[i] = p.validationObjective() == null ? Double.NaN : p.validationObjective();
            hasValidation |= p.validationObjective() != null;
        }

        String objectiveLabel = "objective (log scale)";
        ObjectiveShift shift = ObjectiveShift.needed(objective, validation);
        if (shift != null) {
            shift.apply(objective);
            shift.apply(validation);
            objectiveLabel = shift.axisLabel();
        }
        List<Series> left = new ArrayList<>();
        left.add(Series.of("training objective", "series objective", OBJECTIVE_COLOR, iterations, objective));
        if (hasValidation) {
            left.add(Series.of("validation objective", "series validation", VALIDATION_COLOR, iterations,
                    validation));
        }
        List<Series> right = List.of(
                Series.of("gradient norm", "series gradient", GRADIENT_COLOR, iterations, gradient));

        IterationAxis xAxis = n == 0 ? IterationAxis.covering(0, 1)
                : IterationAxis.covering(sorted.get(0).iteration(), sorted.get(n - 1).iteration());

        MarkupText svg = new MarkupText();
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                        + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT
                        + "\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#222222\">\n")
                .raw("<title>").escaped(title).raw("</title>\n")
                .raw("<rect x=\"0\" y=\"0\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                        + "\" fill=\"#ffffff\"/>\n")
                .text(WIDTH / 2.0, 26, "text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\"", title);
        List<Series> all = new ArrayList<>(left);
        all.addAll(right);
        legend(svg, all);
        panel(svg, "objective", LEFT_PANEL_X, objectiveLabel, xAxis, left);
        panel(svg, "gradient", RIGHT_PANEL_X, "gradient norm (log scale)", xAxis, right);
        svg.raw("</svg>\n");
        return svg.toString();
    }

    private static void legend(MarkupText svg, List<Series> series) {
        double swatch = 22;
        double gap = 6;
        double spacing = 26;
        double total = 0;
        for (Series s : series) {
            total += swatch + gap + textWidth(s.label()) + spacing;
        }
        double x = (WIDTH - total + spacing) / 2;
        double y = 48;
        svg.raw("<g class=\"legend\">\n");
        for (Series s : series) {
            svg.line(x, y, x + swatch, y, "stroke=\"" + s.color() + "\" stroke-width=\"2.5\"");
            svg.text(x + swatch + gap, y + 4, "", s.label());
            x += swatch + gap + textWidth(s.label()) + spacing;
        }
        svg.raw("</g>\n");
    }

    /** A rough width of 11px sans-serif text, good enough to lay out a legend without measuring fonts. */
    private static double textWidth(String text) {
        return 6.2 * text.length();
    }

    private static void panel(MarkupText svg, String name, double left, String yLabel, IterationAxis xAxis,
                              List<Series> series) {
        double right = left + PANEL_WIDTH;
        double height = PLOT_BOTTOM - PLOT_TOP;
        svg.raw("<g class=\"panel " + name + "\">\n");

        for (long tick : xAxis.ticks()) {
            double x = left + xAxis.fraction(tick) * PANEL_WIDTH;
            svg.line(x, PLOT_TOP, x, PLOT_BOTTOM, GRID_STYLE);
            svg.line(x, PLOT_BOTTOM, x, PLOT_BOTTOM + TICK, FRAME_STYLE);
            svg.text(x, PLOT_BOTTOM + 17, "text-anchor=\"middle\"", Long.toString(tick));
        }
        svg.text(left + PANEL_WIDTH / 2, PLOT_BOTTOM + 40, "text-anchor=\"middle\" font-size=\"12\"", "iteration");
        double labelX = left - 58;
        double labelY = PLOT_TOP + height / 2;
        svg.raw("<text x=\"").number(labelX).raw("\" y=\"").number(labelY)
                .raw("\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 ").number(labelX).raw(" ")
                .number(labelY).raw(")\">").escaped(yLabel).raw("</text>\n");

        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Series s : series) {
            if (!s.isEmpty()) {
                min = Math.min(min, s.min());
                max = Math.max(max, s.max());
            }
        }
        if (max == 0) {
            svg.text(left + PANEL_WIDTH / 2, labelY, "text-anchor=\"middle\" fill=\"#888888\"",
                    "no positive finite values to plot");
        } else {
            LogAxis yAxis = LogAxis.covering(min, max);
            for (double tick : yAxis.minorTicks()) {
                double y = PLOT_BOTTOM - yAxis.fraction(tick) * height;
                svg.line(left - TICK * 0.6, y, left, y, FRAME_STYLE);
            }
            for (var tick : yAxis.labelledMinorTicks().entrySet()) {
                double y = PLOT_BOTTOM - yAxis.fraction(tick.getKey()) * height;
                svg.line(left, y, right, y, MINOR_GRID_STYLE);
                svg.text(left - TICK - 3, y + 4, "class=\"minor-tick\" text-anchor=\"end\" font-size=\"9\"",
                        tick.getValue());
            }
            for (int exponent : yAxis.labelledExponents()) {
                double y = PLOT_BOTTOM - (double) (exponent - yAxis.lowExponent())
                        / (yAxis.highExponent() - yAxis.lowExponent()) * height;
                svg.line(left, y, right, y, GRID_STYLE);
                svg.line(left - TICK, y, left, y, FRAME_STYLE);
                svg.raw("<text class=\"log-tick\" x=\"").number(left - TICK - 3).raw("\" y=\"").number(y + 4)
                        .raw("\" text-anchor=\"end\">10<tspan dy=\"-5\" font-size=\"8\">")
                        .raw(Integer.toString(exponent)).raw("</tspan></text>\n");
            }
            for (Series s : series) {
                polyline(svg, s, left, xAxis, yAxis);
            }
        }
        svg.raw("<rect x=\"").number(left).raw("\" y=\"").number(PLOT_TOP).raw("\" width=\"").number(PANEL_WIDTH)
                .raw("\" height=\"").number(height).raw("\" fill=\"none\" ").raw(FRAME_STYLE).raw("/>\n");
        svg.raw("</g>\n");
    }

    private static void polyline(MarkupText svg, Series s, double left, IterationAxis xAxis, LogAxis yAxis) {
        if (s.isEmpty()) {
            return;
        }
        double height = PLOT_BOTTOM - PLOT_TOP;
        double[] xs = new double[s.size()];
        double[] ys = new double[s.size()];
        svg.raw("<polyline class=\"").raw(s.cssClass()).raw("\" fill=\"none\" stroke=\"").raw(s.color())
                .raw("\" stroke-width=\"1.5\" stroke-linejoin=\"round\" points=\"");
        for (int i = 0; i < s.size(); i++) {
            xs[i] = left + xAxis.fraction(s.iterations()[i]) * PANEL_WIDTH;
            ys[i] = PLOT_BOTTOM - yAxis.fraction(s.values()[i]) * height;
            if (i > 0) {
                svg.raw(" ");
            }
            svg.number(xs[i]).raw(",").number(ys[i]);
        }
        svg.raw("\"/>\n");
        if (s.size() <= MARKED_SERIES_MAX) {
            for (int i = 0; i < s.size(); i++) {
                svg.raw("<circle cx=\"").number(xs[i]).raw("\" cy=\"").number(ys[i]).raw("\" r=\"")
                        .number(MARKER_RADIUS).raw("\" fill=\"").raw(s.color()).raw("\"/>\n");
            }
        }
    }

    /**
     * Moves objectives onto the positive half-line when some are zero or negative (a log axis cannot show them):
     * {@code v - min + eps}, which keeps the shape of the curve and ends at eps at the best point.
     */
    private record ObjectiveShift(double min, double eps) {

        static ObjectiveShift needed(double[] objective, double[] validation) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] values : List.of(objective, validation)) {
                for (double v : values) {
                    if (Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (!(min <= 0)) {
                return null;
            }
            double range = max - min;
            return new ObjectiveShift(min, range > 0 ? range * SHIFT_FRACTION_OF_RANGE : 1.0);
        }

        void apply(double[] values) {
            for (int i = 0; i < values.length; i++) {
                values[i] = values[i] - min + eps;
            }
        }

        String axisLabel() {
            return String.format(Locale.ROOT, "objective - min + %.2g (log scale; min = %.6g)", eps, min);
        }
    }
}
