package dev.fullbatch.spark;

import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.KeptValues;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.input.DataSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.LongStream;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Reads a scan task's rows into {@link RowRun}s keyed by their first global row: a run ends where the next row is
 * not the next row of the same block (a new block, a new file, or a gap where another task reads on). Lazy: one run
 * in memory at a time.
 */
final class RowRunCollector implements Iterator<Tuple2<Long, RowRun>> {
    private final Iterator<Row> rows;
    private final ParquetRowReader reader;
    private final RowBlockLayout layout;
    private Row pending;
    private long pendingKey;
    private String lastPath;
    private int lastFile = -1;

    RowRunCollector(Iterator<Row> rows, ParquetRowReader reader) {
        this.rows = rows;
        this.reader = reader;
        this.layout = reader.layout();
        advance();
    }

    private void advance() {
        if (!rows.hasNext()) {
            pending = null;
            return;
        }
        pending = rows.next();
        lastFile = reader.fileOf(pending, lastPath, lastFile);
        lastPath = pending.getString(pending.length() - 2);
        pendingKey = reader.globalRow(pending, lastFile);
    }

    @Override
    public boolean hasNext() {
        return pending != null;
    }

    @Override
    public Tuple2<Long, RowRun> next() {
        if (pending == null) {
            throw new NoSuchElementException();
        }
        long first = pendingKey;
        long block = layout.blockOf(first);
        BlockBuilder builder = BlockBuilder.sparse();
        List<String> problems = new ArrayList<>();
        long bad = 0;
        int width = 0;
        long next = first;
        boolean identity = reader.rowIdentity();
        LongStream.Builder goodRows = identity ? LongStream.builder() : null;
        KeptValues.Builder kept = identity && reader.keptColumns() > 0
                ? new KeptValues.Builder() : null;
        while (pending != null && pendingKey == next && layout.blockOf(next) == block) {
            String problem = reader.read(pending, lastFile, builder);
            if (problem != null) {
                bad++;
                if (problems.size() < DataSummary.MAX_EXAMPLES) {
                    problems.add(problem);
                }
            } else {
                width = Math.max(width, reader.sizeOf(pending));
                if (identity) {
                    goodRows.add(reader.rowIndex(pending));
                }
                if (kept != null) {
                    kept.add(reader.kept(pending));
                }
            }
            next++;
            advance();
        }
        RowRun run = new RowRun(first, next - first, (SparseBlock) builder.build(block, width, false, false), width,
                bad, List.copyOf(problems), identity ? goodRows.build().toArray() : null,
                kept == null ? null : kept.build());
        return new Tuple2<>(first, run);
    }
}
