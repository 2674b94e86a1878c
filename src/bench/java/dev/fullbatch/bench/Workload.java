package dev.fullbatch.bench;

import dev.fullbatch.loss.LossKind;
import java.io.Serializable;

/**
 * A synthetic benchmark data set and the loss trained on it.
 *
 * @param name the name printed in {@code BENCH} lines
 * @param loss least squares, logistic or softmax
 * @param rows number of rows, at least 1
 * @param features number of features d, at least 1
 * @param nonzerosPerRow stored values per row: {@code features} for dense data, fewer for sparse (CSR) data
 * @param classes softmax classes (2 otherwise)
 * @param floatStorage whether feature values are stored in single precision
 * @param blockRows rows per cached block
 * @param seed the seed every value is derived from
 */
public record Workload(String name, LossKind loss, long rows, int features, int nonzerosPerRow, int classes,
                       boolean floatStorage, int blockRows, long seed) implements Serializable {

    /** Validates. */
    public Workload {
        if (rows < 1 || features < 1) {
            throw new IllegalArgumentException("rows and features must be >= 1, got " + rows + " and " + features);
        }
        if (nonzerosPerRow < 1 || nonzerosPerRow > features) {
            throw new IllegalArgumentException("nonzerosPerRow must be in [1, " + features + "], got "
                    + nonzerosPerRow);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be >= 1, got " + blockRows);
        }
    }

    /** Dense rows (every feature stored). */
    public boolean dense() {
        return nonzerosPerRow == features;
    }

    /** Number of blocks. */
    public int blocks() {
        return (int) ((rows + blockRows - 1) / blockRows);
    }

    /** Feature values stored in total (rows x features, or nonzeros). */
    public long storedValues() {
        return rows * nonzerosPerRow;
    }

    /** Model outputs per row. */
    public int outputs() {
        return loss == LossKind.SOFTMAX ? classes : 1;
    }

    /** The same shape under another name and row count. */
    public Workload resized(String newName, long newRows) {
        return new Workload(newName, loss, newRows, features, nonzerosPerRow, classes, floatStorage, blockRows, seed);
    }

    /** The same data with values stored in single precision. */
    public Workload asFloat32(String newName) {
        return new Workload(newName, loss, rows, features, nonzerosPerRow, classes, true, blockRows, seed);
    }
}
