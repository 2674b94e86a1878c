package dev.fullbatch.input;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which columns of a Parquet input hold the label and the features: either one Spark ML vector column or a list of
 * numeric columns. As the user gives it, parts may be left open ({@code vectorColumn} null and
 * {@code numericColumns} empty: chosen from the schema); once resolved against a schema exactly one of the two is
 * set. Immutable.
 *
 * @param labelColumn the label column's name
 * @param vectorColumn the features as one {@code org.apache.spark.ml.linalg.VectorUDT} column, or null
 * @param numericColumns the features as numeric columns in this order, or empty
 */
public record ParquetColumns(String labelColumn, String vectorColumn, List<String> numericColumns)
        implements Serializable {

    /** The label column read when none is named (Spark ML's convention). */
    public static final String DEFAULT_LABEL = "label";

    /** Validates and copies. */
    public ParquetColumns {
        if (labelColumn == null || labelColumn.isEmpty()) {
            throw new IllegalArgumentException("labelColumn must be a column name, got '" + labelColumn + "'");
        }
        numericColumns = List.copyOf(numericColumns);
        if (vectorColumn != null && !numericColumns.isEmpty()) {
            throw new IllegalArgumentException("give a vector column or numeric columns, not both: "
                    + vectorColumn + " and " + numericColumns);
        }
    }

    /** The label column {@value #DEFAULT_LABEL} and features chosen from the schema. */
    public static ParquetColumns defaults() {
        return new ParquetColumns(DEFAULT_LABEL, null, List.of());
    }

    /** Whether the features are chosen (both parts given or resolved), not left to the schema. */
    public boolean featuresChosen() {
        return vectorColumn != null || !numericColumns.isEmpty();
    }

    /** As written to model.json: {@code label}, and {@code featuresCol} or {@code featureCols}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", labelColumn);
        if (vectorColumn != null) {
            m.put("featuresCol", vectorColumn);
        } else {
            m.put("featureCols", numericColumns);
        }
        return m;
    }

    /**
     * Reads what {@link #toMap()} wrote.
     *
     * @throws IllegalArgumentException when the map has no label
     */
    public static ParquetColumns fromMap(Map<?, ?> m) {
        Object label = m.get("label");
        Object vector = m.get("featuresCol");
        List<String> numeric = new ArrayList<>();
        if (m.get("featureCols") instanceof List<?> list) {
            for (Object o : list) {
                numeric.add(String.valueOf(o));
            }
        }
        if (label == null) {
            throw new IllegalArgumentException("no label column in " + m);
        }
        return new ParquetColumns(label.toString(), vector == null ? null : vector.toString(), numeric);
    }
}
