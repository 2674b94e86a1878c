package dev.fullbatch.train;

import java.util.Map;
import java.util.TreeMap;

/**
 * One iteration of training as history.csv records it.
 *
 * @param iteration 1-based iteration number
 * @param objective the full objective after the iteration
 * @param gradNorm the gradient norm after the iteration (minimum-norm subgradient with L1)
 * @param stepSize the step the optimizer took
 * @param seconds wall-clock seconds the iteration took (not reproducible, unlike the other columns)
 * @param validation validation metrics by name (empty without validation data), sorted by name
 */
public record HistoryRow(int iteration, double objective, double gradNorm, double stepSize, double seconds,
                         Map<String, Double> validation) {

    /** Copies the validation map into a sorted, unmodifiable one. */
    public HistoryRow {
        validation = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(validation));
    }
}
