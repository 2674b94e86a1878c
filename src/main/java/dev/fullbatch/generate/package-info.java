/**
 * Synthetic data sets for the {@code generate} subcommand, written as LIBSVM text.
 *
 * <p>A {@link dev.fullbatch.generate.GeneratorSpec} names the task, the shape and the seed; a {@link
 * dev.fullbatch.generate.DatasetGenerator} turns it into rows. Every row is a pure function of the spec (without its
 * partition count) and the row's global index: each row draws from its own counter-based random stream, so any
 * row can be produced on its own, in any task, in any order. That is what makes the output byte-identical for the
 * same options whatever {@code --partitions} is, and lets tens of millions of rows be written in parallel without the
 * driver ever holding one.
 *
 * <p>The ground truth (true weights and intercepts of the linear tasks) is likewise a pure function of the seed and
 * is exposed so tests and benchmarks can compare a trained model with it.
 */
package dev.fullbatch.generate;
