package dev.fullbatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MarkupTextTest {

    private static String number(double v) {
        return new MarkupText().number(v).toString();
    }

    @Test
    void writesCoordinatesWithAtMostTwoDecimals() {
        assertEquals("0", number(0));
        assertEquals("0", number(-0.001));
        assertEquals("12.5", number(12.5));
        assertEquals("12.05", number(12.049999));
        assertEquals("-3.07", number(-3.07));
        assertEquals("430", number(429.999));
        assertThrows(IllegalArgumentException.class, () -> number(Double.NaN));
    }

    @Test
    void escapesMarkupAndWritesNonAsciiAsReferences() {
        assertEquals("a&lt;b&gt;&amp;&quot;&apos;", new MarkupText().escaped("a<b>&\"'").toString());
        assertEquals("&#955; &#128512;", new MarkupText().escaped("\u03bb \uD83D\uDE00").toString());
        assertEquals("a b", new MarkupText().escaped("a\u0001b").toString());
    }
}
