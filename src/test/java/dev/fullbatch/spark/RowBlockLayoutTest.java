package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowBlockLayoutTest {

    @Test
    void cutsEveryFileIntoRunsOfRowsThatNeverSpanTwoFiles() {
        // Files of 10, 0, 4 and 3 rows, 4 rows per block: blocks 0-2 (file 0), 3 (file 2), 4 (file 3).
        RowBlockLayout layout = RowBlockLayout.of(new long[] {10, 0, 4, 3}, 4);
        assertEquals(17, layout.rows());
        assertEquals(5, layout.blocks());
        long[] expectedBlock = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4};
        int[] expectedFile = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 3, 3, 3};
        for (int g = 0; g < 17; g++) {
            assertEquals(expectedBlock[g], layout.blockOf(g), "block of row " + g);
            assertEquals(expectedFile[g], layout.fileOf(g), "file of row " + g);
        }
        assertEquals(10, layout.globalRow(2, 0));
        assertEquals(16, layout.globalRow(3, 2));
        assertEquals(2, layout.rowInFile(16));
        assertEquals(List.of(0, 0, 0, 2, 3), List.of(layout.fileOfBlock(0), layout.fileOfBlock(1),
                layout.fileOfBlock(2), layout.fileOfBlock(3), layout.fileOfBlock(4)));
        assertThrows(IndexOutOfBoundsException.class, () -> layout.globalRow(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> layout.globalRow(3, 3));
    }

    @Test
    void partitionsHoldContiguousOrderedRangesOfBlocks() {
        RowBlockLayout layout = RowBlockLayout.of(new long[] {1000, 1, 999}, 7);
        for (int partitions : new int[] {1, 2, 3, 8, 500}) {
            int previous = 0;
            int[] seen = new int[partitions];
            for (long b = 0; b < layout.blocks(); b++) {
                int p = layout.partitionOf(b, partitions);
                assertTrue(p >= previous && p < partitions, "block " + b + " -> " + p);
                previous = p;
                seen[p]++;
            }
            // With fewer blocks than partitions every block has a partition of its own.
            int used = 0;
            for (int p = 0; p < partitions; p++) {
                used += seen[p] > 0 ? 1 : 0;
                assertTrue(seen[p] <= Math.max(1, (layout.blocks() + partitions - 1) / partitions), "balanced");
            }
            assertEquals(Math.min(partitions, layout.blocks()), used, partitions + " partitions");
        }
    }

    @Test
    void namesTheListedFileOfAPathSparkReportsAsAUri() {
        InputFileIndex index = new InputFileIndex(List.of("file:/data/a b.parquet", "file:/data/c.parquet",
                "hdfs://nn:8020/x/d.parquet"));
        assertEquals(0, index.indexOf("file:///data/a%20b.parquet"));
        assertEquals(1, index.indexOf("file:/data/c.parquet"));
        assertEquals(2, index.indexOf("hdfs://nn:8020/x/d.parquet"));
        assertThrows(IllegalStateException.class, () -> index.indexOf("file:///data/e.parquet"));
    }
}
