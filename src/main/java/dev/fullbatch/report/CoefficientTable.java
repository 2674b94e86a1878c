package dev.fullbatch.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A linear model's coefficients with the names of their features, as people read them: {@code coefficients.csv},
 * the "largest coefficients" lines train prints, and the table of report.html.
 *
 * <p>Layout as in model.json: {@code weights} holds d values, or K * d row-major by class for softmax (K classes,
 * one column per class); {@code intercept} 1 or K values, or none. Standard errors, when given, have the same
 * layout. Immutable; every output is a pure function of the table.
 *
 * @param names the d feature names, in feature order ({@link #indexNames} when the input has none)
 * @param classes K for softmax (one coefficient column per class), 1 otherwise
 * @param weights d or K * d coefficients
 * @param intercept K intercepts (1 without softmax), or none
 * @param standardErrors the coefficients' standard errors (same layout as weights), or null
 * @param interceptStandardErrors the intercepts' standard errors, or null
 */
public record CoefficientTable(List<String> names, int classes, double[] weights, double[] intercept,
                               double[] standardErrors, double[] interceptStandardErrors) {
    /** The name of the intercept's row (R's, as in the coefficient statistics). */
    public static final String INTERCEPT = "(Intercept)";

    /** Copies and checks the layout. */
    public CoefficientTable {
        names = List.copyOf(names);
        int d = names.size();
        if (classes < 1 || weights.length != (long) classes * d) {
            throw new IllegalArgumentException("expected " + classes + " x " + d + " weights, got " + weights.length);
        }
        if (intercept.length != 0 && intercept.length != classes) {
            throw new IllegalArgumentException("expected " + classes + " intercepts or none, got "
                    + intercept.length);
        }
        if (standardErrors != null && standardErrors.length != weights.length) {
            throw new IllegalArgumentException("expected " + weights.length + " standard errors, got "
                    + standardErrors.length);
        }
        if (interceptStandardErrors != null && interceptStandardErrors.length != intercept.length) {
            throw new IllegalArgumentException("expected " + intercept.length + " intercept standard errors, got "
                    + interceptStandardErrors.length);
        }
        weights = weights.clone();
        intercept = intercept.clone();
        standardErrors = standardErrors == null ? null : standardErrors.clone();
        interceptStandardErrors = interceptStandardErrors == null ? null : interceptStandardErrors.clone();
    }

    /** A table without standard errors. */
    public CoefficientTable(List<String> names, int classes, double[] weights, double[] intercept) {
        this(names, classes, weights, intercept, null, null);
    }

    /** Names for features that have none: {@code x0, x1, ...}, the index as in scikit-learn. */
    public static List<String> indexNames(int d) {
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return names;
    }

    /** Number of features d. */
    public int features() {
        return names.size();
    }

    /** Coefficient of feature {@code j} for class {@code k} (k = 0 without softmax). */
    public double coefficient(int k, int j) {
        return weights[k * names.size() + j];
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] intercept() {
        return intercept.clone();
    }

    @Override
    public double[] standardErrors() {
        return standardErrors == null ? null : standardErrors.clone();
    }

    @Override
    public double[] interceptStandardErrors() {
        return interceptStandardErrors == null ? null : interceptStandardErrors.clone();
    }

    /**
     * The CSV header: {@code name,index,coefficient} (softmax: {@code coefficient_0 .. coefficient_K-1}), then
     * {@code std_error} (or {@code std_error_0 ..}) when standard errors are given.
     */
    public List<String> header() {
        List<String> h = new ArrayList<>(List.of("name", "index"));
        h.addAll(perClass("coefficient"));
        if (standardErrors != null) {
            h.addAll(perClass("std_error"));
        }
        return h;
    }

    private List<String> perClass(String column) {
        if (classes == 1) {
            return List.of(column);
        }
        List<String> out = new ArrayList<>(classes);
        for (int k = 0; k < classes; k++) {
            out.add(column + "_" + k);
        }
        return out;
    }

    /**
     * Writes {@code coefficients.csv}: the header, the intercept's row (named {@value #INTERCEPT}, empty index) when
     * there is an intercept, then one row per feature in index order (0-based, as model.json's weights). Numbers in
     * {@link Double#toString}'s round-trip form; names quoted as RFC 4180 wants (a comma, quote, line break or an
     * outer space). Lines end with {@code \n}.
     */
    public void writeCsv(Appendable out) {
        try {
            out.append(String.join(",", header())).append('\n');
            if (intercept.length > 0) {
                out.append(INTERCEPT).append(',');
                for (int k = 0; k < classes; k++) {
                    out.append(',').append(Double.toString(intercept[k]));
                }
                if (standardErrors != null) {
                    for (int k = 0; k < classes; k++) {
                        out.append(',');
                        if (interceptStandardErrors != null) {
                            out.append(Double.toString(interceptStandardErrors[k]));
                        }
                    }
                }
                out.append('\n');
            }
            int d = names.size();
            for (int j = 0; j < d; j++) {
                out.append(csvField(names.get(j))).append(',').append(Integer.toString(j));
                for (int k = 0; k < classes; k++) {
                    out.append(',').append(Double.toString(weights[k * d + j]));
                }
                if (standardErrors != null) {
                    for (int k = 0; k < classes; k++) {
                        out.append(',').append(Double.toString(standardErrors[k * d + j]));
                    }
                }
                out.append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole {@code coefficients.csv} as a string (see {@link #writeCsv}). */
    public String csv() {
        StringBuilder out = new StringBuilder(64 * (names.size() + 2));
        writeCsv(out);
        return out.toString();
    }

    private static String shorten(String s, int max) {
        int length = s.codePointCount(0, s.length());
        return length <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 3)) + "...";
    }

    static String csvField(String s) {
        boolean quote = s.isEmpty() ? false : s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ';
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /**
     * The features in order of decreasing magnitude: |coefficient|, or with softmax the largest |coefficient| over
     * the classes; ties (and NaN, last) by index, so the order is a function of the table.
     *
     * @param n how many, at most
     * @return feature indices
     */
    public int[] largest(int n) {
        int d = names.size();
        int size = Math.min(Math.max(n, 0), d);
        int[] top = new int[size];
        double[] topMagnitude = new double[size];
        int count = 0;
        for (int j = 0; j < d; j++) {
            double m = magnitude(j);
            // Scanning by increasing index, an equal magnitude never displaces an earlier feature.
            if (count == size && !(m > topMagnitude[size - 1])) {
                continue;
            }
            int at = count == size ? size - 1 : count++;
            while (at > 0 && m > topMagnitude[at - 1]) {
                top[at] = top[at - 1];
                topMagnitude[at] = topMagnitude[at - 1];
                at--;
            }
            top[at] = j;
            topMagnitude[at] = m;
        }
        return top;
    }

    /** |coefficient| of feature j, the largest over the classes; -1 for NaN, so it sorts last. */
    private double magnitude(int j) {
        int d = names.size();
        double m = 0;
        for (int k = 0; k < classes; k++) {
            double a = Math.abs(weights[k * d + j]);
            if (a != a) {
                return -1;
            }
            m = Math.max(m, a);
        }
        return m;
    }

    /**
     * The lines train prints: a heading, then one line per feature among the {@code n} largest, its name padded to
     * a column and its coefficient(s) in {@code %.6g}, e.g.
     * <pre>
     * largest coefficients by magnitude (3 of 120):
     *   color=red       1.23457
     *   age            -0.0123400
     * </pre>
     * Softmax lines show every class's coefficient. Names longer than 40 characters are shortened with "...".
     */
    public String largestText(int n) {
        int[] top = largest(n);
        int width = 0;
        List<String> shown = new ArrayList<>(top.length);
        for (int j : top) {
            String name = shorten(names.get(j), 40);
            shown.add(name);
            width = Math.max(width, name.codePointCount(0, name.length()));
        }
        StringBuilder out = new StringBuilder();
        out.append("largest coefficients by magnitude (").append(top.length).append(" of ").append(features())
                .append(classes > 1 ? ", the largest over " + classes + " classes" : "").append("):\n");
        for (int i = 0; i < top.length; i++) {
            String name = shown.get(i);
            out.append("  ").append(name).append(" ".repeat(width - name.codePointCount(0, name.length())));
            for (int k = 0; k < classes; k++) {
                out.append("  ").append(String.format(Locale.ROOT, "%12.6g", coefficient(k, top[i])));
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoefficientTable t && names.equals(t.names) && classes == t.classes
                && Arrays.equals(weights, t.weights) && Arrays.equals(intercept, t.intercept)
                && Arrays.equals(standardErrors, t.standardErrors)
                && Arrays.equals(interceptStandardErrors, t.interceptStandardErrors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, classes, Arrays.hashCode(weights), Arrays.hashCode(intercept));
    }

    @Override
    public String toString() {
        return "CoefficientTable[" + features() + " features, " + classes + " classes]";
    }
}
