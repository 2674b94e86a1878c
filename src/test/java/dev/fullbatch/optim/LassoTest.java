package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proximal methods (ISTA, FISTA, proximal heavy ball, SpaRSA) and OWL-QN on a lasso with orthogonal design, whose
 * solution is the soft-thresholded least-squares solution: they must find its exact zeros and its values.
 */
class LassoTest {

    private static final int COLUMNS = 20;

    static java.util.List<String> l1Methods() {
        return Optimizers.L1_METHODS;
    }

    @ParameterizedTest
    @MethodSource("l1Methods")
    void findsTheSoftThresholdedSolutionWithItsExactZeros(String method) {
        OrthogonalLasso f = new OrthogonalLasso(64, COLUMNS, 3);
        L1Penalty l1 = L1Penalty.uniform(0.15, COLUMNS);
        double[] solution = f.solution(l1);
        int zeros = 0;
        for (double v : solution) {
            zeros += v == 0.0 ? 1 : 0;
        }
        assertTrue(zeros >= 5 && zeros <= COLUMNS - 5, "the test problem should be sparse, not trivial: " + zeros);

        Problem problem = new Problem(f, l1);
        OptimizerState end = Runs.until(Runs.create(method), problem, new double[COLUMNS], 2000,
                s -> s.gradNorm() <= 1e-9 || s.scalarOr("stalled", 0) != 0);
        double[] x = end.x();
        for (int j = 0; j < COLUMNS; j++) {
            if (solution[j] == 0.0) {
                assertEquals(0.0, x[j], 0.0, method + " coordinate " + j + " should be exactly zero");
            } else {
                assertEquals(solution[j], x[j], 1e-7, method + " coordinate " + j);
            }
        }
        double optimum = f.evaluate(solution).value() + l1.value(solution);
        assertEquals(optimum, end.value(), 1e-12 * optimum, method);
    }

    @Test
    void unpenalizedCoordinatesKeepTheirLeastSquaresValue() {
        OrthogonalLasso f = new OrthogonalLasso(64, COLUMNS, 3);
        // a penalty so large that every penalized coordinate is zero; coordinate 0 is left free like an intercept
        L1Penalty l1 = L1Penalty.uniform(100.0, COLUMNS, 0);
        Problem problem = new Problem(f, l1);
        for (String method : Optimizers.L1_METHODS) {
            OptimizerState end = Runs.until(Runs.create(method), problem, new double[COLUMNS], 2000,
                    s -> s.gradNorm() <= 1e-12 || s.scalarOr("stalled", 0) != 0);
            double[] x = end.x();
            // value-based line searches stop where the objective is flat to double precision: |dx| ~ sqrt(1e-16)
            assertEquals(f.leastSquares()[0], x[0], 1e-7, method);
            for (int j = 1; j < COLUMNS; j++) {
                assertEquals(0.0, x[j], 0.0, method + " coordinate " + j);
            }
        }
    }
}
