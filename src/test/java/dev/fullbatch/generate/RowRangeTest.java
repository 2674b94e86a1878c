package dev.fullbatch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RowRangeTest {

    @Test
    void partsAreContiguousBalancedAndCoverEveryRow() {
        long[][] cases = {{1, 1}, {10, 3}, {2, 5}, {1_000_003, 16}, {Long.MAX_VALUE, 7}};
        for (long[] c : cases) {
            long rows = c[0];
            int parts = (int) c[1];
            long expectedStart = 0;
            for (int p = 0; p < parts; p++) {
                RowRange range = RowRange.of(rows, parts, p);
                assertEquals(expectedStart, range.start(), "part " + p + " of " + parts);
                long size = range.size();
                assertTrue(size == rows / parts || size == rows / parts + 1, "size " + size);
                expectedStart = range.end();
            }
            assertEquals(rows, expectedStart);
        }
    }

    @Test
    void rejectsPartsOutsideTheCount() {
        assertThrows(IllegalArgumentException.class, () -> RowRange.of(10, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> RowRange.of(10, 0, 0));
    }
}
