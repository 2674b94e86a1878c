/**
 * The files fullbatch reads and writes on any Hadoop file system: the model directory (model.json, history.csv,
 * metrics.json, training.svg, _SUCCESS, and {@link dev.fullbatch.io.EncodingFile encoding.json} for categorical and
 * hashed features), committed so that a reader sees either the old complete model, the new complete model, or
 * none, never a mix; checkpoints ({@link dev.fullbatch.io.CheckpointStore}); an exported model file
 * ({@link dev.fullbatch.io.ExportFile}), written whole or not at all; and what keeps a user's files safe: which
 * folders fullbatch provably wrote ({@link dev.fullbatch.io.OutputFolder}) and the exclusive claim of an output
 * folder for a run's life ({@link dev.fullbatch.io.OutputClaim}).
 */
package dev.fullbatch.io;
