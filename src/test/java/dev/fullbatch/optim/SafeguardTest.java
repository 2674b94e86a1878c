package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the optimizers do at the edges: a point already optimal, non-finite trial values, divergence, misuse. */
class SafeguardTest {

    /** {@code sum (x_i - 0.5)^2 - 0.1 sum log(1 - x_i^2)}: infinite or NaN outside (-1, 1). */
    private static final DifferentiableFunction BARRIER = new DifferentiableFunction() {
        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public Evaluation evaluate(double[] x) {
            double f = 0;
            double[] g = new double[3];
            for (int i = 0; i < 3; i++) {
                f += (x[i] - 0.5) * (x[i] - 0.5) - 0.1 * StrictMath.log(1 - x[i] * x[i]);
                g[i] = 2 * (x[i] - 0.5) + 0.2 * x[i] / (1 - x[i] * x[i]);
            }
            return new Evaluation(f, g);
        }
    };

    @Test
    void lineSearchesBackOffFromNonFiniteTrialPoints() {
        Problem problem = Problem.smooth(BARRIER);
        for (String method : new String[] {"gd", "momentum", "nesterov", "bb", "lbfgs"}) {
            // the first trial step, 1, jumps from -0.9 across the barrier at 1 where the objective is NaN
            OptimizerState end = Runs.until(Runs.create(method), problem, new double[] {-0.9, 0, 0.9}, 500,
                    s -> s.gradNorm() < 1e-8);
            assertTrue(end.isFinite() && end.gradNorm() < 1e-8, method + ": " + end);
        }
    }

    @Test
    void stallsWithoutWastingPassesAtAnExactMinimum() {
        DiagonalQuadratic q = new DiagonalQuadratic(4, 10);
        for (String method : new String[] {"gd", "momentum", "nesterov", "bb", "lbfgs"}) {
            Optimizer o = Runs.create(method);
            OptimizerState s = o.step(o.start(q.minimizer(), Problem.smooth(q)), Problem.smooth(q));
            assertEquals(1.0, s.scalar("stalled"), method);
            assertEquals(1, s.totalPasses(), method + " needs no pass beyond the start when the gradient is 0");
            assertEquals("stalled", ConvergenceCriterion.lineSearchStalled().check(null, s).orElseThrow().code());
        }
    }

    @Test
    void tooLargeFixedStepDivergesVisibly() {
        DiagonalQuadratic q = new DiagonalQuadratic(4, 10);
        Optimizer gd = Optimizers.create(OptimizerSettings.of("gd").withStepSize("0.5")); // 5 / L
        OptimizerState end = Runs.until(gd, Problem.smooth(q), new double[4], 5000, s -> !s.isFinite());
        StopReason reason = ConvergenceCriterion.divergence().check(null, end).orElseThrow();
        assertEquals("diverged", reason.code());
        assertTrue(end.iteration() < 5000);
        // the same problem with --step-size auto converges instead
        OptimizerState auto = Runs.until(Runs.create("gd"), Problem.smooth(q), new double[4], 500,
                s -> s.gradNorm() < 1e-10);
        assertTrue(auto.gradNorm() < 1e-10);
    }

    @Test
    void stepRefusesAStateOfAnotherOptimizerOrDimension() {
        Problem problem = Problem.smooth(new DiagonalQuadratic(3, 10));
        OptimizerState gdState = Runs.create("gd").start(new double[3], problem);
        assertEquals("the state was produced by optimizer 'gd' and cannot be continued by 'lbfgs'",
                assertThrows(IllegalArgumentException.class, () -> Runs.create("lbfgs").step(gdState, problem))
                        .getMessage());
        Problem bigger = Problem.smooth(new DiagonalQuadratic(4, 10));
        assertThrows(IllegalArgumentException.class, () -> Runs.create("gd").step(gdState, bigger));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Runs.create("gd").start(new double[2], problem))
                .getMessage().contains("dimension 3"));
        assertThrows(IllegalArgumentException.class,
                () -> Runs.create("gd").start(new double[] {0, Double.NaN, 0}, problem));
    }

    @Test
    void startDoesNotKeepTheCallersArray() {
        Problem problem = Problem.smooth(new DiagonalQuadratic(3, 10));
        double[] x0 = {1, 2, 3};
        for (String method : Optimizers.METHODS) {
            Optimizer o = Runs.create(method);
            OptimizerState s = o.start(x0, problem);
            x0[0] = 42;
            OptimizerState next = o.step(s, problem);
            x0[0] = 1;
            assertEquals(next, o.step(o.start(new double[] {1, 2, 3}, problem), problem), method);
        }
    }
}
