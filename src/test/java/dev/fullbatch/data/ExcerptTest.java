package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExcerptTest {

    private static String of(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Excerpt.of(b, 0, b.length, max);
    }

    @Test
    void dropsTheCarriageReturnAndEscapesControlCharacters() {
        assertEquals("1 1:1", of("1 1:1\r", 40));
        assertEquals("a\\x00b\\x1b[2J\tc", of("a\u0000b\u001b[2J\tc", 40));
        assertEquals("x\\x0dy", of("x\ry", 40));
    }

    @Test
    void cutsLongTextAndMarksTheCut() {
        assertEquals("abcd...", of("abcdefgh", 4));
        assertEquals("abcd", of("abcd", 4));
    }
}
