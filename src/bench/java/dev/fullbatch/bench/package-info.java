/**
 * Benchmarks: main classes that time fullbatch against other trainers on the same data. Speed lives here and in
 * {@code BENCHMARKS.md}, never in test assertions. Not part of the product: this source set ({@code src/bench/java})
 * compiles against it into {@code target/bench-classes}, never into {@code target/fullbatch.jar}, and the
 * measuring-only parts (a plain-double accumulator to set the exact merge against) live here.
 *
 * <p>{@link dev.fullbatch.bench.Bench} is the benchmark behind {@code scripts/bench}: fixed synthetic workloads run in
 * one JVM on identical cached data by fullbatch, MLlib's {@code GradientDescent}, Spark ML's estimators, and a plain
 * multi-threaded read of the same bytes (the memory-bandwidth floor). {@link dev.fullbatch.bench.Workload} names a
 * data shape and loss, {@link dev.fullbatch.bench.SyntheticBlocks} makes its blocks as a pure function of the
 * workload and the block index, {@link dev.fullbatch.bench.JobLog} times Spark jobs from a listener.
 * {@link dev.fullbatch.bench.GdComparison} counts the passes plain gradient descent needs against MLlib's step grid;
 * {@link dev.fullbatch.bench.MlpComparison} sets fullbatch's networks beside Spark ML's perceptron.
 * {@link dev.fullbatch.bench.EndToEnd} ({@code scripts/bench --end-to-end}) times whole processes instead:
 * {@code scripts/fullbatch train} (L-BFGS, or several optimizers such as both forms of Newton) against
 * {@link dev.fullbatch.bench.SparkMlLogisticJob}, a plain Spark ML job, and {@link dev.fullbatch.bench.SparkMlIrlsJob}
 * (Spark ML's IRLS), each to the same accuracy, with their wall time and peak memory.
 * {@link dev.fullbatch.bench.LoadThroughput} ({@code scripts/bench --load}) times reading and caching by fullbatch's
 * readers against Spark's data sources on the same files; {@link dev.fullbatch.bench.DensePassTiming} times the dense
 * kernels on one thread without Spark. {@link dev.fullbatch.bench.HeapPeaks} measures each system's heap peaks
 * during its span of a run (issue 21's wide sparse case, {@code --workloads sparse-wide}).
 */
package dev.fullbatch.bench;
