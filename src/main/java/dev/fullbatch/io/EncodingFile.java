package dev.fullbatch.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fullbatch.data.CategoricalColumn;
import dev.fullbatch.data.CategoricalEncoding;
import dev.fullbatch.data.CategoryLevel;
import dev.fullbatch.data.FeatureHashing;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of {@code encoding.json} in a model directory: how predict must turn raw columns into the model's
 * features, exactly as training did. It holds the categorical dictionaries (every kept level of every column with
 * its training row count, in level order, and what went to the other level) and the feature hashing settings,
 * each absent when unused. Immutable.
 *
 * <pre>{@code
 * {
 *   "format" : "fullbatch-encoding/1",
 *   "categorical" : {
 *     "minCategoryCount" : 5,
 *     "columns" : [ {
 *       "column" : "color",
 *       "levels" : [ { "value" : null, "rows" : 7 }, { "value" : "blue", "rows" : 120 }, ... ],
 *       "other" : { "rows" : 9, "values" : 4 }
 *     } ]
 *   },
 *   "hashing" : { "bits" : 18, "alternateSign" : false, "hash" : "MurmurHash3 x86_32, seed 42, ..." }
 * }
 * }</pre>
 *
 * @param categorical the dictionaries, or null without categorical columns
 * @param hashing the hashing settings, or null without hashed features
 */
public record EncodingFile(CategoricalEncoding categorical, FeatureHashing hashing) {
    /** The file's name in the model directory. */
    public static final String NAME = "encoding.json";
    /** The format tag written to and required in the file. */
    public static final String FORMAT = "fullbatch-encoding/1";
    private static final String HASH = "MurmurHash3 x86_32, seed 42, of the token's UTF-8 bytes; index = hash mod "
            + "2^bits (non-negative), as Spark ML's FeatureHasher and HashingTF";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The file's text. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        if (categorical != null) {
            ObjectNode c = root.putObject("categorical");
            c.put("minCategoryCount", categorical.minCategoryCount());
            ArrayNode columns = c.putArray("columns");
            for (CategoricalColumn column : categorical.columns()) {
                ObjectNode node = columns.addObject();
                node.put("column", column.name());
                ArrayNode levels = node.putArray("levels");
                for (CategoryLevel level : column.levels()) {
                    ObjectNode l = levels.addObject();
                    if (level.value() == null) {
                        l.putNull("value");
                    } else {
                        l.put("value", level.value());
                    }
                    l.put("rows", level.rows());
                }
                ObjectNode other = node.putObject("other");
                other.put("rows", column.otherRows());
                other.put("values", column.otherValues());
            }
        }
        if (hashing != null) {
            ObjectNode h = root.putObject("hashing");
            h.put("bits", hashing.bits());
            h.put("alternateSign", hashing.alternateSign());
            h.put("hash", HASH);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + NAME, e);
        }
    }

    /**
     * Reads the file's text.
     *
     * @param source where the text came from, for messages
     * @throws IllegalArgumentException with a message naming the source and the problem
     */
    public static EncodingFile fromJson(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(source + " is not a fullbatch encoding (expected \"format\": \""
                    + FORMAT + "\")");
        }
        try {
            CategoricalEncoding categorical = null;
            JsonNode c = root.get("categorical");
            if (c != null) {
                List<CategoricalColumn> columns = new ArrayList<>();
                for (JsonNode node : required(c, "columns")) {
                    List<CategoryLevel> levels = new ArrayList<>();
                    for (JsonNode l : required(node, "levels")) {
                        JsonNode value = l.get("value");
                        if (value == null || !(value.isNull() || value.isTextual())) {
                            throw new IllegalArgumentException("a level's \"value\" must be a string or null");
                        }
                        levels.add(new CategoryLevel(value.isNull() ? null : value.asText(),
                                count(l, "rows")));
                    }
                    JsonNode other = required(node, "other");
                    columns.add(new CategoricalColumn(required(node, "column").asText(), levels, count(other, "rows"),
                            count(other, "values")));
                }
                categorical = new CategoricalEncoding(columns, count(c, "minCategoryCount"));
            }
            FeatureHashing hashing = null;
            JsonNode h = root.get("hashing");
            if (h != null) {
                hashing = new FeatureHashing((int) count(h, "bits"), required(h, "alternateSign").asBoolean());
            }
            return new EncodingFile(categorical, hashing);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return v;
    }

    private static long count(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw new IllegalArgumentException("\"" + field + "\" must be a count, got " + v);
        }
        return v.asLong();
    }
}
