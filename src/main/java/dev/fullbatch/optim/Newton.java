package dev.fullbatch.optim;

import dev.fullbatch.math.CholeskyFactor;
import dev.fullbatch.math.SymmetricMatrix;
import java.util.Arrays;

/**
 * Newton's method ({@code newton}) on a {@link TwiceDifferentiableFunction}, in one of two forms chosen at the start
 * by the dimension and kept for the whole run (the state records it, so a resumed run keeps its form):
 *
 * <ul>
 *   <li><b>Dense</b>, up to {@code maxDenseHessian} variables: each pass at an iterate returns the value, gradient
 *   and whole Hessian; the step solves {@code H s = -g} by Cholesky on the driver (damped by {@code mu I}, {@code mu}
 *   growing tenfold from {@code 1e-10} of the largest diagonal entry, when {@code H} is not numerically positive
 *   definite), then an Armijo backtracking search (constant 1e-4, trial step 1, safeguarded quadratic interpolation)
 *   takes {@code x + t s}. The first trial is a Hessian pass, so when the full step is accepted (nearly always near
 *   the optimum) the next step is ready without another pass: one pass per iteration. Later trials are
 *   objective-only passes followed by a Hessian pass at the accepted point. State: vector {@code newtonStep} (the
 *   step computed at the iterate), scalars {@code denseHessian} (1), {@code damping} and {@code stalled}.</li>
 *   <li><b>Trust region</b> (TRON: Lin, Weng and Keerthi, 2008, as in LIBLINEAR's {@code tron.cpp}, with its
 *   diagonal preconditioner), for any dimension: the step minimizes the quadratic model within the ellipsoid
 *   {@code ||s||_M <= Delta}, {@code M} the Hessian's diagonal ({@link #preconditioner}), over a block Krylov
 *   subspace ({@link BlockKrylovSubspace}): where TRON's conjugate gradients make one Hessian-vector product per pass
 *   (each direction needs the previous product), each pass here multiplies a block of up to {@value #BLOCK}
 *   directions ({@link #blockSize}): the preconditioned gradient split by coordinate ranges, then {@code M^-1 H}
 *   times the previous block, so the subspace after {@code k} passes contains the one conjugate gradients build in
 *   {@code k} and is up to {@value #BLOCK} times larger. The subspace grows until the residual's
 *   {@code M^-1}-norm falls to {@code eta ||g||_M^-1} with the forcing term
 *   {@code eta = min(0.1, sqrt(||g|| / ||g_0||))} (superlinear convergence, where LIBLINEAR's constant 0.1 is
 *   linear), or the step reaches the boundary. The trial point costs one gradient pass, which also sums the
 *   Hessian's diagonal there ({@link TwiceDifferentiableFunction#evaluateWithDiagonal}), so the preconditioner
 *   costs no pass; it is accepted when the actual reduction exceeds {@code 1e-4} of the predicted one, and
 *   {@code Delta} follows LIBLINEAR's rules (factors 0.25, 0.5, 4 at ratios 1e-4, 0.25, 0.75, with the
 *   interpolated step length {@code alpha}), starting at {@code ||g_0||_M^-1} and cut to the first step's length.
 *   A rejected trial shrinks {@code Delta} and solves again in the same subspace without new passes. One call of
 *   {@link #step} repeats this until a trial is accepted, or marks the state {@code stalled} when the actual and
 *   predicted reductions are below what double precision resolves. The first block also carries the previous
 *   accepted step (consecutive Newton steps point much the same way: on a9a this saved a sixth of the passes).
 *   State: scalars {@code radius}, {@code initialGradNorm}, {@code productPasses} (the last step's product passes),
 *   {@code stalled}; vectors {@code preconditioner} (the diagonal at the iterate) and {@code previousStep}.</li>
 * </ul>
 *
 * <p>Both count their Hessian passes in the state ({@link OptimizerState#hessianPasses()}). An L1 part is refused:
 * the penalty has no Hessian at zero, so Newton's quadratic model does not exist there; lbfgs (OWL-QN) and the
 * proximal methods handle it. All arithmetic is plain IEEE double in a fixed order on the driver, so a run is the
 * same bits on every JVM and a restored state continues it exactly.
 */
