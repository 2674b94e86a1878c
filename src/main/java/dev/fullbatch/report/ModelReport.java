package dev.fullbatch.report;

import dev.fullbatch.metrics.BinaryMetrics;
import dev.fullbatch.metrics.ConfusionMatrix;
import dev.fullbatch.metrics.ModelMetrics;
import dev.fullbatch.metrics.MulticlassMetrics;
import dev.fullbatch.metrics.RegressionMetrics;
import dev.fullbatch.metrics.ThresholdMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The model directory's {@code report.html}: one self-contained page to look at after training, with the run's
 * facts, the training and validation curves ({@link TrainingPlot}, inline), the metrics on the training and the
 * validation data, their confusion matrices, and the largest coefficients with their names.
 *
 * <p>The page needs nothing but itself: inline SVG and CSS, the generic {@code sans-serif} font, no scripts, no
 * links to fetch. It is pure ASCII (other characters become numeric references) and a pure function of the content,
 * so the same model gives the same bytes on every machine. Elements carry ids for tools and tests:
 * {@code facts}, {@code training-curves}, {@code metrics-table}, {@code per-class-training} and
 * {@code per-class-validation} (multiclass), {@code confusion-training} and {@code confusion-validation},
 * {@code coefficients-table}.
 *
 * @param title the page's heading, e.g. "fullbatch model: logistic"
 * @param facts name and value of each fact about the run shown first (objective, optimizer, iterations, stop
 *     reason, data, version...), in order
 * @param history one point per iteration, for the curves
 * @param training the metrics on the training data, or null
 * @param validation the metrics on the validation data (same kind as training), or null
 * @param coefficients the coefficient table (linear models), or null
 * @param coefficientRows how many of the largest coefficients the page lists (all of them are in
 *     coefficients.csv)
 */
