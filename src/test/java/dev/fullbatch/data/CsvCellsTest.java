package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvCellsTest {

    /** The cells' texts ("" for a missing value), or the problem. */
    private static List<String> split(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        CsvCells cells = new CsvCells();
        String problem = cells.split(b, 0, b.length);
        if (problem != null) {
            return List.of("PROBLEM: " + problem);
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < cells.count(); k++) {
            String text = cells.text(b, k);
            out.add(text == null ? "<null>" : text);
        }
        return out;
    }

    @Test
    void quotedCellsHoldCommasAndDoubledQuotesAndKeepTheirInnerBlanks() {
        assertEquals(List.of("1", "New York, NY", "say \"hi\"", " padded ", "x"),
                split("1,\"New York, NY\",\"say \"\"hi\"\"\", \" padded \" ,x"));
    }

    @Test
    void unquotedCellsAreBlankTrimmedAndAQuoteInsideOneIsText() {
        assertEquals(List.of("a b", "5\" pipe", "c"), split("  a b ,5\" pipe,\tc\r"));
    }

    @Test
    void emptyCellsQuotedOrNotAreMissingAndATrailingCommaEndsWithOne() {
        assertEquals(List.of("<null>", "<null>", "a", "<null>"), split(",\"\",a,"));
        assertEquals(List.of("<null>"), split(""));
    }

    @Test
    void anUnclosedQuoteIsRefusedNamingItsColumnAndTheLineBreakRule() {
        assertEquals(List.of("PROBLEM: column 2 opens a quote that its line does not close (a quoted cell cannot "
                + "hold a line break)"), split("1,\"New York,NY"));
        assertEquals(List.of("PROBLEM: column 1 opens a quote that its line does not close (a quoted cell cannot "
                + "hold a line break)"), split("\"ab\"\""));
    }

    @Test
    void textAfterAClosingQuoteIsRefused() {
        assertEquals(List.of("PROBLEM: column 3 ('\"ab\"c') has text after its closing quote; a quoted cell is "
                + "quoted whole, with \"\" for a quote inside it"), split("1,2,\"ab\"c,4"));
    }

    @Test
    void theCellBoundsOfAQuotedNumberExcludeItsQuotes() {
        byte[] b = "\"1.5\", 2".getBytes(StandardCharsets.UTF_8);
        CsvCells cells = new CsvCells();
        assertNull(cells.split(b, 0, b.length));
        assertEquals(2, cells.count());
        assertEquals("1.5", new String(b, cells.start(0), cells.end(0) - cells.start(0), StandardCharsets.UTF_8));
        assertEquals(true, cells.quoted(0));
        assertEquals("2", new String(b, cells.start(1), cells.end(1) - cells.start(1), StandardCharsets.UTF_8));
        assertEquals(false, cells.quoted(1));
    }

    @Test
    void manyCellsGrowTheScratch() {
        String line = "1,".repeat(99) + "1";
        assertEquals(100, split(line).size());
    }

    @Test
    void aHeaderIsSplitIntoNamesOrRefused() {
        assertEquals(List.of("y", "size \"L\"", "city, state", ""), CsvCells.of("y, \"size \"\"L\"\"\",\"city, state\","));
        assertThrows(IllegalArgumentException.class, () -> CsvCells.of("y,\"x"));
    }
}
