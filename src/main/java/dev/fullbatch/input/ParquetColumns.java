package dev.fullbatch.input;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which columns of a Parquet input hold the label and the features: either one Spark ML vector column, or numeric
 * columns, one-hot encoded categorical columns and hashed string columns, whose features are laid out in that order
 * (the numeric columns, then each categorical column's levels, then the 2^bits hashed features). As the user gives
 * it, parts may be left open ({@code vectorColumn} null and {@code numericColumns} empty: chosen from the schema);
 * once resolved against a schema either the vector column is set (and nothing is encoded: the resolution refuses
 * encoded columns beside a vector column, naming the options), or the numeric, categorical and hashed columns hold
 * at least one column. Immutable.
 *
 * @param labelColumn the label column's name
 * @param vectorColumn the features as one {@code org.apache.spark.ml.linalg.VectorUDT} column, or null
 * @param numericColumns the features as numeric columns in this order, or empty
 * @param categoricalColumns string or integer columns one-hot encoded ({@code --categorical-cols}), in the order of
 *     the dictionaries ({@link ReadOptions#categorical()}), or empty
 * @param hashedColumns string or array-of-string columns hashed ({@code --hash-cols}, {@link ReadOptions#hashing()}),
 *     or empty
 * @param vectorSlotNames once resolved, the names of the vector column's slots from its Spark ML attribute metadata
 *     ({@code ml_attr}, as {@code VectorAssembler} writes it), slot 0 first; empty when it has none. Not part of
 *     {@link #toMap()}: a name describes the data, it does not choose what is read
 */
public record ParquetColumns(String labelColumn, String vectorColumn, List<String> numericColumns,
                             List<String> categoricalColumns, List<String> hashedColumns, List<String> vectorSlotNames)
        implements Serializable {

    /** The label column read when none is named (Spark ML's convention). */
    public static final String DEFAULT_LABEL = "label";

    /** Validates and copies. */
    public ParquetColumns {
        if (labelColumn == null || labelColumn.isEmpty()) {
            throw new IllegalArgumentException("labelColumn must be a column name, got '" + labelColumn + "'");
        }
        numericColumns = List.copyOf(numericColumns);
        categoricalColumns = List.copyOf(categoricalColumns);
        hashedColumns = List.copyOf(hashedColumns);
        vectorSlotNames = List.copyOf(vectorSlotNames);
        if (vectorColumn != null && !numericColumns.isEmpty()) {
            throw new IllegalArgumentException("give a vector column or numeric columns, not both: "
                    + vectorColumn + " and " + numericColumns);
        }
    }

    /** A vector column or numeric columns, nothing encoded. */
    public ParquetColumns(String labelColumn, String vectorColumn, List<String> numericColumns) {
        this(labelColumn, vectorColumn, numericColumns, List.of(), List.of(), List.of());
    }

    /** A copy with other categorical and hashed columns. */
    public ParquetColumns withEncoded(List<String> categorical, List<String> hashed) {
        return new ParquetColumns(labelColumn, vectorColumn, numericColumns, categorical, hashed, vectorSlotNames);
    }

    /** A copy naming the vector column's slots. */
    public ParquetColumns withVectorSlotNames(List<String> names) {
        return new ParquetColumns(labelColumn, vectorColumn, numericColumns, categoricalColumns, hashedColumns,
                names);
    }

    /** Whether some features come from categorical or hashed columns. */
    public boolean encoded() {
        return !categoricalColumns.isEmpty() || !hashedColumns.isEmpty();
    }

    /** The label column {@value #DEFAULT_LABEL} and features chosen from the schema. */
    public static ParquetColumns defaults() {
        return new ParquetColumns(DEFAULT_LABEL, null, List.of());
    }

    /** Whether the features are chosen (both parts given or resolved), not left to the schema. */
    public boolean featuresChosen() {
        return vectorColumn != null || !numericColumns.isEmpty();
    }

    /**
     * As written to model.json: {@code label}, and {@code featuresCol} or {@code featureCols}, then
     * {@code categoricalCols} and {@code hashCols} when not empty (so a model without them reads as before).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", labelColumn);
        if (vectorColumn != null) {
            m.put("featuresCol", vectorColumn);
        } else {
            m.put("featureCols", numericColumns);
        }
        if (!categoricalColumns.isEmpty()) {
            m.put("categoricalCols", categoricalColumns);
        }
        if (!hashedColumns.isEmpty()) {
            m.put("hashCols", hashedColumns);
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
        if (label == null) {
            throw new IllegalArgumentException("no label column in " + m);
        }
        return new ParquetColumns(label.toString(), vector == null ? null : vector.toString(),
                names(m.get("featureCols")), names(m.get("categoricalCols")), names(m.get("hashCols")), List.of());
    }

    private static List<String> names(Object listed) {
        List<String> names = new ArrayList<>();
        if (listed instanceof List<?> list) {
            for (Object o : list) {
                names.add(String.valueOf(o));
            }
        }
        return names;
    }
}