public final class Newton implements Optimizer {
    /** The method name. */
    public static final String NAME = "newton";
    /** The Armijo constant of the dense form's line search. */
    static final double ARMIJO = 1e-4;
    private static final int MAX_BACKTRACKS = 40;
    /** Trust-region trials per step before it gives up (each halves the radius at least). */
    private static final int MAX_TRIALS = 60;
    private static final double ETA0 = 1e-4;
    private static final double ETA1 = 0.25;
    private static final double ETA2 = 0.75;
    private static final double SIGMA1 = 0.25;
    private static final double SIGMA2 = 0.5;
    private static final double SIGMA3 = 4;
    /** The largest forcing term of the conjugate-gradient stop (LIBLINEAR's constant). */
    static final double MAX_FORCING = 0.1;
    private static final double FIRST_DAMPING = 1e-10;
    /** The most Hessian products per pass of the trust-region form. */
    static final int BLOCK = 8;
    /** The most numbers one pass of Hessian products sums (the block times the dimension). */
    private static final long BLOCK_ENTRIES = 1L << 22;
    /** The state's vector holding the trust region's last accepted step. */
    private static final String PREVIOUS_STEP = "previousStep";
    /** The driver's budget for orthogonalizing one step's subspace, in multiplications. */
    private static final long DRIVER_OPERATIONS = 1L << 30;
    /** The most numbers the subspace's basis holds on the driver (and as many again for its products). */
    private static final long BASIS_ENTRIES = 1L << 24;

    private final int maxDenseHessian;

    /**
     * @param maxDenseHessian the largest dimension solved with the dense Hessian ({@code --max-dense-hessian});
     *     larger problems use the trust region with Hessian-vector products; 0 always uses the trust region
     */
    public Newton(int maxDenseHessian) {
        if (maxDenseHessian < 0) {
            throw new IllegalArgumentException("--max-dense-hessian must be an integer >= 0, got " + maxDenseHessian);
        }
        this.maxDenseHessian = maxDenseHessian;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The message for a problem with an L1 part. */
    public static String l1Refusal() {
        return "--optimizer newton does not support --reg-l1: the L1 penalty has no second derivative where a weight"
                + " is zero, so Newton's quadratic model does not exist there; use --optimizer lbfgs (OWL-QN) or one"
                + " of gd, momentum, nesterov, bb, or --reg-l1 0";
    }

    private static void requireSecondOrder(Problem problem) {
        if (problem != null && problem.hasL1()) {
            throw new IllegalArgumentException(l1Refusal());
        }
        if (problem != null && !(problem.smooth() instanceof TwiceDifferentiableFunction)) {
            throw new IllegalArgumentException("--optimizer newton needs the objective's Hessian, which only linear"
                    + " models provide; use --optimizer lbfgs");
        }
    }

    @Override
    public OptimizerState start(double[] x0, Problem problem) {
        requireSecondOrder(problem);
        CountedObjective objective = CountedObjective.forStart(this, x0, problem);
        if (problem.dimension() <= maxDenseHessian) {
            SecondOrderEvaluation e = objective.evaluateWithHessian(x0.clone());
            return denseState(objective, 0, x0.clone(), e, 0.0);
        }
        CountedObjective.DiagonalPoint dp = objective.evaluateWithDiagonal(x0.clone());
        EvaluatedPoint p = dp.point();
        double[] m = preconditioner(dp.diagonal());
        double norm = DenseVectors.norm(p.gradient());
        return objective.state(NAME, 0, p, 0.0, new StateMemory().scalar("radius", dualNorm(p.gradient(), m))
                .scalar("initialGradNorm", norm).scalar("productPasses", 0).scalar("stalled", 0.0)
                .vector("preconditioner", m));
    }

    @Override
    public OptimizerState step(OptimizerState state, Problem problem) {
        requireSecondOrder(problem);
        CountedObjective objective = CountedObjective.forStep(this, state, problem);
        return state.scalarOr("denseHessian", 0.0) != 0.0 ? denseStep(objective, state)
                : trustRegionStep(objective, state);
    }

    // ---- dense Hessian, Cholesky solve, line search

    private static OptimizerState denseState(CountedObjective objective, int iteration, double[] x,
                                             SecondOrderEvaluation e, double step) {
        double[] g = e.gradientView();
        Solve solve = newtonStep(e.hessian(), g);
        EvaluatedPoint p = new EvaluatedPoint(x, e.value(), g, e.value());
        return objective.state(NAME, iteration, p, step, new StateMemory().vector("newtonStep", solve.step)
                .scalar("denseHessian", 1.0).scalar("damping", solve.damping).scalar("stalled", 0.0));
    }

    private record Solve(double[] step, double damping) {
    }

    /** {@code -(H + mu I)^-1 g} with the smallest {@code mu} of the damping sequence that factors. */
    static Solve newtonStep(SymmetricMatrix h, double[] g) {
        double[] minusG = DenseVectors.scaled(-1.0, g);
        double largest = 0;
        for (double v : h.diagonal()) {
            largest = Math.max(largest, Math.abs(v));
        }
        if (!Double.isFinite(largest) || !allFinite(g)) {
            return new Solve(minusG, 0.0);
        }
        double mu = 0;
        double next = FIRST_DAMPING * (largest > 0 ? largest : 1.0);
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                SymmetricMatrix damped = mu == 0 ? h : h.scaledPlusDiagonal(1.0, constant(g.length, mu));
                return new Solve(CholeskyFactor.of(damped).solve(minusG), mu);
            } catch (CholeskyFactor.NotPositiveDefiniteException e) {
                mu = next;
                next *= 10;
            }
        }
        return new Solve(minusG, Double.POSITIVE_INFINITY); // no curvature to use: steepest descent
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private OptimizerState denseStep(CountedObjective objective, OptimizerState state) {
        int k = state.iteration() + 1;
        EvaluatedPoint from = EvaluatedPoint.of(state, objective.problem());
        double[] x = from.x();
        double[] direction = state.vectorView("newtonStep");
        double slope = DenseVectors.dot(from.gradient(), direction);
        double t = 1.0;
        for (int trial = 0; trial <= MAX_BACKTRACKS && slope < 0; trial++) {
            double[] candidate = DenseVectors.plusScaled(x, t, direction);
            if (CountedObjective.samePoint(candidate, x)) {
                break;
            }
            SecondOrderEvaluation full = trial == 0 ? objective.evaluateWithHessian(candidate) : null;
            double value = full != null ? full.value() : objective.smoothValue(candidate);
            if (value <= from.value() + ARMIJO * t * slope && Double.isFinite(value)) {
                return denseState(objective, k, candidate,
                        full != null ? full : objective.evaluateWithHessian(candidate), t);
            }
            double excess = value - from.value() - t * slope;
            double factor = Double.isFinite(excess) && excess > 0 ? -t * slope / (2.0 * excess) : 0.1;
            t *= Math.min(0.5, Math.max(0.1, factor));
        }
        StateMemory mem = new StateMemory().vector("newtonStep", direction).scalar("denseHessian", 1.0)
                .scalar("damping", state.scalarOr("damping", 0.0)).scalar("stalled", 1.0);
        return objective.state(NAME, k, from, 0.0, mem);
    }

