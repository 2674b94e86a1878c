package dev.fullbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadProgressTest {
    private static final long S = 1_000_000_000L;

    @Test
    void saysNothingWithinTheFirstIntervalThenAtMostOncePerInterval() {
        ReadProgress p = new ReadProgress("in.libsvm", 40, 400_000_000L, 100 * S, 5 * S);
        assertEquals(Optional.empty(), p.update(100 * S + 4 * S, 10, 100_000_000L));
        assertTrue(p.update(105 * S, 12, 120_000_000L).isPresent());
        assertEquals(Optional.empty(), p.update(109 * S, 20, 200_000_000L));
        assertTrue(p.update(110 * S, 20, 200_000_000L).isPresent());
    }

    @Test
    void aLineSaysBlocksBytesRateAndTimeLeft() {
        ReadProgress p = new ReadProgress("file:/d/in.libsvm", 40, 1_600_000_000L, 0, 5 * S);
        assertEquals(Optional.of("fullbatch: reading file:/d/in.libsvm: 12/40 blocks, 480.0 MB of 1.6 GB, "
                + "96.0 MB/s, about 12 s left"), p.update(5 * S, 12, 480_000_000L));
        assertEquals(Optional.of("fullbatch: reading file:/d/in.libsvm: 20/40 blocks, 600.0 MB of 1.6 GB, "
                + "6.0 MB/s, about 3 min left"), p.update(100 * S, 20, 600_000_000L));
    }

    @Test
    void nothingDoneYetOrEverythingReadIsSaidSo() {
        ReadProgress p = new ReadProgress("x", 3, 3_000, 0, S);
        assertEquals(Optional.of("fullbatch: reading x: 0/3 blocks, 0 B of 3.0 kB, 0.0 MB/s, time left unknown yet"),
                p.update(2 * S, 0, 0));
        assertEquals(Optional.of("fullbatch: reading x: 2/3 blocks, 3.0 kB of 3.0 kB, 0.0 MB/s, caching the last "
                + "blocks"), p.update(3 * S, 2, 3_000));
    }

    @Test
    void bytesUseDecimalUnitsLikeTheRate() {
        assertEquals("999 B", ReadProgress.bytes(999));
        assertEquals("1.0 kB", ReadProgress.bytes(1000));
        assertEquals("4.2 MB", ReadProgress.bytes(4_194_304));
        assertEquals("24.0 GB", ReadProgress.bytes(24_000_000_000L));
    }
}
