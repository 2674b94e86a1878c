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
     * @param origins where the block's rows came from (file and line of text input); null when the input has no
     *     lines (Parquet)
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
    enum Type { DOUBLE, LONG, STRING }

    /**
     * One output column.
     *
     * @param name the header (CSV) or field (Parquet) name
     * @param type what its values are
     * @param nullable whether a row may leave it null
     */
    record Column(String name, Type type, boolean nullable) implements Serializable {
        /** Validates. */
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** A column no row leaves null. */
        public static Column required(String name, Type type) {
            return new Column(name, type, false);
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
