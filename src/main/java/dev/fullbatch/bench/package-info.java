/**
 * The benchmark behind {@code scripts/bench}: fixed synthetic workloads, run in one JVM on identical cached data by
 * fullbatch, MLlib's {@code GradientDescent}, Spark ML's estimators, and a plain multi-threaded read of the same
 * bytes (the memory-bandwidth floor).
 *
 * <p>{@link dev.fullbatch.bench.Workload} names a data shape and loss, {@link dev.fullbatch.bench.SyntheticBlocks}
 * makes its blocks as a pure function of the workload and the block index, {@link dev.fullbatch.bench.JobLog} times
 * Spark jobs from a listener, and {@link dev.fullbatch.bench.Bench} runs everything and prints one {@code BENCH}
 * line per measurement. Speed lives here and in {@code BENCHMARKS.md}, never in test assertions.
 */
package dev.fullbatch.bench;
