/**
 * Model export for serving without Spark: a saved model ({@link dev.fullbatch.io.SavedModel}) becomes a
 * {@link dev.fullbatch.export.PredictionFunction}, a small description of what predict computes for one row
 * (affine layers with their activations, then a {@link dev.fullbatch.export.Response}), and each format renders that
 * description: {@link dev.fullbatch.export.OnnxExport} (an ONNX graph in double precision) and
 * {@link dev.fullbatch.export.PmmlExport} (a PMML 4.4 RegressionModel). A format that cannot express a model refuses
 * it with an {@link dev.fullbatch.export.UnsupportedModelException} naming the model and what is missing.
 *
 * <p>No Spark and no file system here: the job reads the model directory and writes the bytes returned.
 */
package dev.fullbatch.export;
