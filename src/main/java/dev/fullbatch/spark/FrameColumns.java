package dev.fullbatch.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * The columns of a DataFrame that {@link FrameLoader} reads.
 *
 * @param features a Spark ML vector column
 * @param label a numeric column
 * @param weight a numeric column of instance weights (finite, at least 0), or null when every row weighs 1
 * @param order a sortable column with a distinct value per row that fixes the row order, or null for the
 *     DataFrame's own order (partition after partition, rows in partition order)
 */
public record FrameColumns(String features, String label, String weight, String order) implements Serializable {
    /** Validates. */
    public FrameColumns {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(label, "label");
    }
}
