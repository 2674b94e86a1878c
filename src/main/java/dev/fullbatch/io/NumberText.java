package dev.fullbatch.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Doubles in JSON that read back bit for bit: finite values as JSON numbers in {@link Double#toString}'s shortest
 * round-trip form, non-finite ones as the strings "NaN", "Infinity", "-Infinity" (plain JSON has no such numbers).
 */
final class NumberText {
    private NumberText() {
    }

    static JsonNode node(double v) {
        return Double.isFinite(v) ? JsonNodeFactory.instance.numberNode(v)
                : JsonNodeFactory.instance.textNode(Double.toString(v));
    }

    static ArrayNode array(double[] values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(values.length);
        for (double v : values) {
            a.add(node(v));
        }
        return a;
    }

    static double value(JsonNode n) {
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing number");
        }
        if (n.isTextual()) {
            return Double.parseDouble(n.asText());
        }
        return n.asDouble();
    }

    static double[] values(JsonNode a) {
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("missing number array");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(a.get(i));
        }
        return out;
    }
}