    // ---- trust region with conjugate gradients (TRON)

    /**
     * The diagonal (Jacobi) preconditioner: {@code M = diag(H)}, a coordinate without curvature (a feature that is 0
     * wherever the loss curves, without L2) taking the mean of the others, or all 1 when none has any. LIBLINEAR
     * mixes in the identity, {@code (1 - a) I + a diag(H)} with {@code a = 0.01} (Hsieh, Wang, Chen and Lin, 2018),
     * because its objective is C times a sum over rows; this objective is a mean, so the identity is not on its
     * scale, and the scale-free mixture {@code (1 - a) mean(diag) + a diag} measured worse on a9a (logistic, L2
     * 1e-6, to 1e-10: 268 passes at a = 0.01, 230 at 0.5, 185 for Jacobi, 270 without a preconditioner; see
     * BENCHMARKS.md).
     */
    static double[] preconditioner(double[] diagonal) {
        double sum = 0;
        int positive = 0;
        for (double v : diagonal) {
            if (v > 0 && Double.isFinite(v)) {
                sum += v;
                positive++;
            }
        }
        double fallback = positive > 0 ? sum / positive : 1.0;
        double[] m = new double[diagonal.length];
        for (int i = 0; i < m.length; i++) {
            double v = diagonal[i];
            m[i] = v > 0 && Double.isFinite(v) ? v : fallback;
        }
        return m;
    }

