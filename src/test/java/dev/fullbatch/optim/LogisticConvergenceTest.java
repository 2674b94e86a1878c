package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every optimizer, with its default settings (no tuning), reaches a relative objective error of 1e-9 on a small
 * L2-regularized logistic regression whose exact minimum comes from Newton's method; the line-search methods do so
 * spending at most 1.5 passes over the data per iteration.
 */
class LogisticConvergenceTest {

    private static final LogisticRegression PROBLEM = new LogisticRegression(300, 12, 1e-3, 42);
    private static final double MINIMUM = PROBLEM.newtonMinimum();

    @ParameterizedTest
    @CsvSource({"gd, 400, 1.5", "momentum, 400, 1.5", "nesterov, 200, 1.5", "bb, 100, 1.5", "lbfgs, 50, 1.5",
            "adam, 600, 1.0", "rmsprop, 600, 1.0"})
    void reachesRelativeObjectiveErrorOfOneBillionth(String method, int maxIterations, double passesPerIteration) {
        OptimizerState end = Runs.until(Runs.create(method), Problem.smooth(PROBLEM),
                new double[PROBLEM.dimension()], maxIterations, s -> relativeError(s) <= 1e-9);
        assertTrue(relativeError(end) <= 1e-9,
                method + " reached only " + relativeError(end) + " after " + end.iteration() + " iterations");
        double perIteration = (double) (end.totalPasses() - 1) / end.iteration();
        assertTrue(perIteration <= passesPerIteration,
                method + " used " + perIteration + " passes per iteration over " + end.iteration());
    }

    private static double relativeError(OptimizerState s) {
        return (s.value() - MINIMUM) / Math.abs(MINIMUM);
    }
}
