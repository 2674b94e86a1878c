package dev.fullbatch.spark;

import dev.fullbatch.input.ReadProgress;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.RDDInfo;

/**
 * Where the cached blocks ended up, from Spark's storage info right after a read: what Spark's own per-block
 * {@code MemoryStore} warnings said one block at a time, said once, with the setting to raise.
 *
 * @param memoryBytes bytes held in memory
 * @param diskBytes bytes spilled to local disk (read back from disk by every pass)
 * @param cachedPartitions partitions cached (in memory or on disk)
 * @param partitions partitions of the cached data
 * @param local whether Spark runs in local mode (the driver's heap holds the cache)
 */
record CacheFit(long memoryBytes, long diskBytes, int cachedPartitions, int partitions, boolean local) {

    /** The storage of one cached RDD now. */
    static CacheFit of(JavaSparkContext jsc, JavaRDD<?> rdd) {
        for (RDDInfo info : jsc.sc().getRDDStorageInfo()) {
            if (info.id() == rdd.id()) {
                return new CacheFit(info.memSize(), info.diskSize(), info.numCachedPartitions(),
                        info.numPartitions(), jsc.isLocal());
            }
        }
        return new CacheFit(0, 0, 0, rdd.getNumPartitions(), jsc.isLocal());
    }

    /** One line when the data did not fit in memory; nothing when it did. */
    Optional<String> advice() {
        if (diskBytes == 0 && cachedPartitions == partitions) {
            return Optional.empty();
        }
        String where = diskBytes > 0
                ? ReadProgress.bytes(memoryBytes) + " cached in memory, " + ReadProgress.bytes(diskBytes)
                        + " spilled to disk (every pass reads it back from disk)"
                : ReadProgress.bytes(memoryBytes) + " cached in memory, " + (partitions - cachedPartitions) + " of "
                        + partitions + " partitions not cached (every pass reads them from the input again)";
        String raise = local
                ? "raise the heap of this JVM (FULLBATCH_DRIVER_MEMORY with scripts/fullbatch, --driver-memory under "
                        + "spark-submit)"
                : "raise spark.executor.memory (--executor-memory) or add executors";
        return Optional.of("fullbatch: the cached data does not fit in Spark's storage memory: " + where + "; "
                + raise + ", or halve the data with --feature-storage float32");
    }
}
