package dev.fullbatch.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossValidationSummaryTest {

    @Test
    void meanStandardErrorAndChoicesAreCvGlmnets() {
        Map<String, String[]> cases = Map.of(
                "cv-a9a-logistic-alpha1.json", new String[] {"deviance", "class", "auc"},
                "cv-a9a-logistic-alpha0.5.json", new String[] {"deviance", "class", "auc"},
                "cv-cpusmall-least-squares-alpha1.json", new String[] {"mse"},
                "cv-cpusmall-least-squares-alpha0.5.json", new String[] {"mse"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            JsonNode ref = Issue18Fixtures.json(c.getKey());
            double[] sizes = Issue18Fixtures.doubles(ref.get("fold_sizes"));
            for (String metric : c.getValue()) {
                JsonNode m = ref.get("metrics").get(metric);
                double[][] folds = new double[sizes.length][];
                for (int f = 0; f < sizes.length; f++) {
                    folds[f] = Issue18Fixtures.doubles(m.get("fold_values").get(f));
                }
                CrossValidationSummary s = CrossValidationSummary.of(folds, sizes, folds[0].length,
                        metric.equals("auc"));
                String what = c.getKey() + " " + metric;
                double[] cvm = Issue18Fixtures.doubles(m.get("cvm"));
                double[] cvsd = Issue18Fixtures.doubles(m.get("cvsd"));
                for (int k = 0; k < cvm.length; k++) {
                    assertEquals(cvm[k], s.cvm()[k], 1e-14 * Math.abs(cvm[k]), what + " cvm k=" + k);
                    assertEquals(cvsd[k], s.cvsd()[k], 1e-10 * Math.abs(cvsd[k]) + 1e-300, what + " cvsd k=" + k);
                }
                assertEquals(m.get("index_min").asInt(), s.indexMin(), what + " lambda.min");
                assertEquals(m.get("index_1se").asInt(), s.index1se(), what + " lambda.1se");
                JsonNode glmnet = m.get("cv_glmnet");
                // cpusmall alpha 0.5: cv.glmnet ran the equivalent call on scaled penalties (see the fixture)
                if (glmnet != null && !c.getKey().contains("least-squares-alpha0.5")) {
                    double[] lambdas = Issue18Fixtures.doubles(ref.get("lambdas"));
                    assertEquals(glmnet.get("lambda_min").asDouble(), lambdas[s.indexMin()], what);
                    assertEquals(glmnet.get("lambda_1se").asDouble(), lambdas[s.index1se()], what);
                }
            }
        }
    }
}
