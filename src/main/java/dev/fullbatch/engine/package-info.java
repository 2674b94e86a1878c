/**
 * The engine port: how the driver runs passes over data it cannot hold, without knowing where the data lives.
 *
 * <p>Every pass over the data is a typed reduction, a {@link dev.fullbatch.engine.BlockAggregator} (an empty
 * partial, a block added, two partials merged; wide ones also a {@link dev.fullbatch.engine.SliceableAggregator},
 * merged slice by slice), run by {@link dev.fullbatch.engine.BlockPasses#reduce} with the parameters the engine
 * broadcasts. Its result must not depend on how blocks are grouped into tasks or in which order partials merge,
 * which is what makes every engine, partitioning and tree depth give the same bits.
 *
 * <p>A {@link dev.fullbatch.engine.DataEngine} loads an input into {@link dev.fullbatch.engine.LoadedData}: the handle
 * on cached data (its summary, its passes, per-row outputs written through {@link dev.fullbatch.engine.RowOutputs},
 * close). No Spark imports: the Spark implementation is {@code dev.fullbatch.spark.SparkEngine};
 * {@link dev.fullbatch.engine.LocalEngine} reads text input and runs every pass in the calling thread
 * ({@link dev.fullbatch.engine.LocalBlocks}), which is how tests run whole trainings without Spark.
 */
package dev.fullbatch.engine;
