package dev.fullbatch.export;

import static dev.fullbatch.export.OnnxExportTest.saved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/** Hand-made linear models as PMML: schema-valid, scored as the spec says, and networks refused. */
class PmmlExportTest {

    private static byte[] pmml(String objective, int classes, double[] w, double[] b) {
        return PmmlExport.write(PredictionFunction.of(saved(objective, "linear", 2, classes, w, b, Map.of()), "m"),
                "test");
    }

    @Test
    void everyLinearObjectiveGivesASchemaValidDocument() throws Exception {
        for (String objective : List.of("least-squares", "huber", "logistic", "squared-hinge")) {
            int classes = objective.equals("logistic") || objective.equals("squared-hinge") ? 2 : 0;
            PmmlDocument.validate(pmml(objective, classes, new double[] {1, -2}, new double[] {0.5}));
        }
        PmmlDocument.validate(pmml("softmax", 3, new double[] {1, 0, 0, 1, -1, 0}, new double[] {0, 1, 2}));
        PmmlDocument.validate(pmml("least-squares", 0, new double[] {1, 2}, new double[0]));
    }

    @Test
    void theSchemaCheckCatchesAnInvalidDocument() {
        byte[] bad = new String(pmml("least-squares", 0, new double[] {1, 2}, new double[] {0.5}),
                StandardCharsets.UTF_8).replace("functionName=\"regression\"", "functionName=\"guessing\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(SAXException.class, () -> PmmlDocument.validate(bad));
    }

    @Test
    void scoresAreTheAffineValueTheSigmoidAndTheSoftmax() throws Exception {
        Map<String, Double> row = Map.of("x1", 3.0, "x2", 4.0);
        assertEquals(-4.5, new PmmlDocument(pmml("least-squares", 0, new double[] {1, -2}, new double[] {0.5}))
                .score(row).prediction());
        PmmlDocument.Score logistic = new PmmlDocument(pmml("logistic", 2, new double[] {1, -2},
                new double[] {0.5})).score(row);
        assertEquals(0.0, logistic.prediction());
        assertEquals(1 / (1 + Math.exp(4.5)), logistic.probabilities().get("1"), 1e-17);
        PmmlDocument.Score softmax = new PmmlDocument(pmml("softmax", 3, new double[] {1, 0, 0, 1, -1, 0},
                new double[] {0, 1, 2})).score(row);
        assertEquals(1.0, softmax.prediction());
        double z = Math.exp(3) + Math.exp(5) + Math.exp(-1);
        assertEquals(Math.exp(5) / z, softmax.probabilities().get("1"), 1e-15);
    }

    @Test
    void aLogLinkModelGivesTheExpOfTheMarginPlusTheOffsetAndIsSchemaValid() throws Exception {
        for (String objective : List.of("poisson", "gamma", "tweedie")) {
            byte[] doc = pmml(objective, 0, new double[] {0.25, -0.5}, new double[] {0.125});
            PmmlDocument.validate(doc);
            PmmlDocument pmml = new PmmlDocument(doc);
            // margin 0.125 + 0.75 - 2 = -1.125; the offset (a log exposure) adds to it, and is 0 when absent
            assertEquals(Math.exp(-1.125 + Math.log(3)), pmml.score(Map.of("x1", 3.0, "x2", 4.0, "offset",
                    Math.log(3))).prediction(), 1e-15);
            assertEquals(Math.exp(-1.125), pmml.score(Map.of("x1", 3.0, "x2", 4.0)).prediction(), 1e-16);
        }
    }

    @Test
    void aModelTrainedOnNamedColumnsNamesItsFieldsAfterThem() throws Exception {
        dev.fullbatch.io.SavedModel named = new dev.fullbatch.io.SavedModel("least-squares", "linear", 2, 0,
                new double[] {1, -2}, new double[] {0.5}, 0.5, 10, true, "tol", "converged", Map.of(),
                Map.of("feature-cols", List.of("age", "income")), Map.of());
        byte[] doc = PmmlExport.write(PredictionFunction.of(named, "m"), "test");
        PmmlDocument.validate(doc);
        String text = new String(doc, StandardCharsets.UTF_8);
        assertTrue(text.contains("<DataField name=\"age\"") && text.contains("<DataField name=\"income\""), text);
        assertFalse(text.contains("\"x1\""), text);
        assertEquals(-4.5, new PmmlDocument(doc).score(Map.of("age", 3.0, "income", 4.0)).prediction());
    }

    @Test
    void anAbsentFeatureCountsAsZeroAsInLibsvm() throws Exception {
        PmmlDocument doc = new PmmlDocument(pmml("least-squares", 0, new double[] {1, -2}, new double[] {0.5}));
        assertEquals(3.5, doc.score(Map.of("x1", 3.0)).prediction());
    }

    @Test
    void coefficientsReadBackToTheIdenticalDoubles() throws Exception {
        double w = 0.1 + 0.2;
        double b = -1e-300;
        PmmlDocument doc = new PmmlDocument(pmml("least-squares", 0, new double[] {w, Math.PI}, new double[] {b}));
        assertEquals(b + w, doc.score(Map.of("x1", 1.0, "x2", 0.0)).prediction());
    }

    @Test
    void aNetworkIsRefusedWithTheFormatThatCanHoldIt() {
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> PmmlExport.write(
                PredictionFunction.of(saved("logistic", "mlp", 2, 2, new double[] {1, 0, 0, 1, 2, -1},
                        new double[] {0, 0, 0}, Map.of("hidden", List.of(2), "activation", "relu")), "/tmp/net"),
                "test"));
        assertTrue(e.getMessage().contains("mlp logistic model /tmp/net has 1 hidden layer"), e.getMessage());
        assertTrue(e.getMessage().contains("--format onnx"), e.getMessage());
    }

    @Test
    void theDocumentIsRecognisedAsOurs() {
        byte[] doc = pmml("logistic", 2, new double[] {1, -2}, new double[] {0.5});
        assertTrue(PmmlExport.isOurs(doc));
        assertFalse(PmmlExport.isOurs("<?xml version=\"1.0\"?><PMML/>".getBytes(StandardCharsets.UTF_8)));
    }
}
