/**
 * The job users run: the {@code fullbatch} command line ({@code train}, {@code predict}, {@code generate},
 * {@code export}), its configuration files, progress output and exit codes. It wires the other packages together
 * and is the only place that knows about processes, options and users. It sees data only through the engine port
 * ({@code dev.fullbatch.engine.DataEngine}): {@code SparkRuntime} opens the session and hands out the Spark engine at
 * the run's {@code --tree-depth}; tests run whole trainings on the local engine. No RDD code lives here.
 *
 * <p>Exit codes: 0 success, 1 internal failure (a bug), 2 bad usage, configuration or input data, 3 divergence.
 */
package dev.fullbatch.job;
