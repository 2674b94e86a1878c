/**
 * Driver-side optimizers for exact full-batch training.
 *
 * <p>This package owns the update rules (gradient descent with schedules or a backtracking line search, heavy-ball
 * momentum, Nesterov/FISTA with adaptive restart, Barzilai-Borwein with a non-monotone safeguard, L-BFGS/OWL-QN,
 * Adam, RMSprop, and Newton's method: a dense Cholesky solve for small models or a trust region with conjugate
 * gradients, on a {@link dev.fullbatch.optim.TwiceDifferentiableFunction}), the L1 proximal machinery, bounds on the
 * variables ({@link dev.fullbatch.optim.Box}, from a linear model's {@link dev.fullbatch.optim.CoefficientBounds}),
 * the optimizer state that checkpoints capture, and the stopping rules. Bounds are honoured exactly by the proximal
 * methods (the prox of L1 plus a box is the soft-threshold clipped to the bounds) and by lbfgs as a projected
 * two-metric quasi-Newton method; Adam, RMSprop and Newton refuse them, as they refuse L1.
 * It sees the objective only through {@link dev.fullbatch.optim.DifferentiableFunction}: every call of
 * {@code evaluate} or {@code value} (and, for Newton, each Hessian call) is one pass over the (possibly distributed)
 * data, so the optimizers count them.
 *
 * <p>Nothing here depends on Spark or Hadoop. All arithmetic is plain IEEE double arithmetic in a fixed order, and
 * transcendental functions go through {@link java.lang.StrictMath}, so the same inputs give the same bits on every
 * JVM. Every optimizer keeps all of its memory in {@link dev.fullbatch.optim.OptimizerState}: restoring a saved state
 * and stepping on gives exactly the iterates of a run that never stopped.
 */
package dev.fullbatch.optim;
