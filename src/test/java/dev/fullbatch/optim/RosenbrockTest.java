package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The line searches on Rosenbrock's curved valley from the classic start (-1.2, 1): they must reach (1, 1). */
class RosenbrockTest {

    @ParameterizedTest
    @CsvSource({"gd, 20000", "bb, 500", "lbfgs, 200", "nesterov, 5000", "momentum, 5000"})
    void lineSearchesReachTheMinimumAtOneOne(String method, int maxIterations) {
        Problem problem = Problem.smooth(new Rosenbrock());
        OptimizerState end = Runs.until(Runs.create(method), problem, new double[] {-1.2, 1.0}, maxIterations,
                s -> s.value() <= 1e-14);
        double[] x = end.x();
        assertTrue(end.value() <= 1e-14, method + " stopped at f = " + end.value() + " after "
                + end.iteration() + " iterations");
        assertEquals(1.0, x[0], 1e-6, method);
        assertEquals(1.0, x[1], 2e-6, method);
    }
}
