package dev.fullbatch.report;

import dev.fullbatch.metrics.BinaryMetrics;
import dev.fullbatch.metrics.BinarySummary;
import dev.fullbatch.metrics.MulticlassMetrics;
import dev.fullbatch.metrics.MulticlassSummary;
import dev.fullbatch.metrics.RegressionMetrics;
import dev.fullbatch.metrics.RegressionSummary;
import dev.fullbatch.metrics.ScoreRanking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test helper: report contents of every kind, from fixed random data. */
final class SampleReports {
    /** Feature names that need escaping in HTML and CSV, and some non-ASCII ones. */
    static final List<String> NAMES = List.of("age", "color=red", "color=(other)", "<b>bold</b> & co",
            "caf\u00e9", "\u65e5\u672c", "income", "visits", "x8", "x9", "x10", "x11");

    private SampleReports() {
    }

    /** How often {@code regex} matches in {@code text}. */
    static int count(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static List<PlotPoint> history(boolean validation) {
        List<PlotPoint> points = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            double objective = 0.3 + 0.4 * Math.exp(-i / 5.0);
            points.add(new PlotPoint(i, objective, Math.exp(-i / 3.0), validation ? objective + 0.02 : null));
        }
        return points;
    }

    static BinaryMetrics binary(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BinarySummary s = new BinarySummary(ScoreRanking.DEFAULT_BUDGET);
        for (int i = 0; i < 3000; i++) {
            double y = random.nextDouble() < 0.3 ? 1 : 0;
            double m = (y > 0 ? 1 : -1) + 1.5 * random.nextGaussian();
            s.add(y, 1 / (1 + Math.exp(-m)), Math.log1p(Math.exp(y > 0 ? -m : m)), 1.0);
        }
        return s.metrics();
    }

    static MulticlassMetrics multiclass(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MulticlassSummary s = new MulticlassSummary(3);
        double[] labels = new double[1000];
        double[] margins = new double[3000];
        for (int i = 0; i < 1000; i++) {
            labels[i] = random.nextInt(3);
            for (int c = 0; c < 3; c++) {
                margins[3 * i + c] = random.nextGaussian() + (c == labels[i] ? 1.2 : 0);
            }
        }
        return s.addMargins(labels, margins, null, 1000).metrics();
    }

    static RegressionMetrics regression() {
        RegressionSummary s = new RegressionSummary();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            double y = random.nextGaussian() * 10;
            s.add(y, y + random.nextGaussian(), 1.0);
        }
        return s.metrics();
    }

    static CoefficientTable coefficients(int classes) {
        SplittableRandom random = new SplittableRandom(7);
        double[] w = new double[classes * NAMES.size()];
        for (int j = 0; j < w.length; j++) {
            w[j] = random.nextGaussian();
        }
        double[] se = new double[w.length];
        java.util.Arrays.fill(se, 0.05);
        double[] intercept = new double[classes];
        return classes == 1 ? new CoefficientTable(NAMES, 1, w, intercept, se, new double[] {0.01})
                : new CoefficientTable(NAMES, classes, w, intercept);
    }

    static List<Map.Entry<String, String>> facts() {
        return List.of(Map.entry("objective", "logistic"), Map.entry("optimizer", "lbfgs"),
                Map.entry("iterations", "40"), Map.entry("stopped", "relative objective change 5.7e-10 < --tol"),
                Map.entry("data", "file:///data/\u00e9t\u00e9.libsvm"));
    }

    static ModelReport binaryReport() {
        return new ModelReport("fullbatch model: logistic", facts(), history(true), binary(1), binary(2),
                coefficients(1), 10);
    }

    static ModelReport multiclassReport() {
        return new ModelReport("fullbatch model: softmax", facts(), history(false), multiclass(3), null,
                coefficients(3), 5);
    }
}
