/**
 * The engine port: how the driver runs passes over data it cannot hold, without knowing where the data lives.
 *
 * <p>Every pass over the data is a typed reduction, a {@link dev.fullbatch.engine.BlockAggregator} (an empty
 * partial, a block added, two partials merged; wide ones also a {@link dev.fullbatch.engine.SliceableAggregator},
 * merged slice by slice), run by {@link dev.fullbatch.engine.BlockPasses#reduce} with the parameters the engine
 * broadcasts. Its result must not depend on how blocks are grouped into tasks or in which order partials merge,
 * which is what makes every engine, partitioning and tree depth give the same bits. No Spark imports: the Spark
 * implementation lives in {@code dev.fullbatch.spark}; {@link dev.fullbatch.engine.LocalBlocks} runs the same passes
 * over blocks in memory.
 */
package dev.fullbatch.engine;
