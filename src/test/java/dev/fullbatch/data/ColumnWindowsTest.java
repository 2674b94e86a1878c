package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColumnWindowsTest {

    @Test
    void everyNonzeroAppearsOnceInItsWindowInRowOrder() {
        SplittableRandom random = new SplittableRandom(5);
        BlockBuilder builder = BlockBuilder.sparse();
        int d = 1000;
        for (int r = 0; r < 60; r++) {
            for (int c = random.nextInt(20); c < d; c += 1 + random.nextInt(90)) {
                builder.addValue(c, r * 1000.0 + c);
            }
            builder.endRow(1.0, 1.0);
        }
        SparseBlock block = (SparseBlock) builder.build(0, d, false, false);
        int shift = 7;
        ColumnWindows windows = block.columnWindows(shift);
        assertSame(windows, block.columnWindows(shift), "built once, kept with the block");
        assertEquals((d - 1) / 128 + 1, windows.windows());
        assertEquals(block.columns().length, windows.entries().length);
        int[] seen = new int[block.rows()];
        for (int w = 0; w < windows.windows(); w++) {
            long previous = -1;
            for (int i = windows.windowStart()[w]; i < windows.windowStart()[w + 1]; i++) {
                int row = windows.entries()[i] >>> shift;
                int column = (w << shift) | (windows.entries()[i] & 127);
                assertEquals(row * 1000.0 + column, windows.values()[i], "the entry's own value");
                assertEquals(row * 1000.0 + column, block.featureAt(row, column));
                long order = (long) row * d + column;
                assertTrue(order > previous, "rows in order, columns increasing within a row");
                previous = order;
                seen[row]++;
            }
        }
        for (int r = 0; r < block.rows(); r++) {
            assertEquals(block.rowStart()[r + 1] - block.rowStart()[r], seen[r], "row " + r);
        }
    }

    @Test
    void blocksWithMoreRowsThanTheEntriesCanPackAreRefused() {
        assertTrue(ColumnWindows.fits(1 << 19, 13));
        assertFalse(ColumnWindows.fits((1 << 19) + 1, 13));
    }

    @Test
    void windowsAreBuiltOnlyWhileTheHeapHasFourTimesTheirSizeFree() {
        // 1,000 nonzeros: 12,000 bytes of windows with double values, 8,000 with floats.
        assertTrue(SparseBlock.roomForWindows(1_000, true, 48_000));
        assertFalse(SparseBlock.roomForWindows(1_000, true, 47_999));
        assertTrue(SparseBlock.roomForWindows(1_000, false, 32_000));
        assertFalse(SparseBlock.roomForWindows(1_000, false, 31_999));
        assertFalse(SparseBlock.roomForWindows(1, true, -5), "a heap over its limit has no room");
    }
}
