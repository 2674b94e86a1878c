package dev.fullbatch.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The values of the input columns that predictions pass through ({@code predict --id-col}, {@code --keep-cols}) for
 * the rows of one block, in row order. Built only when predictions ask for them, never for training: the blocks
 * themselves do not hold them. Immutable once built; travels beside the block in its {@link RowOrigins}.
 *
 * @param rows one array per row of the block, each with one value per kept column in the order the columns were
 *     named: a CSV cell's text ({@link String}; null for an empty cell), or a Parquet value as Spark SQL reads it
 *     ({@link String}, {@link Boolean}, {@link Integer}, {@link Long}, {@link Double}, {@link java.math.BigDecimal},
 *     {@link java.sql.Date}, ...; null for a null)
 */
public record KeptValues(Object[][] rows) implements Serializable {
    /** Validates (the arrays are kept, not copied: the producer hands them over). */
    public KeptValues {
        Objects.requireNonNull(rows, "rows");
    }

    /** Collects kept values row by row. Mutable, for one thread. */
    public static final class Builder {
        private final List<Object[]> rows = new ArrayList<>();

        /** Appends one row's values, one per kept column (the array is the builder's from then on). */
        public void add(Object[] values) {
            rows.add(Objects.requireNonNull(values, "values"));
        }

        /** Appends every row of {@code more}. */
        public void addAll(KeptValues more) {
            for (Object[] row : more.rows()) {
                add(row);
            }
        }

        /** The values. */
        public KeptValues build() {
            return new KeptValues(rows.toArray(new Object[0][]));
        }
    }
}
