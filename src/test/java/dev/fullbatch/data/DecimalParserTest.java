package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalParserTest {

    private static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return DecimalParser.parse(b, 0, b.length);
    }

    @Test
    void agreesWithJavaOnRandomDecimalsToTheLastBit() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            String s;
            switch (i % 4) {
                case 0 -> s = Double.toString(Double.longBitsToDouble(rnd.nextLong()) );
                case 1 -> s = (rnd.nextBoolean() ? "-" : "") + rnd.nextInt(1_000_000) + "." + rnd.nextInt(1_000_000);
                case 2 -> s = rnd.nextLong(1L << 53) + "e" + (rnd.nextInt(60) - 30);
                default -> s = String.format(java.util.Locale.ROOT, "%.17g", rnd.nextDouble() * 1e6);
            }
            if (s.contains("N") || s.contains("I")) {
                continue;
            }
            double expected = Double.parseDouble(s);
            String shown = s;
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(parse(s)), () -> shown);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", ".", "e5", "1e", "1e+", "0x10", "1f", "1d", "NaN", "Infinity", " 1", "1 ",
        "1..2", "--1", "1e5.5"})
    void rejectsWhatIsNotAPlainDecimal(String s) {
        assertTrue(DecimalParser.isInvalid(parse(s)), s);
    }

    @Test
    void spellsNonFiniteOnlyForTheWordsProgramsWrite() {
        for (String s : new String[] {"NaN", "nan", "-nan", "inf", "+Inf", "-Infinity", "INFINITY"}) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(DecimalParser.spellsNonFinite(b, 0, b.length), s);
        }
        for (String s : new String[] {"no", "n", "index", "-i", "nana", "infinite", ""}) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(!DecimalParser.spellsNonFinite(b, 0, b.length), s);
        }
    }

    @Test
    void readsSignsZerosAndExponents() {
        assertEquals(-0.0, parse("-0"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(parse("-0.000")));
        assertEquals(1.5e-7, parse("+1.5E-7"));
        assertEquals(123.0, parse("123."));
        assertEquals(0.25, parse(".25"));
        assertEquals(Double.POSITIVE_INFINITY, parse("1e400"));
    }
}
