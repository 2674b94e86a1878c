package dev.fullbatch.input;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an input's rows carry an instance weight and an offset besides their label and features: for CSV a 0-based
 * column number (as {@code --label-col}), for Parquet a column name, for LIBSVM a {@code label:weight} first token
 * (LIBSVM has no offset). A row without a weight weighs 1; a row without an offset has offset 0. Immutable.
 *
 * @param weightColumn {@code --weight-col}: the CSV column number or Parquet column name, or null for none
 * @param offsetColumn {@code --offset-col}: the CSV column number or Parquet column name, or null for none
 * @param libsvmWeights {@code --libsvm-weights}: LIBSVM rows may write {@code label:weight} as their first token
 */
public record RowWeighting(String weightColumn, String offsetColumn, boolean libsvmWeights) implements Serializable {

    /** No weights, no offsets. */
    public static final RowWeighting NONE = new RowWeighting(null, null, false);

    /** Normalizes blank names to null. */
    public RowWeighting {
        weightColumn = weightColumn == null || weightColumn.isBlank() ? null : weightColumn.trim();
        offsetColumn = offsetColumn == null || offsetColumn.isBlank() ? null : offsetColumn.trim();
    }

    /** A copy without the weight (predict reads offsets only: weights only weigh metrics and training). */
    public RowWeighting withoutWeights() {
        return new RowWeighting(null, offsetColumn, false);
    }

    /** The CSV weight column, or -1 for none (the column was checked to be a number when the options were read). */
    public int csvWeightColumn() {
        return weightColumn == null ? -1 : Integer.parseInt(weightColumn);
    }

    /** The CSV offset column, or -1 for none. */
    public int csvOffsetColumn() {
        return offsetColumn == null ? -1 : Integer.parseInt(offsetColumn);
    }

    /** How many CSV columns are neither the label nor a feature. */
    public int csvExtraColumns() {
        return (weightColumn == null ? 0 : 1) + (offsetColumn == null ? 0 : 1);
    }

    /** As model.json records it: {@code weight-col}, {@code offset-col}, {@code libsvm-weights}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weight-col", weightColumn);
        m.put("offset-col", offsetColumn);
        m.put("libsvm-weights", libsvmWeights);
        return m;
    }
}
