/**
 * The one layer that touches Spark: reading input files into cached blocks, and aggregating block reductions
 * exactly, straight to the driver or through {@code treeAggregate}'s levels and a reduce-scatter.
 *
 * <p>{@link dev.fullbatch.spark.BlockLoader} runs the Spark-free reading of {@code dev.fullbatch.input} (the input
 * listed and cut into fixed byte ranges on the driver, a function of the input alone, never of the partitioning) on
 * the executors: it parses the segments there and caches them; {@link dev.fullbatch.spark.ParquetLoader} does the same for Parquet
 * through Spark SQL, cutting every file into fixed runs of rows. {@link dev.fullbatch.spark.TreeGradient} broadcasts the parameters, maps
 * every cached block to exact partial sums, merges them (exactly, so task order, retries, partition counts and tree
 * depth cannot change a bit: small partials on the driver, wide ones slice by slice on the executors, which round
 * each slice) and destroys the broadcast. {@link dev.fullbatch.spark.KryoRegistration} lets clusters that default
 * to Spark's Kryo serializer carry these values.
 */
package dev.fullbatch.spark;
