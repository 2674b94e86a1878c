package dev.fullbatch.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A confusion matrix: cell [i][j] is the total weight (the count, without instance weights) of the rows of true
 * class i predicted as class j, classes in ascending order (scikit-learn's {@code confusion_matrix} layout).
 * Immutable.
 *
 * @param cells a square matrix, copied
 */
public record ConfusionMatrix(double[][] cells) {

    /** Copies and checks the cells. */
    public ConfusionMatrix {
        double[][] copy = new double[cells.length][];
        for (int i = 0; i < cells.length; i++) {
            if (cells[i].length != cells.length) {
                throw new IllegalArgumentException("a confusion matrix is square: row " + i + " has "
                        + cells[i].length + " cells, not " + cells.length);
            }
            copy[i] = cells[i].clone();
        }
        cells = copy;
    }

    /** Number of classes. */
    public int classes() {
        return cells.length;
    }

    /** The weight of rows of true class {@code actual} predicted as {@code predicted}. */
    public double cell(int actual, int predicted) {
        return cells[actual][predicted];
    }

    @Override
    public double[][] cells() {
        double[][] copy = new double[cells.length][];
        for (int i = 0; i < cells.length; i++) {
            copy[i] = cells[i].clone();
        }
        return copy;
    }

    /** The rows as lists (for JSON). */
    public List<List<Double>> rows() {
        List<List<Double>> rows = new ArrayList<>(cells.length);
        for (double[] row : cells) {
            List<Double> r = new ArrayList<>(row.length);
            for (double v : row) {
                r.add(v);
            }
            rows.add(List.copyOf(r));
        }
        return List.copyOf(rows);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix other && Arrays.deepEquals(cells, other.cells);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(cells);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + Arrays.deepToString(cells);
    }
}
