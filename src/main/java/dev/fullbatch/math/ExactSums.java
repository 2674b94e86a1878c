package dev.fullbatch.math;

import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A vector of exact sums for many small adds, fast while they do not round: each component is a running double
 * {@code s} plus the exact sum of the rounding errors of its steps (Knuth's error-free TwoSum), kept in an
 * {@link ExactVector} that is touched only when a step rounds. So {@code s + errors} is at every moment the exact
 * sum of what was added, whatever the order, and {@link #get} is its correctly rounded value, as for an
 * {@link ExactVector}; but counts, integer weights and other sums that stay exact in doubles cost a double add each.
 * Steps that would overflow (and non-finite values) go to the exact part whole.
 *
 * <p>For collections of sums keyed by something else (a distinct score's class weights): components move between
 * vectors with {@link #addComponent} and {@link #subtractComponent}, exactly. The state depends on the order of the
 * adds (the split between {@code s} and the errors does); the values {@link #get} and {@link #exactValue} return
 * do not. Mutable, not thread-safe, serializable.
 */
public final class ExactSums implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final double[] running;
    private final ExactVector errors;
    /** A zero-valued scratch vector for rounding s + errors; created on first use. */
    private transient ExactVector scratch;

    /** @param dimension number of components, at least 0 */
    public ExactSums(int dimension) {
        this.running = new double[dimension];
        this.errors = new ExactVector(dimension);
    }

    /** Number of components. */
    public int dimension() {
        return running.length;
    }

    /** Adds {@code value} to component {@code index}, exactly. */
    public void add(int index, double value) {
        double s = running[index];
        double t = s + value;
        if (!Double.isFinite(t)) {
            errors.add(index, value); // the exact part holds it whole (and any non-finite sum)
            return;
        }
        running[index] = t;
        double back = t - s;
        double error = (s - (t - back)) + (value - back);
        if (error != 0) {
            errors.add(index, error);
        }
    }

    /**
     * Adds the product {@code a * b} to component {@code index}: the rounded product and its error from
     * {@link Math#fma}, which sum to the exact product whenever it is zero or at least 2^-969 in magnitude (below
     * that the error may itself round; still the same bits on every JVM).
     */
    public void addProduct(int index, double a, double b) {
        double product = a * b;
        add(index, product);
        if (Double.isFinite(product)) {
            double error = Math.fma(a, b, -product);
            if (error != 0.0) {
                add(index, error);
            }
        }
    }

    /** Adds component {@code otherIndex} of {@code other} to component {@code index} of this vector, exactly. */
    public void addComponent(int index, ExactSums other, int otherIndex) {
        double value = other.running[otherIndex];
        boolean exactPart = !other.errors.isEmpty(otherIndex);
        add(index, value);
        if (exactPart) {
            errors.mergeComponent(index, other.errors, otherIndex);
        }
    }

    /** Subtracts component {@code otherIndex} of {@code other} from component {@code index}, exactly. */
    public void subtractComponent(int index, ExactSums other, int otherIndex) {
        double value = other.running[otherIndex];
        boolean exactPart = !other.errors.isEmpty(otherIndex);
        add(index, -value);
        if (exactPart) {
            errors.subtractComponent(index, other.errors, otherIndex);
        }
    }

    /** Adds every component of {@code other} (of the same dimension) into this vector, exactly. */
    public void merge(ExactSums other) {
        if (other.running.length != running.length) {
            throw new IllegalArgumentException("cannot merge sums of dimension " + other.running.length
                    + " into sums of dimension " + running.length);
        }
        for (int j = 0; j < running.length; j++) {
            addComponent(j, other, j);
        }
    }

    /** The exact sum of component {@code index}, correctly rounded (as {@link ExactVector#get}). */
    public double get(int index) {
        Objects.checkIndex(index, running.length);
        if (errors.isEmpty(index)) {
            return running[index];
        }
        double s = running[index];
        double e = errors.get(index); // within u/2 of the exact errors E, u = ulp(e)
        if (!Double.isFinite(e)) {
            return s + e;
        }
        // hi + lo = s + e exactly (TwoSum). The exact sum s + E lies within |lo| + u/2 of hi; when that is less than
        // d, half the gap from hi to its neighbour on that side, hi is its correct rounding. Checking
        // |lo| < d - 2u in doubles is sufficient: d and 2u are powers of two, and where d - 2u rounds, lo < d
        // already leaves room for u/2.
        double hi = s + e;
        double back = hi - s;
        double lo = (s - (hi - back)) + (e - back);
        double up = (Math.nextUp(hi) - hi) * 0.5;
        double down = (hi - Math.nextDown(hi)) * 0.5;
        double d = lo > 0 ? up : lo < 0 ? down : Math.min(up, down);
        if (Double.isFinite(hi) && Math.abs(lo) < d - 2 * Math.ulp(e)) {
            return hi;
        }
        if (scratch == null) {
            scratch = new ExactVector(1);
        }
        scratch.mergeComponent(0, errors, index);
        scratch.add(0, running[index]);
        double value = scratch.get(0);
        // Back to a zero sum (its window may stay raised, which changes no value).
        scratch.subtractComponent(0, errors, index);
        scratch.add(0, -running[index]);
        if (!Double.isFinite(value)) {
            scratch = null; // a non-finite sum cannot be taken back out
        }
        return value;
    }

    /** The exact sum of component {@code index}, unrounded (as {@link ExactVector#exactValue}). */
    public BigDecimal exactValue(int index) {
        return errors.exactValue(index).add(new BigDecimal(running[index]));
    }

    /** Every component as {@link #get} returns it. */
    public double[] toDoubleArray() {
        double[] out = new double[running.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = get(j);
        }
        return out;
    }
}
