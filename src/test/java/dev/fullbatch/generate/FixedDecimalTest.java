package dev.fullbatch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedDecimalTest {

    private static String text(double v) {
        StringBuilder out = new StringBuilder();
        FixedDecimal.append(out, v);
        return out.toString();
    }

    @Test
    void writesSixDecimalsWithoutTrailingZeros() {
        assertEquals("0", text(0.0));
        assertEquals("0", text(-0.0));
        assertEquals("0", text(4e-7));
        assertEquals("0.000001", text(6e-7));
        assertEquals("-1.25", text(-1.25));
        assertEquals("3", text(3.0000001));
        assertEquals("0.000731", text(0.000731));
        assertEquals("-12345.678901", text(-12345.6789012));
        assertEquals("0.1", text(0.1));
    }

    @Test
    void returnsExactlyTheDoubleTheTextParsesTo() {
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 100_000; k++) {
            double v = random.nextGaussian() * StrictMath.pow(10, random.nextInt(-8, 12));
            StringBuilder out = new StringBuilder();
            double written = FixedDecimal.append(out, v);
            assertEquals(Double.parseDouble(out.toString()), written, out.toString());
            assertEquals(v, written, 5.0000001e-7 + Math.ulp(v), out.toString());
        }
    }

    @Test
    void writesHugeValuesAsPlainDecimals() {
        assertEquals("12345678901234567168", text(12345678901234567890.0));
        assertEquals(-1e15, FixedDecimal.append(new StringBuilder(), -1e15));
        assertEquals("-1000000000000000", text(-1e15));
    }

    @Test
    void rejectsNonFiniteValues() {
        assertThrows(IllegalArgumentException.class, () -> text(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> text(Double.NEGATIVE_INFINITY));
    }
}
