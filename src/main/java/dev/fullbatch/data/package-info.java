/**
 * Compact, immutable blocks of training rows and the parsers that build them.
 *
 * <p>A {@link dev.fullbatch.data.Block} holds a fixed run of consecutive input rows as primitive arrays: labels,
 * optional instance weights, optional offsets, and features either dense row-major or in compressed sparse rows
 * (CSR), stored as {@code double} or {@code float}. There is never one object per row. Block boundaries are a pure
 * function of the input (which file, which byte range), never of how Spark partitions it, which is what lets the
 * engine reproduce the same bits on every cluster shape. A sparse block also keeps, once a pass over a wide model
 * asks for it, its nonzeros ordered by column window ({@link dev.fullbatch.data.ColumnWindows}): derived from the
 * block, never serialized, so the cache holds and ships the block once.
 *
 * <p>The parsers ({@link dev.fullbatch.data.LibsvmLineParser}, {@link dev.fullbatch.data.CsvLineParser}) turn one
 * line of text into one row of a {@link dev.fullbatch.data.BlockBuilder}, or report a {@link
 * dev.fullbatch.data.RecordProblem} saying what is wrong with it, including a label the objective does not accept
 * ({@link dev.fullbatch.data.LabelRule}, which also checks the labels of a whole input). Offending text is shown
 * through {@link dev.fullbatch.data.Excerpt}: shortened, with control characters escaped. Instance weights come from
 * a LIBSVM {@code label:weight} first token or a CSV column, offsets from a CSV column; a negative, NaN or infinite
 * weight is a bad record, and data whose weights are all zero is refused when it is first summed ({@link
 * dev.fullbatch.data.ZeroTotalWeightException}).
 *
 * <p>Class weights ({@link dev.fullbatch.data.ClassWeightSpec}, resolved against the label counts of {@link
 * dev.fullbatch.data.LabelStats} into {@link dev.fullbatch.data.ClassWeights}) are applied by the objective's kernels,
 * never written into the blocks, so cached data serves any weighting. {@link dev.fullbatch.data.FeatureValueFile}
 * reads the per-feature files (coefficient bounds, penalty factors).
 *
 * <p>Raw columns that are not numbers become features here too. {@link dev.fullbatch.data.FeatureHashing} maps
 * string tokens to 2^bits indices exactly as Spark ML's {@code FeatureHasher} and {@code HashingTF} do;
 * {@link dev.fullbatch.data.HashedRow} builds a row from its tokens (collisions counted) and
 * {@link dev.fullbatch.data.HashedTextLineParser} reads LIBSVM-like lines of named tokens. Categorical columns are
 * one-hot encoded: {@link dev.fullbatch.data.CategoryCounts} counts every value in one mergeable pass, and its
 * {@link dev.fullbatch.data.CategoricalEncoding} (one sorted {@link dev.fullbatch.data.CategoricalColumn}
 * dictionary per column, rare and unseen values in an "other" level counted by
 * {@link dev.fullbatch.data.OtherLevelCounts}) maps values to features and names them.
 *
 * <p>Predictions name the rows they score: {@link dev.fullbatch.data.RowOrigins} travels beside a block (never in
 * it, and only when predictions are written) with every row's file and line or row index and the values of the
 * input columns passed through ({@link dev.fullbatch.data.KeptValues}; a CSV line's kept cells are read by
 * {@link dev.fullbatch.data.KeptCsvCells}). This package has no Spark or Hadoop imports.
 */
package dev.fullbatch.data;
