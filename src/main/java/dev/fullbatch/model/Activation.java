package dev.fullbatch.model;

import dev.fullbatch.math.DeterministicMath;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The nonlinearity of a network's hidden units, applied elementwise to a layer's pre-activations.
 *
 * <p>Slopes are computed from the unit's output {@code a} rather than its input (ReLU: {@code a > 0}; tanh:
 * {@code 1 - a^2}; sigmoid: {@code a (1 - a)}), so backpropagation keeps only the activations. ReLU's slope at 0 is
 * taken as 0. tanh and sigmoid are built on {@link DeterministicMath}, so every JVM gives the same bits.
 */
public enum Activation {
    /** {@code max(0, z)}. */
    RELU("relu"),
    /** The hyperbolic tangent. */
    TANH("tanh"),
    /** The logistic function {@code 1 / (1 + e^-z)}. */
    SIGMOID("sigmoid");

    private final String cliName;

    Activation(String cliName) {
        this.cliName = cliName;
    }

    /** The name used by {@code --activation} and in model.json. */
    public String cliName() {
        return cliName;
    }

    /**
     * Looks an activation up by its command-line name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the valid activations
     */
    public static Activation fromName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.cliName.equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of " + names());
    }

    /** The valid names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(Activation::cliName).collect(Collectors.joining(", "));
    }

    /** Replaces {@code values[from .. from+n-1]} (pre-activations) by their activations. */
    void applyInPlace(double[] values, int from, int n) {
        applyInPlace(values, from, n, this == SIGMOID && DenseKernels.VECTOR ? new double[n] : null);
    }

    /**
     * {@link #applyInPlace(double[], int, int)} with scratch for the vector sigmoid.
     *
     * @param scratch at least {@code n} doubles for {@link #SIGMOID} when the vector module is present; else unused
     */
    void applyInPlace(double[] values, int from, int n, double[] scratch) {
        int end = from + n;
        switch (this) {
            case RELU -> {
                for (int i = from; i < end; i++) {
                    // max(-0.0, 0.0) is +0.0 and NaN stays NaN; no branch to mispredict on half-active layers.
                    values[i] = Math.max(values[i], 0.0);
                }
            }
            case TANH -> {
                for (int i = from; i < end; i++) {
                    values[i] = DeterministicMath.tanh(values[i]);
                }
            }
            case SIGMOID -> {
                if (DenseKernels.VECTOR) {
                    VectorActivation.sigmoidInPlace(values, from, n, scratch);
                } else {
                    for (int i = from; i < end; i++) {
                        values[i] = sigmoid(values[i]);
                    }
                }
            }
        }
    }

    /**
     * The logistic function, {@code 1 / (1 + e)} or {@code e / (1 + e)} with {@code e = exp(-|z|)}, the choice made
     * by the sign bit rather than a branch: {@link DeterministicMath#sigmoid} branches on the sign, which a layer of
     * mixed-sign units mispredicts half the time (a third of the cost of a sigmoid layer). Within 3 ulps, never
     * overflows, NaN for NaN. {@link VectorActivation} computes the same bits four at a time.
     */
    static double sigmoid(double z) {
        double e = DeterministicMath.exp(-Math.abs(z));
        double r = 1.0 / (1.0 + e);
        long negative = Double.doubleToRawLongBits(z) >> 63;
        return Double.longBitsToDouble((Double.doubleToRawLongBits(r) & ~negative)
                | (Double.doubleToRawLongBits(e * r) & negative));
    }

    /** Multiplies each {@code delta[i]} by the slope at the unit whose output is {@code outputs[i]}, for i in range. */
    void multiplyBySlope(double[] delta, double[] outputs, int from, int n) {
        int end = from + n;
        switch (this) {
            case RELU -> {
                for (int i = from; i < end; i++) {
                    delta[i] = outputs[i] > 0 ? delta[i] : 0.0;
                }
            }
            case TANH -> {
                for (int i = from; i < end; i++) {
                    double a = outputs[i];
                    delta[i] *= 1.0 - a * a;
                }
            }
            case SIGMOID -> {
                for (int i = from; i < end; i++) {
                    double a = outputs[i];
                    delta[i] *= a * (1.0 - a);
                }
            }
        }
    }
}
