package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bounds are honoured exactly by the methods that accept them (every iterate inside the box, the constrained optimum
 * reached, a coordinate at a bound equal to it) and refused by the others.
 */
class BoundsTest {

    static List<String> boundMethods() {
        return Optimizers.BOUNDS_METHODS;
    }

    /** Cases of every bounded method, auto and numeric steps, with and without L1, as the other tests run them. */
    static List<Configurations.Case> cases() {
        List<Configurations.Case> out = new ArrayList<>();
        for (Configurations.Case c : Configurations.all()) {
            if (Optimizers.BOUNDS_METHODS.contains(c.settings().method())) {
                out.add(c);
            }
        }
        return out;
    }

    /** Non-negative weights and a cap of 0.4 on every other one; the intercept (last) free. */
    static Box logisticBox(int dimension) {
        double[] lo = new double[dimension];
        double[] hi = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            lo[j] = j == dimension - 1 ? Double.NEGATIVE_INFINITY : 0.0;
            hi[j] = j == dimension - 1 || j % 2 == 0 ? Double.POSITIVE_INFINITY : 0.4;
        }
        return new Box(lo, hi);
    }

    @Test
    void theProximalStepOfL1WithABoxIsTheOneDimensionalMinimizer() {
        Random random = new Random(5);
        double[] lo = {-1, 0, 0.25, Double.NEGATIVE_INFINITY, -0.5};
        double[] hi = {1, Double.POSITIVE_INFINITY, 2, 0.75, -0.5};
        Problem p = new Problem(new DiagonalQuadratic(5, 1), new L1Penalty(new double[] {0.3, 0.7, 0.1, 0.0, 1}),
                new Box(lo, hi));
        CountedObjective objective = CountedObjective.forStart(Runs.create("gd"), new double[5], p);
        for (int trial = 0; trial < 200; trial++) {
            double[] x = new double[5];
            double[] g = new double[5];
            for (int j = 0; j < 5; j++) {
                x[j] = 3 * random.nextGaussian();
                g[j] = random.nextGaussian();
            }
            double t = 0.1 + random.nextDouble();
            double[] prox = objective.proximalGradientStep(x, g, t);
            double[] w = p.l1().weights();
            for (int j = 0; j < 5; j++) {
                // brute force: minimize (z - v)^2 / (2t) + w |z| over a grid of the interval, refined around the best
                // point; a grid resolves a smooth minimum only to about sqrt(ulp), hence the tolerance
                double v = x[j] - t * g[j];
                double best = bruteForce(v, t, w[j], lo[j], hi[j]);
                assertEquals(best, prox[j], 1e-7, "coordinate " + j + " of trial " + trial);
            }
        }
    }

    private static double bruteForce(double v, double t, double w, double lo, double hi) {
        double a = Math.max(lo, -20);
        double b = Math.min(hi, 20);
        double best = a;
        for (int round = 0; round < 6; round++) {
            double bestValue = Double.POSITIVE_INFINITY;
            double step = (b - a) / 1000;
            for (int k = 0; k <= 1000; k++) {
                double z = k == 1000 ? b : a + k * step;
                double value = (z - v) * (z - v) / (2 * t) + w * Math.abs(z);
                if (value < bestValue) {
                    bestValue = value;
                    best = z;
                }
            }
            a = Math.max(a, best - step);
            b = Math.min(b, best + step);
        }
        return best;
    }

    @ParameterizedTest
    @MethodSource("boundMethods")
    void boxedLassoOnAnOrthogonalDesignReachesTheClippedSoftThreshold(String method) {
        int columns = 16;
        OrthogonalLasso f = new OrthogonalLasso(64, columns, 3);
        L1Penalty l1 = L1Penalty.uniform(0.05, columns);
        double[] unconstrained = f.solution(l1);
        double[] lo = new double[columns];
        double[] hi = new double[columns];
        for (int j = 0; j < columns; j++) {
            lo[j] = j % 3 == 0 ? 0.0 : j % 3 == 1 ? -0.05 : Double.NEGATIVE_INFINITY;
            hi[j] = j % 4 == 0 ? 0.1 : Double.POSITIVE_INFINITY;
        }
        Box box = new Box(lo, hi);
        // separable: the minimizer over the box is each coordinate's unconstrained minimizer clipped to its bounds
        double[] solution = box.project(unconstrained);
        assertTrue(!Arrays.equals(solution, unconstrained), "some bound must hold the solution back");
        Problem problem = new Problem(f, l1, box);
        OptimizerState end = Runs.until(Runs.create(method), problem, new double[columns], 3000,
                s -> s.gradNorm() <= 1e-10 || s.scalarOr("stalled", 0) != 0);
        double[] x = end.x();
        for (int j = 0; j < columns; j++) {
            if (solution[j] == 0.0 || solution[j] == lo[j] || solution[j] == hi[j]) {
                assertEquals(solution[j], x[j], 0.0, method + " coordinate " + j + " should sit exactly on its bound");
            } else {
                assertEquals(solution[j], x[j], 1e-7, method + " coordinate " + j);
            }
        }
        double optimum = f.evaluate(solution).value() + l1.value(solution);
        assertEquals(optimum, end.value(), 1e-12 * Math.abs(optimum), method);
    }

    @ParameterizedTest
    @MethodSource("boundMethods")
    void boundedLeastSquaresReachesTheBruteForceOptimumWithEveryIterateFeasible(String method) {
        BoxedLeastSquares f = new BoxedLeastSquares(80, 6, 8);
        Box nonNegative = new Box(new double[6], filled(6, Double.POSITIVE_INFINITY));
        Box general = new Box(new double[] {-0.5, 0, Double.NEGATIVE_INFINITY, -1, 0.2, -3},
                new double[] {0.5, Double.POSITIVE_INFINITY, 1.0, -0.2, 0.2, 3});
        for (Box box : List.of(nonNegative, general)) {
            double[] expected = f.minimizer(box);
            Problem problem = new Problem(f, null, box);
            List<OptimizerState> path = Runs.trajectory(Runs.create(method), problem, filled(6, 0.7), 0);
            OptimizerState s = path.get(0);
            while (s.gradNorm() > 1e-11 && s.scalarOr("stalled", 0) == 0 && s.iteration() < 5000) {
                assertTrue(box.contains(s.x()), method + " left the box at iteration " + s.iteration());
                s = Runs.create(method).step(s, problem);
            }
            assertTrue(box.contains(s.x()), method);
            double optimum = f.evaluate(expected).value();
            assertEquals(optimum, s.value(), 1e-10 * optimum, method + " on " + box);
            double[] x = s.x();
            for (int j = 0; j < 6; j++) {
                assertEquals(expected[j], x[j], 1e-5, method + " coordinate " + j + " on " + box);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void boundedRunsRestoreBitIdenticallyFromACheckpoint(Configurations.Case c) {
        Problem plain = Configurations.problem(c.l1());
        Problem problem = new Problem(plain.smooth(), plain.l1(), logisticBox(plain.dimension()));
        List<OptimizerState> run =
                Runs.trajectory(Optimizers.create(c.settings()), problem, new double[problem.dimension()], 30);
        for (int k = 0; k < run.size() - 1; k++) {
            assertTrue(problem.box().contains(run.get(k).x()), c + " iteration " + k + " is outside the box");
            OptimizerState restored = CheckpointRestoreTest.read(CheckpointRestoreTest.write(run.get(k)));
            assertEquals(run.get(k + 1), Optimizers.create(c.settings()).step(restored, problem),
                    c + ": step " + (k + 1) + " after restoring " + k);
        }
    }

    @Test
    void lbfgsWithBoundsBeatsProjectedGradientOnAnIllConditionedProblem() {
        Problem plain = Configurations.problem(false);
        Problem problem = new Problem(plain.smooth(), null, logisticBox(plain.dimension()));
        OptimizerState lbfgs = Runs.until(Runs.create("lbfgs"), problem, new double[problem.dimension()], 500,
                s -> s.gradNorm() <= 1e-9 || s.scalarOr("stalled", 0) != 0);
        OptimizerState gd = Runs.until(Runs.create("gd"), problem, new double[problem.dimension()], 5000,
                s -> s.gradNorm() <= 1e-9 || s.scalarOr("stalled", 0) != 0);
        assertEquals(gd.value(), lbfgs.value(), 1e-12, "both reach the constrained optimum");
        assertTrue(lbfgs.gradientPasses() + lbfgs.valuePasses() < gd.gradientPasses() + gd.valuePasses(),
                "lbfgs " + lbfgs.totalPasses() + " passes, gd " + gd.totalPasses());
        double[] x = lbfgs.x();
        boolean someHeld = false;
        for (int j = 0; j < x.length - 1; j++) {
            someHeld |= x[j] == 0.0 || (j % 2 == 1 && x[j] == 0.4);
        }
        assertTrue(someHeld, "the bounds should matter here: " + Arrays.toString(x));
    }

    @Test
    void aStartOutsideTheBoxIsClippedIntoIt() {
        Problem problem = new Problem(new DiagonalQuadratic(3, 10), null,
                new Box(new double[] {0, 0, 0}, new double[] {1, 1, 1}));
        for (String method : Optimizers.BOUNDS_METHODS) {
            OptimizerState start = Runs.create(method).start(new double[] {-2, 0.5, 9}, problem);
            assertArrayEquals(new double[] {0, 0.5, 1}, start.x(), method);
        }
    }

    @Test
    void adaptiveMethodsRefuseBoundsNamingTheOnesThatHonourThem() {
        Problem problem = new Problem(new DiagonalQuadratic(3, 10), null,
                new Box(new double[3], filled(3, Double.POSITIVE_INFINITY)));
        for (String method : List.of("adam", "rmsprop")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Runs.create(method).start(new double[3], problem));
            assertTrue(e.getMessage().contains("--optimizer " + method + " cannot honour coefficient bounds")
                    && e.getMessage().contains("gd, momentum, nesterov, bb, lbfgs"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> Optimizers.requireBoundsSupport(OptimizerSettings.of(method)));
        }
        Optimizers.requireBoundsSupport(OptimizerSettings.of("lbfgs"));
    }

    @Test
    void stationarityIgnoresTheGradientABoundHoldsBack() {
        Problem problem = new Problem(new DiagonalQuadratic(2, 1), null,
                new Box(new double[] {0, Double.NEGATIVE_INFINITY}, new double[] {1, 0.5}));
        // at the lower bound with the gradient pushing down, and at the upper bound pushing up: stationary
        assertEquals(0.0, problem.stationarity(new double[] {0, 0.5}, new double[] {2, -3}), 0.0);
        // pushing into the box counts in full
        assertEquals(5.0, problem.stationarity(new double[] {0, 0.5}, new double[] {-3, 4}), 0.0);
        // with L1 at zero, a gradient within the threshold is stationary there
        Problem lasso = new Problem(new DiagonalQuadratic(2, 1), new L1Penalty(new double[] {1, 1}),
                new Box(new double[] {-1, 0}, new double[] {1, 1}));
        assertEquals(0.0, lasso.stationarity(new double[] {0, 0}, new double[] {0.5, 3}), 0.0);
        assertEquals(0.5, lasso.stationarity(new double[] {0, 0}, new double[] {1.5, -0.5}), 1e-15);
    }

    @Test
    void crossedOrNanBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Box(new double[] {1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Box(new double[] {Double.NaN}, new double[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> new Box(new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.POSITIVE_INFINITY}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoefficientBounds.uniform(3, 2, 1));
        assertTrue(e.getMessage().contains("lower bound 2.0") && e.getMessage().contains("upper bound 1.0"),
                e.getMessage());
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
