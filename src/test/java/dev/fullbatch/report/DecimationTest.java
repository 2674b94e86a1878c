package dev.fullbatch.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DecimationTest {

    @Test
    void keepsEveryPointThatFits() {
        assertArrayEquals(new int[] {0, 1, 2}, Decimation.keep(new double[] {3, 1, 2}, 4));
        assertArrayEquals(new int[0], Decimation.keep(new double[0], 4));
    }

    @Test
    void keepsEndsAndEachStretchsExtremesWithinTheLimit() {
        double[] values = new double[100_003];
        for (int i = 0; i < values.length; i++) {
            values[i] = StrictMath.sin(i / 3000.0);
        }
        values[77_777] = 9;
        values[12_345] = -9;
        int[] kept = Decimation.keep(values, 2000);
        assertTrue(kept.length <= 2000 && kept.length >= 1900, "kept " + kept.length);
        assertEquals(0, kept[0]);
        assertEquals(values.length - 1, kept[kept.length - 1]);
        for (int i = 1; i < kept.length; i++) {
            assertTrue(kept[i] > kept[i - 1], "strictly increasing");
        }
        assertTrue(Arrays.stream(kept).anyMatch(i -> i == 77_777), "the spike up");
        assertTrue(Arrays.stream(kept).anyMatch(i -> i == 12_345), "the spike down");
        assertArrayEquals(kept, Decimation.keep(values, 2000));
    }

    @Test
    void rejectsATinyLimit() {
        assertThrows(IllegalArgumentException.class, () -> Decimation.keep(new double[10], 3));
    }
}
