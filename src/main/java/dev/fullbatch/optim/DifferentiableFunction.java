package dev.fullbatch.optim;

/**
 * The smooth part of an objective, seen by the optimizers as a black box.
 *
 * <p>Each call is expected to be expensive: in training, {@link #evaluate} is one full pass over the data computing
 * value and gradient, and {@link #value} a (cheaper) objective-only pass used by line searches. Implementations must
 * be deterministic (the same {@code x} gives the same bits) and must neither keep nor modify the array passed in.
 * A non-finite value or gradient is allowed and means the point is unusable (the optimizers then back off or report
 * the divergence); it must not throw for that reason.
 */
public interface DifferentiableFunction {

    /** The number of variables, the length of every {@code x} and gradient. */
    int dimension();

    /** The value and gradient at {@code x}: one gradient pass. */
    Evaluation evaluate(double[] x);

    /**
     * The value at {@code x}: one objective-only pass. Override when the value is cheaper than the gradient; it
     * should return the same number as {@code evaluate(x).value()}.
     */
    default double value(double[] x) {
        return evaluate(x).value();
    }
}
