/**
 * The one layer that touches Spark: reading input files into cached blocks, and aggregating block reductions
 * exactly with {@code treeAggregate}.
 *
 * <p>{@link dev.fullbatch.spark.BlockLoader} lists the input through Hadoop's FileSystem API (any scheme), cuts
 * every file into fixed byte ranges (the blocks: a function of the input alone, never of the partitioning), parses
 * them on the executors and caches them; {@link dev.fullbatch.spark.ParquetLoader} does the same for Parquet
 * through Spark SQL, cutting every file into fixed runs of rows. {@link dev.fullbatch.spark.TreeGradient} broadcasts the parameters, maps
 * every cached block to exact partial sums, merges them with {@code treeAggregate} (the merge is exact, so task
 * order, retries, partition counts and tree depth cannot change a bit) and destroys the broadcast.
 */
package dev.fullbatch.spark;
