package dev.fullbatch.metrics;

import java.util.Map;

/** A model's metrics on some data: one of the three kinds, by what the model predicts. */
public sealed interface ModelMetrics permits BinaryMetrics, MulticlassMetrics, RegressionMetrics {

    /** Rows scored (those of weight 0 included). */
    long rows();

    /** Total instance weight (the row count without weights). */
    double weightSum();

    /** The metrics.json form, keys in a fixed order. */
    Map<String, Object> toMap();
}
