package dev.fullbatch.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The one-hot encoding of a model's categorical columns: each column's {@link CategoricalColumn} dictionary, laid
 * out one after another. Column c's levels take the features {@code offset(c) .. offset(c) + width(c) - 1} of the
 * encoding's block (the model places the block after its numeric features). Immutable; the same object serves
 * training and predict, where values it does not keep go to their column's other level ({@link OtherLevelCounts}).
 *
 * @param columns the dictionaries, in column order
 * @param minCategoryCount the fewest training rows a kept value had ({@code --min-category-count})
 */
public record CategoricalEncoding(List<CategoricalColumn> columns, long minCategoryCount)
        implements java.io.Serializable {

    /** Copies the list. */
    public CategoricalEncoding {
        columns = List.copyOf(columns);
        if (minCategoryCount < 1) {
            throw new IllegalArgumentException("minCategoryCount must be at least 1, got " + minCategoryCount);
        }
    }

    /** Features of the whole block. */
    public int width() {
        int w = 0;
        for (CategoricalColumn c : columns) {
            w += c.width();
        }
        return w;
    }

    /** The first feature of column {@code column}, within the block. */
    public int offset(int column) {
        int o = 0;
        for (int c = 0; c < column; c++) {
            o += columns.get(c).width();
        }
        return o;
    }

    /** The feature names of the block, in feature order. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(width());
        for (CategoricalColumn c : columns) {
            for (int level = 0; level < c.width(); level++) {
                names.add(c.featureName(level));
            }
        }
        return List.copyOf(names);
    }

    /**
     * One row's features: for each column, the block-relative index of its value's level (each feature has value
     * 1), ascending since columns are laid out in order.
     *
     * @param values one per column, null for a missing value
     * @param features receives {@code columns().size()} indices
     * @param others counts the values that went to an other level (may be null)
     */
    public void encode(String[] values, int[] features, OtherLevelCounts others) {
        int offset = 0;
        for (int c = 0; c < columns.size(); c++) {
            CategoricalColumn column = columns.get(c);
            int level = column.levelOf(values[c]);
            if (others != null && level == column.otherLevel()) {
                others.count(c);
            }
            features[c] = offset + level;
            offset += column.width();
        }
    }
}
