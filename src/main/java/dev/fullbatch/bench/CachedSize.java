package dev.fullbatch.bench;

import org.apache.spark.SparkContext;
import org.apache.spark.storage.RDDInfo;

/** Bytes Spark's block manager holds for a cached RDD (memory plus disk), from its storage info. */
public final class CachedSize {
    private CachedSize() {
    }

    /** Memory plus disk bytes of the cached RDD with id {@code rddId}, or -1 when it is not cached. */
    public static long bytes(SparkContext sc, int rddId) {
        for (RDDInfo info : sc.getRDDStorageInfo()) {
            if (info.id() == rddId) {
                return info.memSize() + info.diskSize();
            }
        }
        return -1;
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
