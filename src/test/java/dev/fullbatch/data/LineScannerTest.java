package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineScannerTest {

    @Test
    void returnsLinesWithTheirOffsetsIncludingAnUnterminatedLastOne() throws IOException {
        byte[] text = "a\r\n\nbc\nlast".getBytes(StandardCharsets.UTF_8);
        LineScanner s = new LineScanner(new ByteArrayInputStream(text), 100);
        StringBuilder seen = new StringBuilder();
        while (s.next()) {
            seen.append(s.lineOffset()).append('=')
                    .append(new String(s.buffer(), s.lineStart(), s.lineEnd() - s.lineStart(),
                            StandardCharsets.UTF_8).replace("\r", "\\r")).append(';');
        }
        assertEquals("100=a\\r;103=;104=bc;107=last;", seen.toString());
    }

    @Test
    void aLineBeyondTheLimitStopsTheScanInsteadOfFillingMemory() throws IOException {
        byte[] text = ("ok\n" + "x".repeat(200_000) + "\nnever").getBytes(StandardCharsets.UTF_8);
        LineScanner s = new LineScanner(new ByteArrayInputStream(text), 0, 100_000);
        assertTrue(s.next());
        LineTooLongException e = assertThrows(LineTooLongException.class, s::next);
        assertEquals(3, e.lineOffset());
        assertEquals(100_000, e.limit());
    }

    private static String lines(byte[] text, long base) throws IOException {
        LineScanner s = new LineScanner(new ByteArrayInputStream(text), base);
        StringBuilder seen = new StringBuilder();
        while (s.next()) {
            seen.append(s.lineOffset()).append('=').append(new String(s.buffer(), s.lineStart(),
                    s.lineEnd() - s.lineStart(), StandardCharsets.ISO_8859_1)).append(';');
        }
        return seen.toString();
    }

    @Test
    void aByteOrderMarkAtTheStartOfTheFileIsNotPartOfTheFirstLine() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = concat(bom, "y,a\n".getBytes(StandardCharsets.UTF_8), bom, "1,2".getBytes(StandardCharsets.UTF_8));
        assertEquals("0=y,a;7=\u00ef\u00bb\u00bf1,2;", lines(text, 0), "only at the start of the file");
        assertEquals("5=\u00ef\u00bb\u00bfy,a;12=\u00ef\u00bb\u00bf1,2;", lines(text, 5),
                "a scanner that starts inside the file never strips");
        assertEquals("", lines(bom, 0), "a file of only the mark holds no line");
        assertEquals("0=1;", lines(concat(bom, "1".getBytes(StandardCharsets.UTF_8)), 0), "without a newline");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
