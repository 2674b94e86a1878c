package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class ByteSizeTest {

    @Test
    void suffixesAreThePowersOf1024SparkUses() {
        assertEquals(4_194_304L, ByteSize.parse("4194304"));
        assertEquals(65_536L, ByteSize.parse("64k"));
        assertEquals(4_194_304L, ByteSize.parse("4m"));
        assertEquals(4_194_304L, ByteSize.parse("4M"));
        assertEquals(4_194_304L, ByteSize.parse("4mb"));
        assertEquals(1_073_741_824L, ByteSize.parse("1g"));
        assertEquals(1_099_511_627_776L, ByteSize.parse("1t"));
        assertEquals(512L, ByteSize.parse("512b"));
        assertEquals(4_194_304L, ByteSize.parse(" 4m "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4x", "-1", "4.5m", "", "m", "four", "99999999999999g"})
    void anythingElseIsRefusedWithTheFix(String value) {
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> ByteSize.parse(value));
        assertEquals("'" + value + "' is not a size in bytes: give a whole number of bytes, or one with a suffix "
                + "k, m or g (powers of 1024), e.g. 4m or 65536", e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1);
    }

    @Test
    void formatGivesTheShortestExactSuffix() {
        assertEquals("4m", ByteSize.format(4_194_304L));
        assertEquals("1g", ByteSize.format(1L << 30));
        assertEquals("1k", ByteSize.format(1024));
        assertEquals("1536", ByteSize.format(1536));
        assertEquals("0", ByteSize.format(0));
    }
}
