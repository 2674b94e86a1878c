/**
 * Pictures of a training run for people: {@link dev.fullbatch.report.TrainingPlot} renders the objective, the
 * validation objective and the gradient norm per iteration as a self-contained SVG document.
 *
 * <p>This package only turns numbers into text. It has no Spark, Hadoop or file-system code and no state: the caller
 * decides where the picture goes. Output is pure ASCII and a function of the input alone, so the same history gives
 * the same bytes on every machine.
 */
package dev.fullbatch.report;
