/**
 * The files fullbatch reads and writes on any Hadoop file system: the model directory (model.json, history.csv,
 * metrics.json, training.svg, _SUCCESS, and {@link dev.fullbatch.io.EncodingFile encoding.json} for categorical and
 * hashed features), committed so that a reader sees either the old complete model, the new complete model, or
 * none, never a mix; and an exported model file ({@link dev.fullbatch.io.ExportFile}), written whole or not at
 * all.
 */
package dev.fullbatch.io;
