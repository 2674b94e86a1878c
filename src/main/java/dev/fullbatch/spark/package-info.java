/**
 * The one layer that touches Spark: the engine port ({@code dev.fullbatch.engine}) on Spark.
 *
 * <p>{@link dev.fullbatch.spark.SparkEngine} loads data and hands out {@code LoadedData}: text read by
 * {@link dev.fullbatch.spark.BlockLoader}, which runs the Spark-free reading of {@code dev.fullbatch.input} (the input
 * listed and cut into fixed byte ranges on the driver, a function of the input alone, never of the partitioning) by
 * parsing the segments on the executors and caching them; Parquet read by {@link dev.fullbatch.spark.ParquetLoader}
 * (numeric columns straight from the files' column chunks by {@link dev.fullbatch.spark.ParquetBlockScan}, the rest
 * through Spark SQL), every file cut into fixed runs of rows, its categorical columns one-hot encoded with the
 * dictionary {@link dev.fullbatch.spark.ParquetCategories} counts in one job before, its hashed columns hashed as
 * Spark ML's {@code FeatureHasher} and {@code HashingTF} do. {@link dev.fullbatch.spark.TreeGradient} runs every
 * pass: it broadcasts the parameters, adds every cached block into a typed partial, merges the partials (with an
 * exact or otherwise order-independent merge, so task order, retries, partition counts and tree depth cannot change
 * a bit: small partials on the driver, wide ones through the tree's levels and then slice by slice on the executors)
 * and destroys the broadcast. Per-row outputs are written by Spark SQL's CSV and Parquet writers, each block's rows
 * zipped with their {@code RowOrigins} (file, line or row index, and the kept columns' values, which Parquet rows
 * carry only when predictions ask for them).
 * While a read runs, {@link dev.fullbatch.spark.ReadProgressListener} reports its progress from task completions on
 * the driver; after it, {@link dev.fullbatch.spark.CacheFit} says once whether the cache outgrew memory.
 * {@link dev.fullbatch.spark.KryoRegistration} lets clusters that default to Spark's Kryo serializer carry these
 * values.
 */
package dev.fullbatch.spark;
