/**
 * The metrics people expect of a model, with scikit-learn's definitions, computed exactly in one pass and merged
 * exactly, so they are as reproducible as the weights: binary ({@link dev.fullbatch.metrics.BinarySummary}:
 * precision, recall, F1 and the confusion matrix at the default decision and at the best-F1 threshold, ROC AUC,
 * average precision, log loss), multiclass ({@link dev.fullbatch.metrics.MulticlassSummary}: per-class precision,
 * recall and F1, macro and weighted F1, accuracy, confusion matrix, log loss) and regression
 * ({@link dev.fullbatch.metrics.RegressionSummary}: MAE, MSE, RMSE, R^2, explained variance).
 *
 * <p>Each summary is a {@link dev.fullbatch.metrics.MetricSummary}, a mergeable partial (rows or a block's model
 * outputs added, partials merged) whose sums are exact ({@link dev.fullbatch.math.ExactSums}), so its result depends
 * on the multiset of rows alone; {@link dev.fullbatch.metrics.ModelEvaluation} is the pass that scores blocks with a
 * model and feeds them, an engine aggregator ({@link dev.fullbatch.engine.BlockAggregator}: empty partial, block
 * added, partials merged) that any {@code BlockPasses} runs.
 *
 * <p>The ranking metrics keep every distinct score with its exact class weights
 * ({@link dev.fullbatch.metrics.ScoreRanking}, up to a driver budget; past it, the same ranking is cut into score
 * ranges and {@link dev.fullbatch.metrics.RankingScan scanned} range by range with identical bits: the passes of
 * {@link dev.fullbatch.metrics.RankingByRanges}). No Spark imports.
 */
package dev.fullbatch.metrics;
