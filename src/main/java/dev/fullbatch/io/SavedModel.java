package dev.fullbatch.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code model.json}: a trained model with what is needed to use it and to know where it came from.
 *
 * <p>Numbers are written with {@link Double#toString}'s shortest round-trip form, so reading gives back the
 * identical doubles. Immutable.
 *
 * @param objective the loss name (e.g. "logistic")
 * @param modelType "linear" or "mlp"
 * @param numFeatures d
 * @param numClasses K for softmax, 2 for binary losses, 0 for regression
 * @param weights d values, or K*d row-major by class (linear); all layer weights in order (mlp)
 * @param intercept 1 or K values (empty without intercept)
 * @param objectiveValue the objective of the saved parameters
 * @param iterations iterations run
 * @param bestIteration with early stopping ({@code --patience}), the iteration whose iterate the model is (the best
 *     validation score); 0 when the model is the last iterate
 * @param converged whether a convergence test (not a budget) stopped training
 * @param stopCode a short machine-readable stop code, e.g. "tol"
 * @param stopReason the sentence saying why training stopped
 * @param architecture for networks, the extra structure (layer sizes, activation); empty for linear models
 * @param config the full training configuration, option name to value
 * @param data a fingerprint of the training data (rows, files, sizes) and what was skipped
 * @param featureNames the d feature names ({@code featureNames}: from a CSV header, Parquet columns,
 *     {@code --feature-names}, categorical levels), or null when the input names none
 * @param provenance where the model came from ({@code provenance}: {@link Provenance#toMap()}), or empty; its
 *     times differ between runs, so nothing compares it
 */
public record SavedModel(String objective, String modelType, int numFeatures, int numClasses, double[] weights,
                         double[] intercept, double objectiveValue, int iterations, int bestIteration, boolean converged,
                         String stopCode, String stopReason, Map<String, Object> architecture,
                         Map<String, Object> config, Map<String, Object> data, List<String> featureNames,
                         Map<String, Object> provenance) {

    /** The format tag written to and required in model.json. */
    public static final String FORMAT = "fullbatch-model/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A model that is the last iterate (no early stopping). */
    public SavedModel(String objective, String modelType, int numFeatures, int numClasses, double[] weights,
                      double[] intercept, double objectiveValue, int iterations, boolean converged, String stopCode,
                      String stopReason, Map<String, Object> architecture, Map<String, Object> config,
                      Map<String, Object> data) {
        this(objective, modelType, numFeatures, numClasses, weights, intercept, objectiveValue, iterations, 0,
                converged, stopCode, stopReason, architecture, config, data, null, Map.of());
    }

    /** A model without feature names or provenance. */
    public SavedModel(String objective, String modelType, int numFeatures, int numClasses, double[] weights,
                      double[] intercept, double objectiveValue, int iterations, int bestIteration, boolean converged,
                      String stopCode, String stopReason, Map<String, Object> architecture,
                      Map<String, Object> config, Map<String, Object> data) {
        this(objective, modelType, numFeatures, numClasses, weights, intercept, objectiveValue, iterations,
                bestIteration, converged, stopCode, stopReason, architecture, config, data, null, Map.of());
    }

    /** Defensive copies. */
    public SavedModel {
        weights = weights.clone();
        intercept = intercept.clone();
        architecture = Map.copyOf(architecture);
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        if (featureNames != null && featureNames.size() != numFeatures) {
            throw new IllegalArgumentException("expected " + numFeatures + " feature names, got "
                    + featureNames.size());
        }
        featureNames = featureNames == null ? null : List.copyOf(featureNames);
        provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] intercept() {
        return intercept.clone();
    }

    /**
     * A network's hidden layer widths, from {@code architecture.hidden}.
     *
     * @throws IllegalArgumentException when the entry is missing or not a list of integers
     */
    public List<Integer> hiddenWidths() {
        if (!(architecture.get("hidden") instanceof List<?> list)) {
            throw new IllegalArgumentException("\"hidden\" is not a list of layer widths: "
                    + architecture.get("hidden"));
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Integer i)) {
                throw new IllegalArgumentException("\"hidden\" holds " + o + ", not a layer width");
            }
            out.add(i);
        }
        return out;
    }

    /** The model.json text. */
    public String toJson() {
        return toJson(Map.of());
    }

    /**
     * The model.json text with more top-level sections after the fixed fields (e.g. {@code statistics}, which
     * {@code --statistics} adds), in the map's order.
     */
    public String toJson(Map<String, Object> sections) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("objective", objective);
        root.put("model", modelType);
        root.put("numFeatures", numFeatures);
        root.put("numClasses", numClasses);
        ArrayNode w = root.putArray("weights");
        for (double v : weights) {
            w.add(v);
        }
        ArrayNode b = root.putArray("intercept");
        for (double v : intercept) {
            b.add(v);
        }
        root.put("objectiveValue", objectiveValue);
        root.put("iterations", iterations);
        if (bestIteration > 0) {
            root.put("bestIteration", bestIteration);
        }
        root.put("converged", converged);
        root.put("stopCode", stopCode);
        root.put("stopReason", stopReason);
        if (!architecture.isEmpty()) {
            root.set("architecture", JSON.valueToTree(new java.util.TreeMap<>(architecture)));
        }
        root.set("config", JSON.valueToTree(config));
        root.set("data", JSON.valueToTree(data));
        for (Map.Entry<String, Object> e : sections.entrySet()) {
            root.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
        if (featureNames != null) {
            root.set("featureNames", JSON.valueToTree(featureNames));
        }
        if (!provenance.isEmpty()) {
            root.set("provenance", JSON.valueToTree(provenance));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write model JSON", e);
        }
    }

    /**
     * Reads model.json text.
     *
     * @param source where the text came from, for messages
     * @throws IllegalArgumentException with a message naming the source and the problem
     */
    @SuppressWarnings("unchecked")
    public static SavedModel fromJson(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(source + " is not a fullbatch model (expected \"format\": \""
                    + FORMAT + "\")");
        }
        double[] weights = doubles(root, "weights", source);
        double[] intercept = doubles(root, "intercept", source);
        Map<String, Object> arch = root.has("architecture")
                ? JSON.convertValue(root.get("architecture"), Map.class) : Map.of();
        Map<String, Object> config = root.has("config") ? JSON.convertValue(root.get("config"), LinkedHashMap.class)
                : Map.of();
        Map<String, Object> data = root.has("data") ? JSON.convertValue(root.get("data"), LinkedHashMap.class)
                : Map.of();
        List<String> names = null;
        if (root.get("featureNames") instanceof ArrayNode a) {
            names = new ArrayList<>();
            for (JsonNode n : a) {
                names.add(n.asText());
            }
        }
        Map<String, Object> provenance = root.has("provenance")
                ? JSON.convertValue(root.get("provenance"), LinkedHashMap.class) : Map.of();
        return new SavedModel(root.path("objective").asText(), root.path("model").asText("linear"),
                root.path("numFeatures").asInt(), root.path("numClasses").asInt(), weights, intercept,
                root.path("objectiveValue").asDouble(), root.path("iterations").asInt(),
                root.path("bestIteration").asInt(0),
                root.path("converged").asBoolean(), root.path("stopCode").asText(), root.path("stopReason").asText(),
                arch, config, data, names, provenance);
    }

    private static double[] doubles(JsonNode root, String field, String source) {
        JsonNode a = root.get(field);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException(source + " has no \"" + field + "\" array");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    /** Writes any value as indented JSON text (for metrics.json and checkpoints). */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Reads JSON text into a tree. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return JSON.readTree(text);
    }
}
