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
}
