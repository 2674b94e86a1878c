package dev.fullbatch.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything an optimizer knows after an iteration: the iterate with its objective and gradient, the pass counts,
 * and all method-specific memory as plain named numbers.
 *
 * <p>This is the unit of checkpointing. Writing every component (doubles with {@code Double.toString}, which reads
 * back to the identical double) and constructing a new state from them restores the run exactly: stepping from the
 * restored state gives the same bits as never having stopped. Optimizers keep nothing between calls outside it.
 *
 * <p>Immutable: arrays and maps are copied on the way in and on the way out, and the maps are sorted by name so
 * their order is reproducible. Numbers may be non-finite when a run diverged (see {@link #isFinite()}).
 *
 * @param method         the optimizer's {@link Optimizer#name()} that produced the state
 * @param iteration      0 for the starting point, then one more per {@link Optimizer#step}
 * @param x              the iterate (the model weights)
 * @param value          the total objective at {@code x}, L1 part included
 * @param gradient       the gradient of the smooth part at {@code x}
 * @param gradNorm       the L2 norm of {@code gradient}, or with L1 the norm of the minimum-norm subgradient
 * @param stepSize       the step size of the last iteration (0 at iteration 0 or when no step could be taken)
 * @param gradientPasses value-and-gradient passes over the data so far, the start included
 * @param valuePasses    objective-only passes over the data so far
 * @param vectors        method-specific vectors (momentum velocity, L-BFGS pairs "s0".."y9", moments ...)
 * @param scalars        method-specific numbers (trial step, restart sequence, ...)
 */
public record OptimizerState(String method, int iteration, double[] x, double value, double[] gradient,
        double gradNorm, double stepSize, long gradientPasses, long valuePasses, Map<String, double[]> vectors,
        Map<String, Double> scalars) {

    public OptimizerState {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(gradient, "gradient");
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
        }
        if (gradient.length != x.length) {
            throw new IllegalArgumentException(
                    "gradient must have the length of x, " + x.length + ", got " + gradient.length);
        }
        if (gradientPasses < 0 || valuePasses < 0) {
            throw new IllegalArgumentException(
                    "pass counts must be >= 0, got " + gradientPasses + " and " + valuePasses);
        }
        x = x.clone();
        gradient = gradient.clone();
        vectors = Collections.unmodifiableSortedMap(copyVectors(vectors == null ? Map.of() : vectors));
        scalars = Collections.unmodifiableSortedMap(copyScalars(scalars == null ? Map.of() : scalars));
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    /** A sorted copy of the method-specific vectors; changing it does not change this state. */
    @Override
    public Map<String, double[]> vectors() {
        return copyVectors(vectors);
    }

    /** The number of variables. */
    public int dimension() {
        return x.length;
    }

    /**
     * The name of the scalar that counts Hessian passes (Hessian-vector products or a dense Hessian with its value
     * and gradient) of second-order methods; absent, meaning none, for the others.
     */
    public static final String HESSIAN_PASSES = "hessianPasses";

    /** All passes over the data so far: gradient, objective-only and {@linkplain #hessianPasses() Hessian} passes. */
    public long totalPasses() {
        return gradientPasses + valuePasses + hessianPasses();
    }

    /** Hessian passes so far (kept among the scalars, so checkpoints carry them): 0 for first-order methods. */
    public long hessianPasses() {
        return (long) scalarOr(HESSIAN_PASSES, 0.0);
    }

    /** Whether the objective, the gradient norm and every coordinate of the iterate are finite. */
    public boolean isFinite() {
        if (!Double.isFinite(value) || !Double.isFinite(gradNorm)) {
            return false;
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** A copy of the named vector. */
    public double[] vector(String name) {
        return vectorView(name).clone();
    }

    /** The named scalar. */
    public double scalar(String name) {
        Double v = scalars.get(name);
        if (v == null) {
            throw new IllegalArgumentException("state of " + method + " has no scalar '" + name
                    + "'; it has " + scalars.keySet());
        }
        return v;
    }

    /** The named scalar, or {@code fallback} when absent. */
    public double scalarOr(String name, double fallback) {
        Double v = scalars.get(name);
        return v == null ? fallback : v;
    }

    /** Whether a vector of that name is present. */
    public boolean hasVector(String name) {
        return vectors.containsKey(name);
    }

    // Package-private views avoid an O(d) copy per access inside the optimizers, which never write to them.

    double[] xView() {
        return x;
    }

    double[] gradientView() {
        return gradient;
    }

    double[] vectorView(String name) {
        double[] v = vectors.get(name);
        if (v == null) {
            throw new IllegalArgumentException("state of " + method + " has no vector '" + name
                    + "'; it has " + vectors.keySet());
        }
        return v;
    }

    private static SortedMap<String, double[]> copyVectors(Map<String, double[]> source) {
        TreeMap<String, double[]> copy = new TreeMap<>();
        for (Map.Entry<String, double[]> e : source.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "vector name"),
                    Objects.requireNonNull(e.getValue(), () -> "vector " + e.getKey()).clone());
        }
        return copy;
    }

    private static SortedMap<String, Double> copyScalars(Map<String, Double> source) {
        TreeMap<String, Double> copy = new TreeMap<>();
        for (Map.Entry<String, Double> e : source.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "scalar name"),
                    Objects.requireNonNull(e.getValue(), () -> "scalar " + e.getKey()));
        }
        return copy;
    }

    /** Equal when every component has the same bits (arrays and maps compared by content). */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof OptimizerState s)) {
            return false;
        }
        if (!method.equals(s.method) || iteration != s.iteration || gradientPasses != s.gradientPasses
                || valuePasses != s.valuePasses || !sameBits(value, s.value) || !sameBits(gradNorm, s.gradNorm)
                || !sameBits(stepSize, s.stepSize) || !Arrays.equals(x, s.x) || !Arrays.equals(gradient, s.gradient)
                || !vectors.keySet().equals(s.vectors.keySet()) || !scalars.keySet().equals(s.scalars.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : vectors.entrySet()) {
            if (!Arrays.equals(e.getValue(), s.vectors.get(e.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, Double> e : scalars.entrySet()) {
            if (!sameBits(e.getValue(), s.scalars.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameBits(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(method, iteration, value, gradNorm, stepSize, gradientPasses, valuePasses);
        h = 31 * h + Arrays.hashCode(x);
        h = 31 * h + Arrays.hashCode(gradient);
        for (Map.Entry<String, double[]> e : vectors.entrySet()) {
            h = 31 * h + e.getKey().hashCode() + Arrays.hashCode(e.getValue());
        }
        return 31 * h + scalars.hashCode();
    }

    @Override
    public String toString() {
        return "OptimizerState[" + method + " iteration=" + iteration + ", value=" + value + ", gradNorm=" + gradNorm
                + ", stepSize=" + stepSize + ", gradientPasses=" + gradientPasses + ", valuePasses=" + valuePasses
                + ", dimension=" + x.length + ", vectors=" + vectors.keySet() + ", scalars=" + scalars + "]";
    }
}
