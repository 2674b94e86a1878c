package dev.fullbatch.optim;

/**
 * A point with its smooth value, smooth gradient and total objective, as the optimizers pass it around internally.
 * The arrays are owned by the point and never modified after construction.
 */
record EvaluatedPoint(double[] x, double smoothValue, double[] gradient, double value) {

    /** The point a state describes (its arrays are views of the state's). */
    static EvaluatedPoint of(OptimizerState state, Problem problem) {
        double[] x = state.xView();
        return new EvaluatedPoint(x, state.value() - problem.penalty(x), state.gradientView(), state.value());
    }
}
