package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.input.ParquetColumns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** Row runs from however many scan tasks join into the same blocks (no Spark needed: rows are plain Rows). */
class RowRunTest {
    private static final List<String> FILES = List.of("file:/d/a.parquet", "file:/d/b.parquet");
    private static final RowBlockLayout LAYOUT = RowBlockLayout.of(new long[] {7, 5}, 4);
    private static final ParquetRowReader READER = new ParquetRowReader(
            new ParquetColumns("label", "features", List.of()), dev.fullbatch.input.RowWeighting.NONE, 0, LAYOUT,
            new InputFileIndex(FILES));

    private static Row row(int file, long index) {
        double v = file * 10 + index + 1;
        Double label = file == 0 && index == 2 ? null : v;
        // Alternate dense and sparse storage of vectors with a zero in them.
        var x = Vectors.dense(v, 0, -v);
        return RowFactory.create(label, index % 2 == 0 ? x : x.toSparse(), "file://" + FILES.get(file)
                .substring("file:".length()), index);
    }

    private static List<Tuple2<Long, RowRun>> collect(List<Row> task) {
        List<Tuple2<Long, RowRun>> out = new ArrayList<>();
        new RowRunCollector(task.iterator(), READER).forEachRemaining(out::add);
        return out;
    }

    /** Shuffles runs as Spark would (by block range, sorted by first row) and assembles every partition. */
    private static List<RowBlock> assemble(List<Tuple2<Long, RowRun>> runs, int partitions) {
        BlockRangePartitioner partitioner = new BlockRangePartitioner(LAYOUT, partitions);
        List<RowBlock> blocks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int part = p;
            Iterator<Tuple2<Long, RowRun>> sorted = runs.stream()
                    .filter(r -> partitioner.getPartition(r._1()) == part)
                    .sorted(Comparator.comparingLong(Tuple2::_1)).iterator();
            new RowBlockAssembler(sorted, LAYOUT, false).forEachRemaining(blocks::add);
        }
        return blocks;
    }

    private static String describe(List<RowBlock> blocks) {
        StringBuilder sb = new StringBuilder();
        for (RowBlock b : blocks) {
            SparseBlock s = (SparseBlock) b.block();
            RowBlockReport r = b.report();
            sb.append(List.of(r.blockId(), r.fileIndex(), r.rows(), r.storedValues(), r.width(), r.badRecords(),
                    r.problems(), r.labels().count(), java.util.Arrays.toString(r.labels().distinct())))
                    .append(java.util.Arrays.toString(s.labels()))
                    .append(java.util.Arrays.toString(s.rowStart())).append(java.util.Arrays.toString(s.columns()))
                    .append(java.util.Arrays.toString(s.values())).append('\n');
        }
        return sb.toString();
    }

    @Test
    void runsFromAnySplitOfTheFilesJoinIntoTheSameBlocks() {
        List<Row> all = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            for (long i = 0; i < LAYOUT.rowsOf(f); i++) {
                all.add(row(f, i));
            }
        }
        List<RowBlock> whole = assemble(collect(all), 1);
        assertEquals(4, whole.size());
        assertEquals(List.of(0L, 1L, 2L, 3L), whole.stream().map(b -> b.block().id()).toList());
        RowBlockReport first = whole.get(0).report();
        assertEquals(3, first.rows());
        assertEquals(1, first.badRecords());
        assertEquals(List.of("file:/d/a.parquet row 3: column 'label' is null"), first.problems());
        assertArrayEquals(new double[] {1, 2, 4}, whole.get(0).block().labels());
        assertArrayEquals(new int[] {0, 2, 0, 2, 0, 2}, ((SparseBlock) whole.get(0).block()).columns(),
                "zeros are not stored, dense or sparse");

        // Three scan tasks cutting files mid-block, in any order, and the blocks spread over 3 partitions.
        List<Tuple2<Long, RowRun>> split = new ArrayList<>();
        split.addAll(collect(all.subList(5, 10)));
        split.addAll(collect(all.subList(0, 2)));
        split.addAll(collect(all.subList(10, 12)));
        split.addAll(collect(all.subList(2, 5)));
        assertEquals(describe(whole), describe(assemble(split, 3)));
    }
}
