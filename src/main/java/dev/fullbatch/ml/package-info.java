/**
 * The Spark ML API: estimators ({@link dev.fullbatch.ml.FullBatchClassifier},
 * {@link dev.fullbatch.ml.FullBatchRegressor}) that fit inside {@code Pipeline}s and {@code CrossValidator}, and
 * the models they fit, which write Spark's standard columns and save and load with {@code MLWritable} /
 * {@code MLReadable}.
 *
 * <p>A fit is {@code fullbatch train}: the parameters are its options ({@link dev.fullbatch.ml.TrainingParams}),
 * validated by the command's own code, and the DataFrame is served to the command's own training run by
 * {@code spark.FrameEngine} in a fixed row order, so the bits are those the command gives on the same rows. This
 * package adapts; it holds no training or reading logic of its own.
 */
package dev.fullbatch.ml;
