package dev.fullbatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.math.ExactSums;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every metric against scikit-learn's value on the committed tables (src/test/resources/references/issue17, made by
 * scripts/references/issue17_metrics.py), unweighted and with sample weights. Confusion matrices are sums of
 * weights that are multiples of 0.5, so they must match exactly; the rest to 5e-16 relative, a couple of ulps
 * (scikit-learn evaluates its formulas in plain floating point, in other orders: measured, the largest difference
 * is one ulp).
 */
class ScikitLearnMetricsTest {
    private static final double RELATIVE = 5e-16;

    private static void close(JsonNode expected, double actual, String what) {
        double e = expected.asDouble();
        assertEquals(e, actual, RELATIVE * Math.max(1e-300, Math.abs(e)), what);
    }

    private static void sameConfusion(JsonNode expected, ConfusionMatrix actual, String what) {
        assertEquals(expected.size(), actual.classes(), what);
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < expected.size(); j++) {
                assertEquals(expected.get(i).get(j).asDouble(), actual.cell(i, j), what + " [" + i + "][" + j + "]");
            }
        }
    }

    private static void sameThreshold(JsonNode expected, ThresholdMetrics actual, String what) {
        assertEquals(expected.get("threshold").asDouble(), actual.threshold(), what + " threshold");
        assertEquals(expected.get("rule").asText().contains(">="), actual.inclusive(), what + " rule");
        close(expected.get("precision"), actual.precision(), what + " precision");
        close(expected.get("recall"), actual.recall(), what + " recall");
        close(expected.get("f1"), actual.f1(), what + " f1");
        close(expected.get("accuracy"), actual.accuracy(), what + " accuracy");
        sameConfusion(expected.get("confusion_matrix"), actual.confusion(), what + " confusion");
    }

    private static String variant(boolean weighted) {
        return weighted ? "weighted" : "unweighted";
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void binaryMetricsAreScikitLearns(boolean weighted) {
        double[][] rows = ReferenceTables.table("binary.csv");
        JsonNode expected = ReferenceTables.expected().get("binary").get(variant(weighted));
        BinarySummary summary = new BinarySummary(ScoreRanking.DEFAULT_BUDGET);
        ScoreRanking ranking = new ScoreRanking(ScoreRanking.DEFAULT_BUDGET);
        for (double[] row : rows) {
            double y = row[0];
            double p = row[1];
            double w = weighted ? row[2] : 1.0;
            summary.add(y, p, -Math.log(y > 0 ? p : 1 - p), w);
            ranking.add(p, y > 0, w);
        }
        BinaryMetrics metrics = summary.metrics();
        assertEquals(rows.length, metrics.rows());
        sameThreshold(expected.get("at_0.5_strict"), metrics.atDefault(), "at 0.5 (>)");
        sameThreshold(expected.get("best_f1"), metrics.bestF1(), "best F1");
        close(expected.get("roc_auc"), metrics.rocAuc(), "ROC AUC");
        close(expected.get("average_precision"), metrics.averagePrecision(), "average precision");
        close(expected.get("log_loss"), metrics.logLoss(), "log loss");

        // The same rule as the best threshold's (score >= t) at 0.5, from the ranking.
        ExactSums total = ranking.totals();
        ExactSums above = ranking.atLeast(0.5);
        double tp = above.get(1);
        double fp = above.get(0);
        sameThreshold(expected.get("at_0.5"), ThresholdMetrics.of(0.5, true, tp, fp, total.get(1) - tp,
                total.get(0) - fp), "at 0.5 (>=)");
        assertEquals(expected.get("n_thresholds").asInt() <= ranking.size(), true);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void multiclassMetricsAreScikitLearns(boolean weighted) {
        double[][] rows = ReferenceTables.table("multiclass.csv");
        JsonNode expected = ReferenceTables.expected().get("multiclass").get(variant(weighted));
        MulticlassSummary summary = new MulticlassSummary(3);
        for (double[] row : rows) {
            int y = (int) row[0];
            double[] p = {row[1], row[2], row[3]};
            int best = 0;
            for (int c = 1; c < 3; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            double sum = p[0] + p[1] + p[2];
            summary.add(y, best, -Math.log(p[y] / sum), weighted ? row[4] : 1.0);
        }
        MulticlassMetrics metrics = summary.metrics();
        JsonNode perClass = expected.get("per_class");
        for (int c = 0; c < 3; c++) {
            close(perClass.get("precision").get(c), metrics.precision()[c], "precision " + c);
            close(perClass.get("recall").get(c), metrics.recall()[c], "recall " + c);
            close(perClass.get("f1").get(c), metrics.f1()[c], "f1 " + c);
            assertEquals(perClass.get("support").get(c).asDouble(), metrics.support()[c], "support " + c);
        }
        close(expected.get("macro_f1"), metrics.macroF1(), "macro F1");
        close(expected.get("weighted_f1"), metrics.weightedF1(), "weighted F1");
        close(expected.get("accuracy"), metrics.accuracy(), "accuracy");
        close(expected.get("log_loss"), metrics.logLoss(), "log loss");
        sameConfusion(expected.get("confusion_matrix"), metrics.confusion(), "confusion");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void multiclassFromMarginsIsTheSoftmaxOfTheMargins(boolean weighted) {
        // log p as margins: softmax gives p renormalized (as scikit-learn renormalizes), argmax the same class.
        double[][] rows = ReferenceTables.table("multiclass.csv");
        JsonNode expected = ReferenceTables.expected().get("multiclass").get(variant(weighted));
        double[] labels = new double[rows.length];
        double[] margins = new double[3 * rows.length];
        double[] weights = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = rows[i][0];
            for (int c = 0; c < 3; c++) {
                margins[3 * i + c] = Math.log(rows[i][1 + c]);
            }
            weights[i] = rows[i][4];
        }
        MulticlassMetrics metrics = new MulticlassSummary(3)
                .addMargins(labels, margins, weighted ? weights : null, rows.length).metrics();
        sameConfusion(expected.get("confusion_matrix"), metrics.confusion(), "confusion");
        assertEquals(expected.get("log_loss").asDouble(), metrics.logLoss(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void regressionMetricsAreScikitLearns(boolean weighted) {
        double[][] rows = ReferenceTables.table("regression.csv");
        JsonNode expected = ReferenceTables.expected().get("regression").get(variant(weighted));
        RegressionSummary summary = new RegressionSummary();
        for (double[] row : rows) {
            summary.add(row[0], row[1], weighted ? row[2] : 1.0);
        }
        RegressionMetrics metrics = summary.metrics();
        close(expected.get("mae"), metrics.mae(), "MAE");
        close(expected.get("mse"), metrics.mse(), "MSE");
        close(expected.get("rmse"), metrics.rmse(), "RMSE");
        close(expected.get("r2"), metrics.r2(), "R^2");
        close(expected.get("explained_variance"), metrics.explainedVariance(), "explained variance");
        assertEquals(rows.length, metrics.rows());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void binaryFromMarginsUsesTheLogisticLink(boolean weighted) {
        double[][] rows = ReferenceTables.table("binary.csv");
        double[] labels = new double[rows.length];
        double[] margins = new double[rows.length];
        double[] weights = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = rows[i][0] > 0 ? 1 : -1; // -1/+1 labels read as 0/1
            margins[i] = Math.log(rows[i][1] / (1 - rows[i][1]));
            weights[i] = rows[i][2];
        }
        BinaryMetrics metrics = new BinarySummary(ScoreRanking.DEFAULT_BUDGET)
                .addMargins(labels, margins, weighted ? weights : null, rows.length).metrics();
        JsonNode expected = ReferenceTables.expected().get("binary").get(variant(weighted));
        // The probabilities are sigmoid(logit(p)), p within an ulp or two: the same ranking and decisions.
        assertEquals(expected.get("roc_auc").asDouble(), metrics.rocAuc(), 1e-12);
        assertEquals(expected.get("log_loss").asDouble(), metrics.logLoss(), 1e-12);
        sameConfusion(expected.get("at_0.5_strict").get("confusion_matrix"), metrics.atDefault().confusion(),
                "at 0.5");
        assertNotNull(metrics.bestF1());
        assertEquals(0.6, metrics.bestF1().threshold(), 1e-12);
        assertFalse(metrics.toMap().isEmpty());
    }
}
