package dev.fullbatch.engine;

import dev.fullbatch.input.DataSummary;

/**
 * Data that an engine has read, checked and cached, ready for passes: what it holds ({@link #summary()}), typed
 * reductions over its blocks ({@link #reduce}), per-row outputs written from them ({@link #write}), and
 * {@link #close()}, which releases the cache. Obtained from {@link DataEngine#load}; used by one driver thread.
 */
public interface LoadedData extends BlockPasses, AutoCloseable {

    /** What the data holds, from the pass that cached it. */
    DataSummary summary();

    /**
     * The input columns read to pass through to per-row outputs
     * ({@link dev.fullbatch.input.ReadOptions#keptColumns()}), in order, as output columns: CSV cells as nullable text, Parquet columns with their own type. Their values are
     * the {@link dev.fullbatch.data.RowOrigins#kept()} that {@link RowOutputs#rows} receives. Empty when none were
     * kept.
     */
    java.util.List<RowOutputs.Column> keptColumns();

    /**
     * Writes {@code outputs} for every row, in input order, as a folder of part files at {@code path} (which must
     * not exist yet).
     *
     * @param parameters the parameters the outputs are computed with (copied; not modified)
     * @param description what the pass is for, shown in progress displays
     */
    void write(RowOutputs outputs, double[] parameters, RowOutputs.Format format, String path, String description);

    /** Releases the cached blocks and waits until they are gone. */
    @Override
    void close();
}
