package dev.fullbatch.spark;

import org.apache.spark.Partitioner;

/**
 * Sends rows keyed by their global row number to partitions so that every block's rows meet in one partition and
 * partitions hold contiguous, ordered ranges of blocks (partition order is the global row order).
 */
final class BlockRangePartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final RowBlockLayout layout;
    private final int partitions;

    /** @param partitions at least 1 */
    BlockRangePartitioner(RowBlockLayout layout, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.layout = layout;
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return layout.partitionOf(layout.blockOf((Long) key), partitions);
    }
}
