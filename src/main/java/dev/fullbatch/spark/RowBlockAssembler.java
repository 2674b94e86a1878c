package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.KeptValues;
import dev.fullbatch.data.LabelStats;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.input.DataSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.LongStream;
import scala.Tuple2;

/**
 * Joins the {@link RowRun}s of a partition, sorted by first row, into one block per run of runs that the layout
 * puts in the same block, lazily (one block in memory at a time besides the ones already handed on).
 */
final class RowBlockAssembler implements Iterator<RowBlock> {
    private final Iterator<Tuple2<Long, RowRun>> runs;
    private final RowBlockLayout layout;
    private final boolean useFloat;
    private final InputFileIndex files;
    private RowRun pending;

    /** An assembler for training, whose runs carry no row identity. */
    RowBlockAssembler(Iterator<Tuple2<Long, RowRun>> runs, RowBlockLayout layout, boolean useFloat) {
        this(runs, layout, useFloat, null);
    }

    /**
     * @param runs sorted by first row; each block's runs all in this iterator
     * @param layout the block cut
     * @param useFloat store values in single precision
     * @param files the input files, to name the block's file in its {@link RowOrigins}; null when the runs carry no
     *     row identity (training)
     */
    RowBlockAssembler(Iterator<Tuple2<Long, RowRun>> runs, RowBlockLayout layout, boolean useFloat,
                      InputFileIndex files) {
        this.runs = runs;
        this.layout = layout;
        this.useFloat = useFloat;
        this.files = files;
        this.pending = runs.hasNext() ? runs.next()._2() : null;
    }

    @Override
    public boolean hasNext() {
        return pending != null;
    }

    @Override
    public RowBlock next() {
        if (pending == null) {
            throw new NoSuchElementException();
        }
        long blockId = layout.blockOf(pending.firstRow());
        BlockBuilder builder = BlockBuilder.sparse();
        List<String> problems = new ArrayList<>();
        long bad = 0;
        int width = 0;
        long end = -1;
        LongStream.Builder goodRows = files == null ? null : LongStream.builder();
        KeptValues.Builder kept = null;
        while (pending != null && layout.blockOf(pending.firstRow()) == blockId) {
            if (pending.firstRow() < end) {
                throw new IllegalStateException("row runs overlap: one starts at row " + pending.firstRow()
                        + ", before the previous one ends at " + end);
            }
            end = pending.firstRow() + pending.rowCount();
            append(pending.good(), builder);
            if (goodRows != null) {
                for (long row : pending.goodRows()) {
                    goodRows.add(row);
                }
                if (pending.kept() != null) {
                    kept = kept == null ? new KeptValues.Builder() : kept;
                    kept.addAll(pending.kept());
                }
            }
            bad += pending.badRecords();
            for (String p : pending.problems()) {
                if (problems.size() < DataSummary.MAX_EXAMPLES) {
                    problems.add(p);
                }
            }
            width = Math.max(width, pending.width());
            pending = runs.hasNext() ? runs.next()._2() : null;
        }
        Block block = builder.build(blockId, width, false, useFloat);
        int file = layout.fileOfBlock(blockId);
        RowBlockReport report = new RowBlockReport(blockId, file, block.rows(),
                block.storedValues(), width, LabelStats.of(block.labels()), bad, List.copyOf(problems));
        RowOrigins origins = goodRows == null ? null
                : new RowOrigins(files.path(file), goodRows.build().toArray(), kept == null ? null : kept.build());
        return new RowBlock(block, report, origins);
    }

    private static void append(SparseBlock rows, BlockBuilder out) {
        int[] start = rows.rowStart();
        int[] columns = rows.columns();
        double[] values = rows.values();
        double[] labels = rows.labels();
        double[] weights = rows.weights();
        double[] offsets = rows.offsets();
        for (int i = 0; i < labels.length; i++) {
            for (int k = start[i]; k < start[i + 1]; k++) {
                out.addValue(columns[k], values[k]);
            }
            // the rows' own weights and offsets, carried over (null arrays: weight 1, offset 0, as read)
            out.endRow(labels[i], weights == null ? 1.0 : weights[i], offsets == null ? 0.0 : offsets[i]);
        }
    }
}
