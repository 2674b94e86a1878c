package dev.fullbatch.optim;

/**
 * An iterative minimizer of a {@link Problem}, stateless itself: everything it remembers between iterations is in
 * the {@link OptimizerState} it returns, so one instance can serve any number of runs and a restored state continues
 * a run exactly.
 *
 * <p>Each call evaluates the objective through the problem's function and counts the passes in the state. Neither
 * method throws for a diverging run; the returned state then has non-finite numbers ({@link OptimizerState#isFinite}).
 */
public interface Optimizer {

    /** The method name as given to {@code --optimizer} (e.g. "lbfgs"); recorded in every state it produces. */
    String name();

    /**
     * The state at the starting point (iteration 0): one gradient pass at {@code x0}.
     *
     * @throws IllegalArgumentException if {@code x0} does not match the problem's dimension, is not finite, or the
     *                                  problem has an L1 part or a box this optimizer does not support; a start
     *                                  outside the box is clipped into it
     */
    OptimizerState start(double[] x0, Problem problem);

    /**
     * One iteration: the next iterate with its objective and gradient evaluated (one history row).
     *
     * @throws IllegalArgumentException if the state was produced by another method or for another dimension
     */
    OptimizerState step(OptimizerState state, Problem problem);

    /** Whether this optimizer handles a problem with an L1 part exactly (proximal steps or orthant-wise). */
    default boolean supportsL1() {
        return false;
    }

    /**
     * Whether this optimizer keeps every iterate inside a problem's {@link Box} and converges to the constrained
     * optimum (projected or proximal steps, or a projected quasi-Newton method).
     */
    default boolean supportsBounds() {
        return false;
    }
}
