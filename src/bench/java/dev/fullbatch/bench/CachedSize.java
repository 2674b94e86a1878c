package dev.fullbatch.bench;

import org.apache.spark.SparkContext;
import org.apache.spark.storage.RDDInfo;

/** Bytes Spark's block manager holds for a cached RDD (memory plus disk), from its storage info. */
public final class CachedSize {
    private CachedSize() {
    }

    /**
     * Memory plus disk bytes of the cached RDD with id {@code rddId} once every partition is reported cached (waiting
     * at most 10 s for block reports), or -1 when it is not cached.
     */
    public static long bytes(SparkContext sc, int rddId) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long bytes = -1;
        while (true) {
            for (RDDInfo info : sc.getRDDStorageInfo()) {
                if (info.id() == rddId) {
                    bytes = info.memSize() + info.diskSize();
                    if (info.numCachedPartitions() == info.numPartitions()) {
                        return bytes;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                return bytes;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return bytes;
            }
        }
    }

    /** The largest memory-plus-disk size among cached RDDs whose name contains {@code text}, or -1. */
    public static long largestNamed(SparkContext sc, String text) {
        long best = -1;
        for (RDDInfo info : sc.getRDDStorageInfo()) {
            if (info.name() != null && info.name().contains(text)) {
                best = Math.max(best, info.memSize() + info.diskSize());
            }
        }
        return best;
    }
}
