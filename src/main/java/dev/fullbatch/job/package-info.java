/**
 * The job users run: the {@code fullbatch} command line ({@code train}, {@code predict}, {@code generate},
 * {@code export}), its configuration files, progress output and exit codes. It wires the other packages together
 * and is the only place that knows about processes, options and users. It sees data only through the engine port
 * ({@code dev.fullbatch.engine.DataEngine}): {@code SparkRuntime} starts the Spark context and hands out the Spark engine at
 * the run's {@code --tree-depth}; tests run whole trainings on the local engine. No RDD code lives here.
 *
 * <p>{@code train}'s options are validated into {@code TrainSettings}, one small spec per concern (data, model,
 * regularization, optimizer, stopping, output, Spark), each writing its own part of model.json and of the resume
 * fingerprint; {@code TrainJob} reads the data, builds the {@code train.TrainingPlan}, runs it with progress, early
 * stopping and checkpoints as listeners, and commits the model directory. {@code predict} and {@code export} load
 * a model the same way ({@code SavedModelSource}).
 *
 * <p>Exit codes: 0 success, 1 internal failure (a bug), 2 bad usage, configuration or input data, 3 divergence.
 */
package dev.fullbatch.job;
