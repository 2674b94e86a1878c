package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Iteration counts against theory on diagonal quadratics of condition number kappa, step 1/L, to a relative
 * objective error of 1e-9: gradient descent needs Theta(kappa log(1/eps)) iterations, accelerated gradient with
 * restart O(sqrt(kappa) log(1/eps)).
 */
class QuadraticRatesTest {

    private static final double EPS = 1e-9;
    private static final int DIMENSION = 40;

    private static int iterationsToTolerance(String method, double kappa) {
        DiagonalQuadratic q = new DiagonalQuadratic(DIMENSION, kappa);
        double[] x0 = new double[DIMENSION];
        double f0 = q.value(x0);
        Optimizer optimizer = Optimizers.create(
                OptimizerSettings.of(method).withStepSize(Double.toString(1.0 / q.lipschitz())));
        OptimizerState end = Runs.until(optimizer, Problem.smooth(q), x0, 100_000, s -> s.value() <= EPS * f0);
        assertTrue(end.value() <= EPS * f0, method + " did not converge at kappa " + kappa);
        return end.iteration();
    }

    @ParameterizedTest
    @ValueSource(doubles = {10, 100, 1000})
    void gradientDescentNeedsOrderKappaLogIterations(double kappa) {
        int iterations = iterationsToTolerance("gd", kappa);
        // The flattest coordinate (curvature 1, starting error 1, f = 1/2) shrinks by (1 - 1/kappa)^2 per
        // iteration at step 1/L, and alone must fall below eps * f0: a lower bound no run can beat.
        DiagonalQuadratic q = new DiagonalQuadratic(DIMENSION, kappa);
        double f0 = q.value(new double[DIMENSION]);
        double lower = StrictMath.log(EPS * f0 / 0.5) / (2 * StrictMath.log1p(-1 / kappa));
        double upper = kappa * StrictMath.log(1 / EPS);
        assertTrue(iterations >= Math.floor(lower) && iterations <= upper,
                "gd needed " + iterations + " iterations at kappa " + kappa + ", expected in [" + lower + ", "
                        + upper + "]");
    }

    @ParameterizedTest
    @ValueSource(doubles = {10, 100, 1000})
    void nesterovNeedsOrderSqrtKappaLogIterations(double kappa) {
        int iterations = iterationsToTolerance("nesterov", kappa);
        // Restarting FISTA whenever its bound 4 kappa / (k+1)^2 has shrunk the error by e^2 costs
        // e sqrt(kappa) log(1/eps) iterations; adaptive restart must do at least as well.
        double bound = Math.E * Math.sqrt(kappa) * StrictMath.log(1 / EPS);
        assertTrue(iterations <= bound,
                "nesterov needed " + iterations + " iterations at kappa " + kappa + ", bound " + bound);
    }

    @Test
    void nesterovIsFarFasterThanGradientDescentWhenIllConditioned() {
        int gd = iterationsToTolerance("gd", 1000);
        int nesterov = iterationsToTolerance("nesterov", 1000);
        assertTrue(nesterov * 10 < gd, "nesterov " + nesterov + " vs gd " + gd + " iterations at kappa 1000");
    }
}
