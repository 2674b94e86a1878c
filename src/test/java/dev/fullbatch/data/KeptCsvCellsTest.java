package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeptCsvCellsTest {

    private static Object[] read(String line, int... columns) {
        byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        return new KeptCsvCells(columns).read(b, 2, b.length - 2);
    }

    @Test
    void keptCellsAreTheCellsExactTextInTheOrderAsked() {
        assertArrayEquals(new Object[] {"000123", "1.50"}, read("1, 1.50 ,000123", 2, 1));
    }

    @Test
    void aQuotedCellHoldingACommaIsOneCellAndLaterColumnsStayInPlace() {
        // split at every comma, "Smith, J" would be two cells and the id after it the wrong one
        assertArrayEquals(new Object[] {"Smith, J", "say \"hi\"", "id-7"},
                read("1,\"Smith, J\",\"say \"\"hi\"\"\",id-7", 1, 2, 3));
    }

    @Test
    void anEmptyCellQuotedOrNotIsMissing() {
        assertArrayEquals(new Object[] {null, null}, read("1,,\"\"", 1, 2));
    }
}
