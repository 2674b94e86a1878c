package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Newton's method in its dense and trust-region forms. */
class NewtonTest {

    /** maxDenseHessian: 100 gives the dense form on these small problems, 0 the trust region. */
    static Newton newton(int maxDense) {
        return new Newton(maxDense);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100})
    void reachesTheLogisticMinimumToMachinePrecision(int maxDense) {
        LogisticRegression f = new LogisticRegression(120, 8, 1e-3, 11);
        double minimum = f.newtonMinimum();
        OptimizerState s = Runs.until(newton(maxDense), Problem.smooth(f), new double[f.dimension()], 50,
                st -> st.scalarOr("stalled", 0) != 0 || Math.abs(st.value() - minimum) <= 1e-15 * minimum);
        assertEquals(minimum, s.value(), 2e-15 * minimum);
        assertTrue(s.iteration() <= (maxDense > 0 ? 8 : 12), "iterations " + s.iteration());
        assertTrue(s.hessianPasses() > 0);
        assertEquals(s.gradientPasses() + s.valuePasses() + s.hessianPasses(), s.totalPasses());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100})
    void passCountsInTheStateAreThePassesMade(int maxDense) {
        Counting f = new Counting(new LogisticRegression(120, 8, 1e-3, 11));
        OptimizerState s = Runs.until(newton(maxDense), Problem.smooth(f), new double[f.dimension()], 6, st -> false);
        assertEquals(f.evaluations, s.gradientPasses());
        assertEquals(f.values, s.valuePasses());
        assertEquals(f.hessianPasses, s.hessianPasses());
    }

    @Test
    void denseFormTakesOneExactStepOnAQuadratic() {
        Quadratic q = new Quadratic(6, 1e6);
        OptimizerState s0 = newton(100).start(new double[6], Problem.smooth(q));
        OptimizerState s1 = newton(100).step(s0, Problem.smooth(q));
        assertEquals(0.0, s1.value(), 1e-20);
        assertEquals(1.0, s1.stepSize());
        assertEquals(2, s1.hessianPasses()); // the start and the step's trial: no gradient-only pass at all
        assertEquals(0, s1.gradientPasses() + s1.valuePasses());
    }

    @Test
    void trustRegionSolvesAnIllConditionedQuadraticInFewPasses() {
        Quadratic q = new Quadratic(20, 1e4);
        OptimizerState s = Runs.until(newton(0), Problem.smooth(q), new double[20], 30,
                st -> st.value() <= 1e-16 || st.scalarOr("stalled", 0) != 0);
        assertTrue(s.value() <= 1e-16, "value " + s.value());
        // conjugate gradients would need about 20 products, one a pass; blocks of 8 span the 20 dimensions in 3
        // passes, and the radius needs a few expansions from the first step's length
        assertTrue(s.hessianPasses() <= 30, "Hessian passes " + s.hessianPasses());
    }

    @Test
    void trustRegionMultipliesABlockOfDirectionsInEachPass() {
        Counting f = new Counting(new Quadratic(20, 1e4));
        OptimizerState s = Runs.until(newton(0), Problem.smooth(f), new double[20], 30,
                st -> st.value() <= 1e-16 || st.scalarOr("stalled", 0) != 0);
        assertTrue(s.value() <= 1e-16, "value " + s.value());
        // the first pass of a step multiplies the gradient's 8 pieces (and the previous step); one direction a pass
        // would be TRON's conjugate gradients
        assertTrue(f.products.size() >= 4 * f.hessianPasses, f.products.size() + " products in " + f.hessianPasses
                + " passes");
        assertEquals(8, Newton.blockSize(20));
        assertEquals(1, Newton.blockSize(8_000_000), "a block of 8 vectors of 8 million would not fit the budget");
    }

    @Test
    void rejectedTrustRegionTrialsReplayTheConjugateGradientPathWithoutNewProducts() {
        Counting f = new Counting(new TwiceDifferentiableRosenbrock());
        OptimizerState s = Runs.until(newton(0), Problem.smooth(f), new double[] {-1.2, 1.0}, 200,
                st -> st.value() < 1e-20 || st.scalarOr("stalled", 0) != 0);
        assertTrue(s.value() < 1e-20, "value " + s.value());
        assertTrue(s.gradientPasses() > s.iteration() + 1, "some trials were rejected");
        assertEquals(f.products.size(), new HashSet<>(f.products).size(), "a product was computed twice");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100})
    void restoredStateContinuesBitIdentically(int maxDense) {
        Problem problem = Problem.smooth(new LogisticRegression(120, 8, 1e-6, 11));
        List<OptimizerState> run = Runs.trajectory(newton(maxDense), problem, new double[problem.dimension()], 12);
        for (int k = 0; k < run.size() - 1; k++) {
            OptimizerState restored = CheckpointRestoreTest.read(CheckpointRestoreTest.write(run.get(k)));
            assertEquals(run.get(k), restored);
            assertEquals(run.get(k + 1), newton(maxDense).step(restored, problem), "step " + (k + 1));
        }
    }

    @Test
    void aResumedRunKeepsItsFormWhateverTheDenseLimit() {
        Problem problem = Problem.smooth(new LogisticRegression(120, 8, 1e-3, 11));
        OptimizerState dense = newton(100).start(new double[problem.dimension()], problem);
        assertEquals(newton(100).step(dense, problem), newton(0).step(dense, problem));
    }

    @Test
    void refusesL1WithTheReasonAndObjectivesWithoutAHessian() {
        LogisticRegression f = new LogisticRegression(20, 3, 1e-3, 1);
        Problem l1 = new Problem(f, L1Penalty.uniform(0.1, f.dimension()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> newton(100).start(new double[f.dimension()], l1));
        assertTrue(e.getMessage().contains("--reg-l1") && e.getMessage().contains("second derivative"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> newton(100).start(new double[2], Problem.smooth(new Rosenbrock())));
        assertTrue(e.getMessage().contains("Hessian"), e.getMessage());
    }

    @Test
    void dampsASingularHessianAndStillDescends() {
        // Two identical columns: the Hessian is singular along their difference; the damped step still converges.
        Quadratic q = new Quadratic(new double[][] {{1, 1, 0}, {1, 1, 0}, {0, 0, 2}}, new double[] {1, 1, 1});
        OptimizerState s = Runs.until(newton(100), Problem.smooth(q), new double[3], 20,
                st -> st.scalarOr("stalled", 0) != 0);
        assertTrue(s.value() <= q.minimum() + 1e-12, "value " + s.value() + " minimum " + q.minimum());
        assertTrue(s.scalar("damping") > 0);
    }

    /** {@code 1/2 (x - m)^T A (x - m)} (minimum 0) or, with a linear term, {@code 1/2 x^T A x - b^T x}. */
    static final class Quadratic implements TwiceDifferentiableFunction {
        private final double[][] a;
        private final double[] shift;
        private final double[] b;

        /** A dense SPD matrix with eigenvalues spread from 1 to kappa (rotated by a fixed orthogonal matrix). */
        Quadratic(int n, double kappa) {
            double[][] q = orthogonal(n);
            a = new double[n][n];
            for (int k = 0; k < n; k++) {
                double lambda = StrictMath.pow(kappa, (double) k / (n - 1));
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        a[i][j] += lambda * q[k][i] * q[k][j];
                    }
                }
            }
            shift = new double[n];
            for (int i = 0; i < n; i++) {
                shift[i] = 1.0 + i % 3;
            }
            b = null;
        }

        Quadratic(double[][] a, double[] b) {
            this.a = a;
            this.b = b;
            this.shift = null;
        }

        /** The minimum of the linear-term form (b in the range of A here). */
        double minimum() {
            // for the singular example: x = (0.5, 0.5, 0.5) minimizes, value -1/2 b.x
            return -0.5 * (0.5 + 0.5 + 0.5);
        }

        private static double[][] orthogonal(int n) {
            // Householder reflection I - 2 u u^T / u.u: orthogonal, dense
            double[] u = new double[n];
            double uu = 0;
            for (int i = 0; i < n; i++) {
                u[i] = 1.0 + i;
                uu += u[i] * u[i];
            }
            double[][] q = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    q[i][j] = (i == j ? 1.0 : 0.0) - 2 * u[i] * u[j] / uu;
                }
            }
            return q;
        }

        private double[] residual(double[] x) {
            return shift == null ? x.clone() : DenseVectors.minus(x, shift);
        }

        @Override
        public int dimension() {
            return a.length;
        }

        @Override
        public Evaluation evaluate(double[] x) {
            double[] r = residual(x);
            double[] ar = times(r);
            double f = 0.5 * DenseVectors.dot(r, ar);
            if (b != null) {
                f -= DenseVectors.dot(b, x);
                ar = DenseVectors.minus(ar, b);
            }
            return new Evaluation(f, ar);
        }

        private double[] times(double[] v) {
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                for (int j = 0; j < v.length; j++) {
                    out[i] += a[i][j] * v[j];
                }
            }
            return out;
        }

        @Override
        public double[][] hessianTimes(double[] x, double[][] directions) {
            double[][] out = new double[directions.length][];
            for (int t = 0; t < directions.length; t++) {
                out[t] = times(directions[t]);
            }
            return out;
        }

        @Override
        public SecondOrderEvaluation evaluateWithHessian(double[] x) {
            Evaluation e = evaluate(x);
            return new SecondOrderEvaluation(e.value(), e.gradient(), dev.fullbatch.math.SymmetricMatrix.of(a));
        }

        @Override
        public DiagonalEvaluation evaluateWithDiagonal(double[] x) {
            Evaluation e = evaluate(x);
            double[] diagonal = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                diagonal[i] = a[i][i];
            }
            return new DiagonalEvaluation(e.value(), e.gradient(), diagonal);
        }
    }

    /** Rosenbrock's function with its Hessian: nonconvex away from the valley, so trials get rejected. */
    static final class TwiceDifferentiableRosenbrock implements TwiceDifferentiableFunction {
        private final Rosenbrock f = new Rosenbrock();

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public Evaluation evaluate(double[] x) {
            return f.evaluate(x);
        }

        private static double[][] hessian(double[] x) {
            double a = x[0];
            double b = x[1];
            return new double[][] {{2 - 400 * (b - a * a) + 800 * a * a, -400 * a}, {-400 * a, 200}};
        }

        @Override
        public double[][] hessianTimes(double[] x, double[][] directions) {
            double[][] h = hessian(x);
            double[][] out = new double[directions.length][];
            for (int t = 0; t < directions.length; t++) {
                double[] d = directions[t];
                out[t] = new double[] {h[0][0] * d[0] + h[0][1] * d[1], h[1][0] * d[0] + h[1][1] * d[1]};
            }
            return out;
        }

        @Override
        public SecondOrderEvaluation evaluateWithHessian(double[] x) {
            Evaluation e = evaluate(x);
            return new SecondOrderEvaluation(e.value(), e.gradient(),
                    dev.fullbatch.math.SymmetricMatrix.of(hessian(x)));
        }

        @Override
        public DiagonalEvaluation evaluateWithDiagonal(double[] x) {
            Evaluation e = evaluate(x);
            double[][] h = hessian(x);
            return new DiagonalEvaluation(e.value(), e.gradient(), new double[] {h[0][0], h[1][1]});
        }
    }

    /** Counts passes and records every (point, direction) multiplied. */
    static final class Counting implements TwiceDifferentiableFunction {
        private final TwiceDifferentiableFunction inner;
        long evaluations;
        long values;
        long hessianPasses;
        final List<List<Double>> products = new ArrayList<>();

        Counting(TwiceDifferentiableFunction inner) {
            this.inner = inner;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public Evaluation evaluate(double[] x) {
            evaluations++;
            return inner.evaluate(x);
        }

        @Override
        public double value(double[] x) {
            values++;
            return inner.value(x);
        }

        @Override
        public double[][] hessianTimes(double[] x, double[][] directions) {
            hessianPasses++;
            for (double[] d : directions) {
                List<Double> key = new ArrayList<>();
                for (double v : x) {
                    key.add(v);
                }
                for (double v : d) {
                    key.add(v);
                }
                products.add(key);
            }
            return inner.hessianTimes(x, directions);
        }

        @Override
        public SecondOrderEvaluation evaluateWithHessian(double[] x) {
            hessianPasses++;
            return inner.evaluateWithHessian(x);
        }

        @Override
        public DiagonalEvaluation evaluateWithDiagonal(double[] x) {
            evaluations++;
            return inner.evaluateWithDiagonal(x);
        }
    }
}
