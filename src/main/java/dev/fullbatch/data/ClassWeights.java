package dev.fullbatch.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Class weights resolved for one training input ({@link ClassWeightSpec#resolve}): a multiplier per class that the
 * objective's kernels apply to each row's instance weight as they read a block, so cached blocks stay as they were
 * read and serve any class weighting. Two-class labels are read as the two-class losses read them (a label above 0
 * is the positive class); class numbers index the multipliers directly. Immutable.
 *
 * @param binary whether labels are two classes (multipliers {@code [negative, positive]}) or class numbers
 * @param multipliers the positive, finite weight of each class
 */
public record ClassWeights(boolean binary, double[] multipliers) implements Serializable {

    /** Validates and copies. */
    public ClassWeights {
        multipliers = multipliers.clone();
        if (binary && multipliers.length != 2) {
            throw new IllegalArgumentException("two classes need 2 multipliers, got " + multipliers.length);
        }
        for (double m : multipliers) {
            if (!(m > 0) || Double.isInfinite(m)) {
                throw new IllegalArgumentException("class weights must be positive and finite, got " + m);
            }
        }
    }

    @Override
    public double[] multipliers() {
        return multipliers.clone();
    }

    /** The weight of the class of {@code label} (a label the objective accepts). */
    public double of(double label) {
        return multipliers[binary ? (label > 0 ? 1 : 0) : (int) label];
    }

    /**
     * The rows' weights in the objective: {@code weights[i] * of(labels[i])}, with null weights read as 1.
     *
     * @return a new array, one weight per label
     */
    public double[] rowWeights(double[] labels, double[] weights) {
        double[] out = new double[labels.length];
        for (int i = 0; i < out.length; i++) {
            double c = of(labels[i]);
            out[i] = weights == null ? c : weights[i] * c;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassWeights c && binary == c.binary && Arrays.equals(multipliers, c.multipliers);
    }

    @Override
    public int hashCode() {
        return 31 * Boolean.hashCode(binary) + Arrays.hashCode(multipliers);
    }

    @Override
    public String toString() {
        return "ClassWeights[binary=" + binary + ", multipliers=" + Arrays.toString(multipliers) + "]";
    }
}
