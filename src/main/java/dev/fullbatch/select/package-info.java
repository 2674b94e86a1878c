/**
 * Model selection without guesswork (issue 18): the regularization path ({@link dev.fullbatch.select.PenaltyPath}:
 * lambda_max and the log-spaced penalties, glmnet's {@link dev.fullbatch.select.EarlyEnd}), the folds of K-fold
 * cross-validation as a hash of the seed and the global row index ({@link dev.fullbatch.select.FoldAssignment}),
 * and cv.glmnet's summary of the fold errors ({@link dev.fullbatch.select.CrossValidationSummary}: mean, standard
 * error, lambda.min, lambda.1se). No Spark imports: these are plain arithmetic on arrays, and the passes that feed
 * them go through the engine port.
 */
package dev.fullbatch.select;
