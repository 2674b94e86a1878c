package dev.fullbatch.report;

import java.util.Locale;

/**
 * Renders a regularization path as a 900 x 420 SVG picture: on the left the cross-validated deviance against
 * log10(lambda) with one standard error bars and dashed lines at lambda.min and lambda.1se (or, without
 * cross-validation, the training deviance ratio), on the right every coefficient against log10(lambda). Large
 * penalties are on the left, as glmnet draws them. Self-contained, ASCII, and a pure function of its input.
 */
public final class PathPlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    private static final double TOP = 60;
    private static final double BOTTOM = 360;
    private static final double PANEL = 340;
    private static final double[] LEFT = {70, 520};
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private PathPlot() {
    }

    /**
     * The SVG document.
     *
     * @param lambdas the fitted penalties, decreasing
     * @param curve per penalty, the left panel's value (CV mean deviance, or the deviance ratio)
     * @param errors per penalty, its standard error, or null (no bars)
     * @param curveLabel the left panel's axis label
     * @param coefficients {@code coefficients[k][j]}: coefficient j at penalty k
     * @param marks penalty indices to mark with dashed lines (lambda.min, lambda.1se), may be empty
     * @param markLabels a label per mark
     * @param title the picture's title
     */
    public static String svg(double[] lambdas, double[] curve, double[] errors, String curveLabel,
                             double[][] coefficients, int[] marks, String[] markLabels, String title) {
        MarkupText svg = new MarkupText();
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                        + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT
                        + "\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#222222\">\n")
                .raw("<title>").escaped(title).raw("</title>\n")
                .raw("<rect x=\"0\" y=\"0\" width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\" fill=\"#ffffff\"/>\n")
                .text(WIDTH / 2.0, 26, "text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\"", title);
        int n = lambdas.length;
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = Math.log10(lambdas[k]);
        }
        double xHi = n == 0 ? 1 : x[0];
        double xLo = n == 0 ? 0 : x[n - 1];
        if (xHi == xLo) {
            xHi += 0.5;
            xLo -= 0.5;
        }
        // left panel: the curve with error bars
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double e = errors == null ? 0 : errors[k];
            lo = Math.min(lo, curve[k] - e);
            hi = Math.max(hi, curve[k] + e);
        }
        frame(svg, LEFT[0], xLo, xHi, lo, hi, curveLabel);
        if (marks != null) {
            for (int i = 0; i < marks.length; i++) {
                double mx = px(LEFT[0], x[marks[i]], xHi, xLo);
                svg.raw(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
                        + "stroke=\"#888888\" stroke-dasharray=\"4 3\"/>\n", mx, TOP, mx, BOTTOM));
                svg.text(mx, TOP - 6 - 12 * i, "text-anchor=\"middle\"", markLabels[i]);
            }
        }
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < n; k++) {
            double cx = px(LEFT[0], x[k], xHi, xLo);
            double cy = py(curve[k], lo, hi);
            line.append(k == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.2f %.2f", cx, cy));
            if (errors != null) {
                svg.raw(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
                        + "stroke=\"#aaaaaa\"/>\n", cx, py(curve[k] - errors[k], lo, hi), cx,
                        py(curve[k] + errors[k], lo, hi)));
            }
            svg.raw(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"#d62728\"/>\n", cx,
                    cy));
        }
        if (n > 0) {
            svg.raw("<path d=\"" + line + "\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1\"/>\n");
        }
        // right panel: coefficient paths
        double clo = 0;
        double chi = 0;
        for (double[] row : coefficients) {
            for (double v : row) {
                clo = Math.min(clo, v);
                chi = Math.max(chi, v);
            }
        }
        frame(svg, LEFT[1], xLo, xHi, clo, chi, "coefficients");
        int d = coefficients.length == 0 ? 0 : coefficients[0].length;
        for (int j = 0; j < d; j++) {
            StringBuilder p = new StringBuilder();
            for (int k = 0; k < n; k++) {
                p.append(k == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.2f %.2f",
                        px(LEFT[1], x[k], xHi, xLo), py(coefficients[k][j], clo, chi)));
            }
            svg.raw("<path d=\"" + p + "\" fill=\"none\" stroke=\"" + COLORS[j % COLORS.length]
                    + "\" stroke-width=\"1\"/>\n");
        }
        svg.raw("</svg>\n");
        return svg.toString();
    }

    private static void frame(MarkupText svg, double left, double xLo, double xHi, double lo, double hi,
                              String label) {
        svg.raw(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                + "fill=\"none\" stroke=\"#444444\"/>\n", left, TOP, PANEL, BOTTOM - TOP));
        svg.text(left + PANEL / 2, BOTTOM + 34, "text-anchor=\"middle\"", "log10(lambda)");
        svg.text(left + 4, TOP + 14, "", label);
        svg.text(left, BOTTOM + 16, "text-anchor=\"start\"", String.format(Locale.ROOT, "%.2f", xHi));
        svg.text(left + PANEL, BOTTOM + 16, "text-anchor=\"end\"", String.format(Locale.ROOT, "%.2f", xLo));
        svg.text(left - 4, BOTTOM, "text-anchor=\"end\"", String.format(Locale.ROOT, "%.4g", lo));
        svg.text(left - 4, TOP + 8, "text-anchor=\"end\"", String.format(Locale.ROOT, "%.4g", hi));
    }

    private static double px(double left, double x, double xHi, double xLo) {
        return left + (xHi - x) / (xHi - xLo) * PANEL;
    }

    private static double py(double v, double lo, double hi) {
        if (!(hi > lo)) {
            return (TOP + BOTTOM) / 2;
        }
        return BOTTOM - (v - lo) / (hi - lo) * (BOTTOM - TOP);
    }
}
