package dev.fullbatch.engine;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.RowOrigins;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Per-row outputs of a pass (predictions): a fixed list of typed columns, and for every block one output row per
 * input row, in row order. {@link LoadedData#write} runs it over every block and writes the rows, in input order,
 * to a folder of part files. Implementations are immutable and serializable (they travel to executors).
 */
public interface RowOutputs extends Serializable {

    /** The output columns, in order. */
    List<Column> columns();

    /**
     * Gives {@code sink} one output row per row of {@code block}, in row order: one value per {@link #columns()}
     * entry, of that column's type ({@link Double}, {@link Long} or {@link String}; null where a column allows it).
     *
     * @param origins where the block's rows came from (file and line of text input, file and row index of Parquet
     *     input read with row identity) and their kept values; null when they were not read
     * @param parameters the pass's parameters (read only)
     */
    void rows(Block block, RowOrigins origins, double[] parameters, Sink sink);

    /** Receives output rows. */
    @FunctionalInterface
    interface Sink {
        /** One output row; the array is the sink's from then on. */
        void accept(Object[] row);
    }

    /** Column types. */
    enum Type {
        DOUBLE, LONG, STRING,
        /**
         * A value passed through from a typed input column (Parquet) as the reader gave it, of the type
         * {@link Column#inputType()} names.
         */
        INPUT
    }

    /**
     * One output column.
     *
     * @param name the header (CSV) or field (Parquet) name
     * @param type what its values are
     * @param nullable whether a row may leave it null
     * @param inputType for {@link Type#INPUT}, the input column's type in Spark SQL's JSON form (e.g.
     *     {@code "long"}, {@code "decimal(10,2)"}, {@code "date"}); null for the other types
     */
    record Column(String name, Type type, boolean nullable, String inputType) implements Serializable {
        /** Validates. */
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            if ((type == Type.INPUT) != (inputType != null)) {
                throw new IllegalArgumentException("an input type goes with type INPUT only, got " + type + " and "
                        + inputType);
            }
        }

        /** A column of one of the fixed types. */
        public Column(String name, Type type, boolean nullable) {
            this(name, type, nullable, null);
        }

        /** A column no row leaves null. */
        public static Column required(String name, Type type) {
            return new Column(name, type, false);
        }

        /** A column rows may leave null. */
        public static Column optional(String name, Type type) {
            return new Column(name, type, true);
        }

        /** The columns of kept CSV cells: nullable text (an empty cell is null). */
        public static List<Column> keptText(List<String> names) {
            return names.stream().map(n -> optional(n, Type.STRING)).toList();
        }
    }

    /** File formats of written rows. */
    enum Format {
        /** Comma-separated text with a header line. */
        CSV,
        /** Apache Parquet. */
        PARQUET
    }
}
