/**
 * Reading text input into blocks, and what any read is asked and answers, without Spark.
 *
 * <p>One type per role: {@link dev.fullbatch.input.InputListing} lists an input's data files on any Hadoop file
 * system in the global row order; {@link dev.fullbatch.input.Segment#cut} cuts them into fixed byte ranges (the
 * blocks, a function of the input alone, never of the partitioning); {@link dev.fullbatch.input.CsvShape} fixes a CSV
 * input's columns and header on the driver; {@link dev.fullbatch.input.InputStreams} opens files (seeking, or
 * decompressing through a Hadoop codec); {@link dev.fullbatch.input.SegmentLines} walks the lines that begin in one
 * segment; {@link dev.fullbatch.input.SegmentParser} parses one segment into its block and report;
 * {@link dev.fullbatch.input.CsvCategories} counts one segment's categorical values (the pass before parsing); {@link dev.fullbatch.input.TextSummary} checks the reports on the driver and names the first problem
 * by file and line; {@link dev.fullbatch.input.TextInput} does all of it on the calling thread;
 * {@link dev.fullbatch.input.ReadProgress} words a running read's progress, at most once per interval. The Spark loaders
 * ({@code dev.fullbatch.spark}) run the same steps on executors. {@link dev.fullbatch.input.ReadOptions} says how to
 * read an input (any format) and {@link dev.fullbatch.input.DataSummary} what it holds. Hadoop's file system API,
 * no Spark imports.
 */
package dev.fullbatch.input;