    /** {@code sqrt(g^T M^-1 g)}: the gradient's length in the norm dual to the trust region's. */
    private static double dualNorm(double[] g, double[] m) {
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            s += g[i] * (g[i] / m[i]);
        }
        return Math.sqrt(s);
    }

    /**
     * The Hessian products per pass: {@value #BLOCK}, fewer where {@value #BLOCK_ENTRIES} numbers would not hold
     * them (each product is a vector of the dimension, summed exactly across the cluster).
     */
    static int blockSize(int dimension) {
        return (int) Math.max(1, Math.min(Math.min(BLOCK, dimension), BLOCK_ENTRIES / Math.max(1, dimension)));
    }

    /**
     * The most subspace vectors kept on the driver (each with its product), at least four blocks: orthogonalizing
     * {@code m} vectors of dimension {@code p} costs the driver about {@code 2 m^2 p} multiplications and holding
     * them {@code 2 m p} numbers, so {@code m} stays within {@value #DRIVER_OPERATIONS} operations and
     * {@value #BASIS_ENTRIES} numbers (all of a9a's 124 dimensions; 231 vectors at 20,000; 16 at a million).
     */
    static int maxBasis(int dimension) {
        long p = Math.max(1, dimension);
        long byWork = (long) Math.sqrt((double) DRIVER_OPERATIONS / p);
        return (int) Math.max(4L * blockSize(dimension), Math.min(byWork, BASIS_ENTRIES / p));
    }

    private OptimizerState trustRegionStep(CountedObjective objective, OptimizerState state) {
        int k = state.iteration() + 1;
        EvaluatedPoint from = EvaluatedPoint.of(state, objective.problem());
        double[] x = from.x();
        double[] g = from.gradient();
        double f = from.value();
        double delta = state.scalar("radius");
        double initialNorm = state.scalar("initialGradNorm");
        double[] m = state.vectorView("preconditioner");
        double gnorm = DenseVectors.norm(g);
        double forcing = Math.min(MAX_FORCING, Math.sqrt(initialNorm > 0 ? gnorm / initialNorm : 0.0));
        int n = g.length;
        // the previous step joins the first block: consecutive Newton steps point much the same way
        double[] previous = state.hasVector(PREVIOUS_STEP) ? state.vectorView(PREVIOUS_STEP) : null;
        BlockKrylovSubspace subspace = new BlockKrylovSubspace(objective, x, g, m, forcing * dualNorm(g, m),
                blockSize(n), maxBasis(n), previous);
        boolean first = state.iteration() == 0;
        for (int trial = 0; trial < MAX_TRIALS && gnorm > 0 && delta > 0; trial++) {
            BlockKrylovSubspace.Step step = subspace.solve(delta);
            double[] candidate = DenseVectors.plusScaled(x, 1.0, step.s());
            if (CountedObjective.samePoint(candidate, x)) {
                break;
            }
            double gs = DenseVectors.dot(g, step.s());
            double predicted = step.predicted();
            CountedObjective.DiagonalPoint trialPoint = objective.evaluateWithDiagonal(candidate);
            EvaluatedPoint next = trialPoint.point();
            double fNew = next.value();
            double actual = f - fNew;
            double snorm = step.length();
            if (first) {
                delta = Math.min(delta, snorm);
            }
            if (!Double.isFinite(fNew)) {
                delta = SIGMA1 * Math.min(delta, snorm);
                continue;
            }
            double curvatureExcess = fNew - f - gs;
            double alpha = curvatureExcess <= 0 ? SIGMA3 : Math.max(SIGMA1, -0.5 * (gs / curvatureExcess));
            if (actual < ETA0 * predicted) {
                delta = Math.min(Math.max(alpha, SIGMA1) * snorm, SIGMA2 * delta);
            } else if (actual < ETA1 * predicted) {
                delta = Math.max(SIGMA1 * delta, Math.min(alpha * snorm, SIGMA2 * delta));
            } else if (actual < ETA2 * predicted) {
                delta = Math.max(SIGMA1 * delta, Math.min(alpha * snorm, SIGMA3 * delta));
            } else {
                delta = Math.max(delta, Math.min(alpha * snorm, SIGMA3 * delta));
            }
            if (actual > ETA0 * predicted) {
                return objective.state(NAME, k, next, snorm, trustMemory(delta, initialNorm, subspace.passes(), 0.0,
                        preconditioner(trialPoint.diagonal())).vector(PREVIOUS_STEP, step.s()));
            }
            boolean flat = Math.abs(actual) <= 0 && predicted <= 0;
            boolean tiny = Math.abs(actual) <= 1e-12 * Math.abs(f) && Math.abs(predicted) <= 1e-12 * Math.abs(f);
            if (flat || tiny) {
                break;
            }
        }
        StateMemory stalled = trustMemory(delta, initialNorm, subspace.passes(), 1.0, m);
        if (previous != null) {
            stalled.vector(PREVIOUS_STEP, previous);
        }
        return objective.state(NAME, k, from, 0.0, stalled);
    }

    private static StateMemory trustMemory(double radius, double initialNorm, int productPasses, double stalled,
                                           double[] preconditioner) {
        return new StateMemory().scalar("radius", radius).scalar("initialGradNorm", initialNorm)
                .scalar("productPasses", productPasses).scalar("stalled", stalled)
                .vector("preconditioner", preconditioner);
    }
}
