package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheFitTest {

    @Test
    void dataThatFitsSaysNothing() {
        assertEquals(Optional.empty(), new CacheFit(1_000_000, 0, 4, 4, true).advice());
    }

    @Test
    void spilledDataSaysBothSizesAndTheHeapToRaiseInLocalMode() {
        assertEquals(Optional.of("fullbatch: the cached data does not fit in Spark's storage memory: 1.1 GB cached "
                + "in memory, 500.0 MB spilled to disk (every pass reads it back from disk); raise the heap of this "
                + "JVM (FULLBATCH_DRIVER_MEMORY with scripts/fullbatch, --driver-memory under spark-submit), or "
                + "halve the data with --feature-storage float32"),
                new CacheFit(1_100_000_000L, 500_000_000L, 36, 36, true).advice());
    }

    @Test
    void uncachedPartitionsOnAClusterNameTheExecutorMemory() {
        assertEquals(Optional.of("fullbatch: the cached data does not fit in Spark's storage memory: 2.0 GB cached "
                + "in memory, 3 of 40 partitions not cached (every pass reads them from the input again); raise "
                + "spark.executor.memory (--executor-memory) or add executors, or halve the data with "
                + "--feature-storage float32"), new CacheFit(2_000_000_000L, 0, 37, 40, false).advice());
    }
}
