package dev.fullbatch.spark;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.SparseBlock;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Reads a partition of numbered DataFrame rows (label, features, then the weight when there is one) into
 * {@link RowRun}s keyed by their first global row, as {@link RowRunCollector} does for Parquet: a run ends where the
 * next row is in another block. A null or non-finite value, or a negative weight, is a {@link BadInputException}
 * naming the row (its position in the row order, from 1) and the column: a DataFrame has no lines to skip to.
 */
final class FrameRunCollector implements Iterator<Tuple2<Long, RowRun>> {
    private final Iterator<Tuple2<Row, Long>> rows;
    private final RowBlockLayout layout;
    private final FrameColumns columns;
    private Tuple2<Row, Long> pending;

    FrameRunCollector(Iterator<Tuple2<Row, Long>> rows, RowBlockLayout layout, FrameColumns columns) {
        this.rows = rows;
        this.layout = layout;
        this.columns = columns;
        this.pending = rows.hasNext() ? rows.next() : null;
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
        long first = pending._2();
        long block = layout.blockOf(first);
        BlockBuilder builder = BlockBuilder.sparse();
        int width = 0;
        long next = first;
        while (pending != null && pending._2() == next && layout.blockOf(next) == block) {
            width = Math.max(width, read(pending._1(), next, builder));
            next++;
            pending = rows.hasNext() ? rows.next() : null;
        }
        RowRun run = new RowRun(first, next - first, (SparseBlock) builder.build(block, width, false, false), width,
                0, List.of());
        return new Tuple2<>(first, run);
    }

    /** Appends one row and returns its vector's size. */
    private int read(Row row, long number, BlockBuilder out) {
        double label = number(row, 0, columns.label(), number);
        double weight = columns.weight() == null ? 1.0 : number(row, 2, columns.weight(), number);
        if (weight < 0) {
            throw problem(number, columns.weight(), "is " + weight + ": instance weights must be >= 0");
        }
        if (row.isNullAt(1)) {
            throw problem(number, columns.features(), "is null");
        }
        Vector v = (Vector) row.get(1);
        String bad = ParquetRowReader.addVector(v, columns.features(), out);
        if (bad != null) {
            throw problem(number, null, bad);
        }
        out.endRow(label, weight);
        return v.size();
    }

    private static double number(Row row, int i, String name, long number) {
        if (row.isNullAt(i)) {
            throw problem(number, name, "is null");
        }
        double v = ((Number) row.get(i)).doubleValue();
        if (!Double.isFinite(v)) {
            throw problem(number, name, "is " + v);
        }
        return v;
    }

    private static BadInputException problem(long number, String column, String what) {
        return new BadInputException("DataFrame row " + (number + 1) + " (in the row order): "
                + (column == null ? "" : "column '" + column + "' ") + what + "; fix or filter the row before fit");
    }
}
