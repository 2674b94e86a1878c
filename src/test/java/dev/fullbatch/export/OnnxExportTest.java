package dev.fullbatch.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fullbatch.io.SavedModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-made models whose predictions are known in closed form, run in ONNX Runtime: the graph computes what each
 * response promises, for linear models with and without intercept and for a two-layer network.
 */
class OnnxExportTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final double[][] ROWS = {{3, 4}, {-1, 0.5}, {0, 0}};

    static SavedModel saved(String objective, String type, int d, int classes, double[] w, double[] b,
                            Map<String, Object> arch) {
        return new SavedModel(objective, type, d, classes, w, b, 0.5, 10, true, "tol", "converged", arch, Map.of(),
                Map.of());
    }

    static Map<String, Object> run(SavedModel model, double[][] rows) throws OrtException {
        byte[] onnx = OnnxExport.write(PredictionFunction.of(model, "test"), "test");
        try (OrtSession s = ENV.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(ENV, rows);
             OrtSession.Result r = s.run(Map.of("features", x))) {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
                out.put(e.getKey(), e.getValue().getValue());
            }
            return out;
        }
    }

    @Test
    void leastSquaresPredictsTheAffineValueExactly() throws Exception {
        Map<String, Object> out = run(saved("least-squares", "linear", 2, 0, new double[] {1, 2},
                new double[] {0.5}, Map.of()), ROWS);
        assertEquals(List.of("prediction"), List.copyOf(out.keySet()));
        assertArrayEquals(new double[] {11.5, 0.5, 0.5}, (double[]) out.get("prediction"));
    }

    @Test
    void aLogLinkModelTakesAnOffsetAndGivesTheExpOfTheMarginPlusIt() throws Exception {
        byte[] onnx = OnnxExport.write(PredictionFunction.of(saved("poisson", "linear", 2, 0,
                new double[] {0.25, -0.5}, new double[] {0.125}, Map.of()), "test"), "test");
        double[] offsets = {Math.log(3), 0, -1};
        try (OrtSession s = ENV.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(ENV, ROWS);
             OnnxTensor o = OnnxTensor.createTensor(ENV, offsets);
             OrtSession.Result r = s.run(Map.of("features", x, "offset", o))) {
            double[] prediction = (double[]) r.get("prediction").get().getValue();
            for (int i = 0; i < ROWS.length; i++) {
                double margin = 0.25 * ROWS[i][0] - 0.5 * ROWS[i][1] + 0.125;
                assertEquals(Math.exp(margin + offsets[i]), prediction[i], 1e-15 * prediction[i]);
            }
        }
    }

    @Test
    void aModelTrainedOnNamedColumnsRecordsTheirNamesInColumnOrder() throws Exception {
        SavedModel named = new SavedModel("least-squares", "linear", 2, 0, new double[] {1, 2}, new double[] {0.5},
                0.5, 10, true, "tol", "converged", Map.of(), Map.of("feature-cols", List.of("age", "income")),
                Map.of());
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(OnnxExport.write(PredictionFunction.of(named, "t"), "t"));
        Map<String, String> props = new java.util.HashMap<>();
        for (OnnxMl.StringStringEntryProto e : m.getMetadataPropsList()) {
            props.put(e.getKey(), e.getValue());
        }
        assertEquals("[\"age\",\"income\"]", props.get("featureNames"));
        assertArrayEquals(new double[] {11.5, 0.5, 0.5}, (double[]) run(named, ROWS).get("prediction"));
        // Without names nothing is added.
        OnnxMl.ModelProto plain = OnnxMl.ModelProto.parseFrom(OnnxExport.write(PredictionFunction.of(
                saved("least-squares", "linear", 2, 0, new double[] {1, 2}, new double[] {0.5}, Map.of()), "t"), "t"));
        assertTrue(plain.getMetadataPropsList().stream().noneMatch(e -> e.getKey().equals("featureNames")));
    }

    @Test
    void withoutInterceptTheBiasIsZero() throws Exception {
        Map<String, Object> out = run(saved("huber", "linear", 2, 0, new double[] {1, 2}, new double[0], Map.of()),
                ROWS);
        assertArrayEquals(new double[] {11, 0, 0}, (double[]) out.get("prediction"));
    }

    @Test
    void logisticGivesTheSigmoidAndTheClassOfPositiveMargins() throws Exception {
        Map<String, Object> out = run(saved("logistic", "linear", 2, 2, new double[] {1, -2}, new double[] {0},
                Map.of()), ROWS);
        // margins -5, -2, 0: a margin of exactly 0 is class 0, as predict writes it.
        assertArrayEquals(new double[] {0, 0, 0}, (double[]) out.get("prediction"));
        double[] p = (double[]) out.get("probability");
        // ONNX Runtime's double sigmoid is accurate to a few 1e-17 absolute, not to the last ulp.
        assertEquals(1 / (1 + Math.exp(5)), p[0], 1e-15);
        assertEquals(1 / (1 + Math.exp(2)), p[1], 1e-15);
        assertEquals(0.5, p[2]);
        Map<String, Object> flipped = run(saved("squared-hinge", "linear", 2, 2, new double[] {-1, 2},
                new double[] {0}, Map.of()), ROWS);
        assertArrayEquals(new double[] {1, 1, 0}, (double[]) flipped.get("prediction"));
    }

    @Test
    void softmaxGivesAllProbabilitiesAndTheFirstLargestClass() throws Exception {
        // 3 classes x 2 features; the margins of the last row are all 0, a three-way tie.
        Map<String, Object> out = run(saved("softmax", "linear", 2, 3, new double[] {1, 0, 0, 1, -1, 0},
                new double[] {0, 0, 0}, Map.of()), ROWS);
        assertArrayEquals(new double[] {1, 2, 0}, (double[]) out.get("prediction"));
        double[][] probs = (double[][]) out.get("probabilities");
        double z = Math.exp(3) + Math.exp(4) + Math.exp(-3);
        assertEquals(Math.exp(4) / z, probs[0][1], 1e-16);
        assertEquals(1.0 / 3, probs[2][0], 1e-16);
        double[] best = (double[]) out.get("probability");
        assertEquals(probs[0][1], best[0]);
        assertEquals(probs[1][2], best[1]);
    }

    @Test
    void aNetworkAppliesEachLayerAndItsActivation() throws Exception {
        // 2 inputs -> 2 tanh units -> 1 output; weights then biases, layer by layer.
        double[] w = {1, 0, 0, 1, /* output */ 2, -1};
        double[] b = {0.5, -0.5, /* output */ 0.25};
        Map<String, Object> out = run(saved("least-squares", "mlp", 2, 0, w, b,
                Map.of("hidden", List.of(2), "activation", "tanh")), ROWS);
        double[] p = (double[]) out.get("prediction");
        for (int i = 0; i < ROWS.length; i++) {
            double h0 = Math.tanh(ROWS[i][0] + 0.5);
            double h1 = Math.tanh(ROWS[i][1] - 0.5);
            assertEquals(2 * h0 - h1 + 0.25, p[i], 1e-15);
        }
        Map<String, Object> relu = run(saved("least-squares", "mlp", 2, 0, w, b,
                Map.of("hidden", List.of(2), "activation", "relu")), ROWS);
        assertArrayEquals(new double[] {2 * 3.5 - 3.5 + 0.25, 0 - 0 + 0.25, 2 * 0.5 + 0.25},
                (double[]) relu.get("prediction"));
    }

    @Test
    void theFileRecordsItsProducerAndIsRecognisedAsOurs() throws Exception {
        byte[] onnx = OnnxExport.write(PredictionFunction.of(saved("logistic", "linear", 2, 2,
                new double[] {1, 2}, new double[] {0}, Map.of()), "m"), "9.9");
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(onnx);
        assertEquals("fullbatch", model.getProducerName());
        assertEquals("9.9", model.getProducerVersion());
        assertEquals(OnnxExport.OPSET, model.getOpsetImport(0).getVersion());
        assertTrue(OnnxExport.isOurs(onnx));
        assertTrue(ExportFormat.isOurs(onnx));
        assertFalse(OnnxExport.isOurs("just some text a user wrote".getBytes(StandardCharsets.UTF_8)));
        assertFalse(OnnxExport.isOurs(new byte[0]));
    }
}
