package dev.fullbatch.generate;

import java.io.Serializable;

/**
 * Everything that determines a synthetic data set: the options of the {@code generate} subcommand.
 *
 * <p>The written bytes depend on every component except {@code partitions}, which only decides how many part files
 * the rows are split into (contiguous ranges, so concatenating the part files in name order gives the same bytes for
 * any partition count). Components that a task does not use are accepted and ignored: {@code classes} outside
 * {@link Task#MULTICLASS}; {@code features} and {@code density} for {@link Task#CIRCLES} and {@link Task#XOR}, which
 * always have exactly two dense features.
 *
 * @param task what kind of data to generate
 * @param rows number of rows, at least 1
 * @param features number of features D of the linear tasks (LIBSVM indices 1..D), at least 1 and at most
 *        2147483646, the largest LIBSVM index the readers accept
 * @param density expected fraction of the D features present in a row, in (0, 1]; 1 writes every index in every
 *        row; the expected nonzeros per row, {@code features * density}, may be at most {@value #MAX_ROW_NONZEROS}
 * @param classes number of classes K for multiclass, in [2, {@value #MAX_CLASSES}]
 * @param noise label noise, finite and in [0, {@value #MAX_NOISE}]: the standard deviation of the added Gaussian
 *        for regression, the scale of the logistic (binary) or Gumbel (multiclass) perturbation of the scores (0
 *        means labels follow the sign or argmax of the true scores exactly, 1 means exactly a logistic or softmax
 *        model), the standard deviation of the radius jitter for circles, and the probability of flipping a label
 *        for xor (capped at 0.5)
 * @param seed determines the true weights and every row
 * @param partitions number of part files (parallel tasks) to write, in [1, {@value #MAX_PARTITIONS}] so that part
 *        file names sort in row order
 */
public record GeneratorSpec(Task task, long rows, int features, double density, int classes, double noise,
                            long seed, int partitions) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Largest expected number of nonzeros per row, so that one row stays a reasonable line of text. */
    public static final long MAX_ROW_NONZEROS = 10_000_000L;
    /** Largest number of classes. */
    public static final int MAX_CLASSES = 65_536;
    /** Largest noise. */
    public static final double MAX_NOISE = 1e6;
    /** Largest number of part files: Spark names them with five digits, and beyond that names stop sorting. */
    public static final int MAX_PARTITIONS = 100_000;
    /** Largest feature index the LIBSVM readers accept. */
    public static final int MAX_FEATURES = Integer.MAX_VALUE - 1;

    /** Checks every option, naming it in the message as the command line spells it. */
    public GeneratorSpec {
        if (task == null) {
            throw new IllegalArgumentException("--task is required, one of " + Task.validNames());
        }
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be >= 1, got " + rows);
        }
        if (features < 1 || features > MAX_FEATURES) {
            throw new IllegalArgumentException("--features must be between 1 and " + MAX_FEATURES + ", got "
                    + features);
        }
        if (!(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("--density must be > 0 and <= 1, got " + density);
        }
        if (task.isLinear() && features * density > MAX_ROW_NONZEROS) {
            throw new IllegalArgumentException("--features times --density (expected nonzeros per row) must be <= "
                    + MAX_ROW_NONZEROS + ", got " + features + " * " + density);
        }
        if (task == Task.MULTICLASS && (classes < 2 || classes > MAX_CLASSES)) {
            throw new IllegalArgumentException("--classes must be between 2 and " + MAX_CLASSES
                    + " for multiclass, got " + classes);
        }
        if (!(noise >= 0 && noise <= MAX_NOISE)) {
            throw new IllegalArgumentException("--noise must be >= 0 and <= " + MAX_NOISE + ", got " + noise);
        }
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("--partitions must be between 1 and " + MAX_PARTITIONS + ", got "
                    + partitions);
        }
    }

    /** The number of feature columns actually written: 2 for circles and xor, else {@code features}. */
    public int featureCount() {
        return task.isLinear() ? features : 2;
    }

    /** The number of linear outputs: K for multiclass, 1 for regression and binary, 0 for circles and xor. */
    public int outputCount() {
        return switch (task) {
            case MULTICLASS -> classes;
            case REGRESSION, BINARY -> 1;
            case CIRCLES, XOR -> 0;
        };
    }

    /** The same spec with another partition count; the rows it produces are identical. */
    public GeneratorSpec withPartitions(int newPartitions) {
        return new GeneratorSpec(task, rows, features, density, classes, noise, seed, newPartitions);
    }
}
