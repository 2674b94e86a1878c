package dev.fullbatch.spark;

import dev.fullbatch.data.KeptValues;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.input.DataSummary;
import java.io.Serializable;
import java.util.List;

/**
 * Consecutive input rows of one block as one scan task read them: the unit the load-time shuffle moves (a few
 * large records instead of one per row). A block's runs, sorted by their first row, are its rows in order.
 *
 * @param firstRow the global number of the run's first row
 * @param rowCount rows read, good and bad
 * @param good the good rows, in order (sparse, double precision)
 * @param width the largest feature vector size among the good rows, or 0
 * @param badRecords rows that could not be used
 * @param problems the first of them, in row order, at most {@link DataSummary#MAX_EXAMPLES}
 * @param goodRows for predictions, the 0-based row index within its file of every good row; null for training
 * @param kept for predictions with kept columns, the good rows' kept values; null otherwise
 */
record RowRun(long firstRow, long rowCount, SparseBlock good, int width, long badRecords, List<String> problems,
              long[] goodRows, KeptValues kept)
        implements Serializable {

    /** A run read for training: no row identity. */
    RowRun(long firstRow, long rowCount, SparseBlock good, int width, long badRecords, List<String> problems) {
        this(firstRow, rowCount, good, width, badRecords, problems, null, null);
    }
}