public record ModelReport(String title, List<Map.Entry<String, String>> facts, List<PlotPoint> history,
                          ModelMetrics training, ModelMetrics validation, CoefficientTable coefficients,
                          int coefficientRows) {
    private static final String STYLE = String.join("\n",
            "body { font-family: sans-serif; color: #222222; margin: 24px auto; max-width: 960px; }",
            "h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #dddddd; }",
            "table { border-collapse: collapse; margin: 8px 0; }",
            "th, td { border: 1px solid #dddddd; padding: 3px 8px; font-size: 13px; }",
            "th { background: #f4f4f4; text-align: left; }",
            "td.n { text-align: right; font-family: monospace; }",
            "caption { text-align: left; font-size: 13px; color: #555555; padding: 2px 0; }",
            "figure { margin: 0; } p.note { font-size: 13px; color: #555555; }");

    /** Copies the lists and checks that both metrics are of one kind. */
    public ModelReport {
        Objects.requireNonNull(title, "title");
        facts = List.copyOf(facts);
        history = List.copyOf(history);
        if (training != null && validation != null && training.getClass() != validation.getClass()) {
            throw new IllegalArgumentException("training and validation metrics must be of one kind, got "
                    + training.getClass().getSimpleName() + " and " + validation.getClass().getSimpleName());
        }
        if (coefficientRows < 0) {
            throw new IllegalArgumentException("coefficientRows must be >= 0, got " + coefficientRows);
        }
    }

    /** The page. */
    public String html() {
        MarkupText h = new MarkupText();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").escaped(title)
                .raw("</title>\n<style>\n").raw(STYLE).raw("\n</style>\n</head>\n<body>\n<h1>").escaped(title)
                .raw("</h1>\n");
        facts(h);
        h.raw("<section>\n<h2>Training</h2>\n<figure id=\"training-curves\">\n")
                .raw(TrainingPlot.element(history, "objective and gradient norm per iteration"))
                .raw("</figure>\n</section>\n");
        if (training != null || validation != null) {
            metrics(h);
            confusion(h);
        }
        if (coefficients != null) {
            coefficients(h);
        }
        h.raw("</body>\n</html>\n");
        return h.toString();
    }

    private void facts(MarkupText h) {
        h.raw("<section>\n<h2>Run</h2>\n<table id=\"facts\">\n");
        for (Map.Entry<String, String> fact : facts) {
            h.raw("<tr><th>").escaped(fact.getKey()).raw("</th><td>").escaped(fact.getValue()).raw("</td></tr>\n");
        }
        h.raw("</table>\n</section>\n");
    }

    /** A metric's row: its label and how to read it from the metrics. */
    private record Row(String label, java.util.function.Function<ModelMetrics, String> value) {
    }

    private void metrics(MarkupText h) {
        ModelMetrics kind = training != null ? training : validation;
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("rows", m -> Long.toString(m.rows())));
        if (kind instanceof BinaryMetrics) {
            rows.add(binary("log loss", BinaryMetrics::logLoss));
            rows.add(binary("accuracy (probability > 0.5)", b -> b.atDefault().accuracy()));
            rows.add(binary("ROC AUC", BinaryMetrics::rocAuc));
            rows.add(binary("average precision (area under the PR curve)", BinaryMetrics::averagePrecision));
            rows.add(binary("precision (probability > 0.5)", b -> b.atDefault().precision()));
            rows.add(binary("recall (probability > 0.5)", b -> b.atDefault().recall()));
            rows.add(binary("F1 (probability > 0.5)", b -> b.atDefault().f1()));
            rows.add(best("best-F1 threshold (probability >= t)", ThresholdMetrics::threshold));
            rows.add(best("F1 at the best threshold", ThresholdMetrics::f1));
            rows.add(best("precision at the best threshold", ThresholdMetrics::precision));
            rows.add(best("recall at the best threshold", ThresholdMetrics::recall));
        } else if (kind instanceof MulticlassMetrics) {
            rows.add(multiclass("log loss", MulticlassMetrics::logLoss));
            rows.add(multiclass("accuracy", MulticlassMetrics::accuracy));
            rows.add(multiclass("macro F1", MulticlassMetrics::macroF1));
            rows.add(multiclass("weighted F1", MulticlassMetrics::weightedF1));
        } else {
            rows.add(regression("RMSE", RegressionMetrics::rmse));
            rows.add(regression("MAE", RegressionMetrics::mae));
            rows.add(regression("R^2", RegressionMetrics::r2));
            rows.add(regression("explained variance", RegressionMetrics::explainedVariance));
            rows.add(regression("MSE", RegressionMetrics::mse));
        }
        h.raw("<section>\n<h2>Metrics</h2>\n<table id=\"metrics-table\">\n<thead><tr><th>metric</th>"
                + "<th>training</th><th>validation</th></tr></thead>\n<tbody>\n");
        for (Row row : rows) {
            h.raw("<tr><th>").escaped(row.label()).raw("</th>");
            for (ModelMetrics m : new ModelMetrics[] {training, validation}) {
                h.raw("<td class=\"n\">").escaped(m == null ? "-" : row.value().apply(m)).raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
        if (kind instanceof MulticlassMetrics) {
            perClass(h, "training", (MulticlassMetrics) training);
            perClass(h, "validation", (MulticlassMetrics) validation);
        }
        h.raw("<p class=\"note\">Definitions are scikit-learn's. Shown to six digits; metrics.json has every "
                + "digit.</p>\n</section>\n");
    }

    private static Row binary(String label, java.util.function.ToDoubleFunction<BinaryMetrics> f) {
        return new Row(label, m -> number(f.applyAsDouble((BinaryMetrics) m)));
    }

    private static Row best(String label, java.util.function.ToDoubleFunction<ThresholdMetrics> f) {
        return new Row(label, m -> {
            ThresholdMetrics best = ((BinaryMetrics) m).bestF1();
            return best == null ? "-" : number(f.applyAsDouble(best));
        });
    }

    private static Row multiclass(String label, java.util.function.ToDoubleFunction<MulticlassMetrics> f) {
        return new Row(label, m -> number(f.applyAsDouble((MulticlassMetrics) m)));
    }

    private static Row regression(String label, java.util.function.ToDoubleFunction<RegressionMetrics> f) {
        return new Row(label, m -> number(f.applyAsDouble((RegressionMetrics) m)));
    }

    private static void perClass(MarkupText h, String data, MulticlassMetrics m) {
        if (m == null) {
            return;
        }
        h.raw("<table id=\"per-class-" + data + "\">\n<caption>per class, " + data + " data</caption>\n"
                + "<thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>"
                + "</thead>\n<tbody>\n");
        double[] p = m.precision();
        double[] r = m.recall();
        double[] f = m.f1();
        double[] s = m.support();
        for (int c = 0; c < p.length; c++) {
            h.raw("<tr><th>" + c + "</th><td class=\"n\">").escaped(number(p[c])).raw("</td><td class=\"n\">")
                    .escaped(number(r[c])).raw("</td><td class=\"n\">").escaped(number(f[c]))
                    .raw("</td><td class=\"n\">").escaped(number(s[c])).raw("</td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
    }

    private void confusion(MarkupText h) {
        ModelMetrics kind = training != null ? training : validation;
        if (kind instanceof RegressionMetrics) {
            return;
        }
        h.raw("<section>\n<h2>Confusion matrix</h2>\n<p class=\"note\">Rows: the true class; columns: the predicted "
                + "class; cells: rows (weights, with instance weights)"
                + (kind instanceof BinaryMetrics ? "; predicted positive when the probability is above 0.5" : "")
                + ". Shading: the share of the true class's row.</p>\n");
        confusionTable(h, "training", training);
        confusionTable(h, "validation", validation);
        h.raw("</section>\n");
    }

    private static void confusionTable(MarkupText h, String data, ModelMetrics m) {
        if (m == null) {
            return;
        }
        ConfusionMatrix c = m instanceof BinaryMetrics b ? b.atDefault().confusion()
                : ((MulticlassMetrics) m).confusion();
        int k = c.classes();
        h.raw("<table class=\"confusion\" id=\"confusion-" + data + "\">\n<caption>" + data + " data</caption>\n"
                + "<thead><tr><th>true \\ predicted</th>");
        for (int j = 0; j < k; j++) {
            h.raw("<th>").escaped(classLabel(k, j)).raw("</th>");
        }
        h.raw("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < k; i++) {
            double total = 0;
            for (int j = 0; j < k; j++) {
                total += c.cell(i, j);
            }
            h.raw("<tr><th>").escaped(classLabel(k, i)).raw("</th>");
            for (int j = 0; j < k; j++) {
                double share = total > 0 ? c.cell(i, j) / total : 0;
                h.raw("<td class=\"n\" style=\"background:" + shade(share) + "\">").escaped(number(c.cell(i, j)))
                        .raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
    }

    private static String classLabel(int classes, int c) {
        return classes == 2 ? (c == 0 ? "0 (negative)" : "1 (positive)") : Integer.toString(c);
    }

    /** White to a light blue, by share in [0, 1], as #rrggbb. */
    private static String shade(double share) {
        long s = Math.round(Math.max(0, Math.min(1, share)) * 1000);
        int r = (int) (255 - (255 - 120) * s / 1000);
        int g = (int) (255 - (255 - 170) * s / 1000);
        int b = (int) (255 - (255 - 225) * s / 1000);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private void coefficients(MarkupText h) {
        int[] top = coefficients.largest(coefficientRows);
        int k = coefficients.classes();
        double[] se = coefficients.standardErrors();
        h.raw("<section>\n<h2>Coefficients</h2>\n<p class=\"note\">The " + top.length + " largest of "
                + coefficients.features() + " by magnitude" + (k > 1 ? " (the largest over the classes)" : "")
                + "; coefficients.csv lists every one, with the intercept.</p>\n<table id=\"coefficients-table\">\n"
                + "<thead><tr><th>name</th><th>index</th>");
        for (String column : coefficients.header().subList(2, coefficients.header().size())) {
            h.raw("<th>").escaped(column).raw("</th>");
        }
        h.raw("</tr></thead>\n<tbody>\n");
        int d = coefficients.features();
        for (int j : top) {
            h.raw("<tr><td>").escaped(coefficients.names().get(j)).raw("</td><td class=\"n\">" + j + "</td>");
            for (int c = 0; c < k; c++) {
                h.raw("<td class=\"n\">").escaped(number(coefficients.coefficient(c, j))).raw("</td>");
            }
            if (se != null) {
                for (int c = 0; c < k; c++) {
                    h.raw("<td class=\"n\">").escaped(number(se[c * d + j])).raw("</td>");
                }
            }
            h.raw("</tr>\n");
        }
        h.raw("</tbody>\n</table>\n</section>\n");
    }

    /** Six significant digits, integers as integers, locale-independent. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
