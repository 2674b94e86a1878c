package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the "auto" steps adapt, and what the methods keep in their state. */
class AutoStepTest {

    /** {@code (scale / 2) |x - target|^2}: Lipschitz constant {@code scale}, best gradient step {@code 1/scale}. */
    private static DifferentiableFunction bowl(double scale, double target) {
        return new DifferentiableFunction() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public Evaluation evaluate(double[] x) {
                double a = x[0] - target;
                double b = x[1] - target;
                return new Evaluation(0.5 * scale * (a * a + b * b), new double[] {scale * a, scale * b});
            }
        };
    }

    @Test
    void gradientDescentStepGrowsFromATooSmallFirstTrial() {
        // the ideal step is 1e4, the first trial 1: the step must double each iteration until it gets there
        List<OptimizerState> run = Runs.trajectory(Runs.create("gd"), Problem.smooth(bowl(1e-4, 1)), new double[2],
                16);
        for (int k = 1; k <= 13; k++) {
            assertEquals(StrictMath.pow(2, k - 1), run.get(k).stepSize(), 0.0, "iteration " + k);
        }
        assertTrue(run.get(16).stepSize() >= 5e3 && run.get(16).stepSize() <= 1e4, "" + run.get(16).stepSize());
    }

    @Test
    void gradientDescentStepShrinksFromATooLargeFirstTrialInFewPasses() {
        Problem problem = Problem.smooth(bowl(1e4, 1));
        OptimizerState s = Runs.create("gd").step(Runs.create("gd").start(new double[2], problem), problem);
        // the first trial, 1, is 1e4 times too long; each failed trial measures the curvature and jumps towards 1/L
        assertTrue(s.stepSize() <= 1e-4 && s.stepSize() >= 0.5e-4, "step " + s.stepSize());
        assertEquals(2, s.gradientPasses() - 1, "the failed first trial and the accepted point");
        assertTrue(s.valuePasses() <= 2, s.valuePasses() + " objective-only passes");
        assertTrue(s.value() < 1e-2 * Runs.create("gd").start(new double[2], problem).value());
    }

    @Test
    void boldDriverRaisesTheRateOnProgressAndHalvesItOnOvershoot() {
        OptimizerState previous = new OptimizerState("adam", 3, new double[1], 2.0, new double[1], 0, 0.1, 4, 0,
                Map.of(NonmonotoneWindow.KEY, new double[] {3.0, 2.5, 2.0}), Map.of(BoldDriver.RATE, 0.1));
        assertEquals(0.1 * BoldDriver.GROWTH, nextRate(previous, 1.9), "a new best");
        assertEquals(0.1, nextRate(previous, 2.7), "between the best and the worst of the window");
        assertEquals(0.05, nextRate(previous, 3.1), "an overshoot");
        assertEquals(0.05, nextRate(previous, Double.NaN), "a non-finite objective");
    }

    private static double nextRate(OptimizerState previous, double value) {
        StateMemory memory = new StateMemory();
        BoldDriver.record(previous, new EvaluatedPoint(new double[1], value, new double[1], value), memory);
        return memory.scalars().get(BoldDriver.RATE);
    }

    @Test
    void adaptiveMethodsReachWeightsFarFromTheirStartingRate() {
        // weights at 30 take a fixed rate of 0.01 at least 3000 iterations; the auto rate grows to meet them
        Problem problem = Problem.smooth(bowl(1.0, 30));
        for (String method : new String[] {"adam", "rmsprop"}) {
            OptimizerState end = Runs.until(Runs.create(method), problem, new double[2], 1000, s -> s.value() <= 1e-12);
            assertTrue(end.value() <= 1e-12, method + " reached " + end.value() + " at " + end.iteration());
        }
    }

    @Test
    void lbfgsKeepsItsNewestPairsOldestFirstUnderNamesS0AndY0() {
        Problem problem = Problem.smooth(new DiagonalQuadratic(12, 100));
        Optimizer lbfgs = Optimizers.create(OptimizerSettings.of("lbfgs").withLbfgsMemory(3));
        List<OptimizerState> run = Runs.trajectory(lbfgs, problem, new double[12], 8);
        OptimizerState last = run.get(8);
        assertEquals(List.of("s0", "s1", "s2", "y0", "y1", "y2"), List.copyOf(last.vectors().keySet()));
        for (int i = 0; i < 3; i++) {
            OptimizerState before = run.get(5 + i);
            OptimizerState after = run.get(6 + i);
            assertArrayEquals(DenseVectors.minus(after.x(), before.x()), last.vector("s" + i), "s" + i);
            assertArrayEquals(DenseVectors.minus(after.gradient(), before.gradient()), last.vector("y" + i), "y" + i);
        }
        // resuming with a smaller memory keeps the newest pair only
        OptimizerState next = Optimizers.create(OptimizerSettings.of("lbfgs").withLbfgsMemory(1)).step(last, problem);
        assertEquals(List.of("s0", "y0"), List.copyOf(next.vectors().keySet()));
    }
}
