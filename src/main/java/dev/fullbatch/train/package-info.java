/**
 * The training loop on the driver: it turns exact data sums into the function an optimizer minimizes, and runs
 * the optimizer until a stopping rule fires.
 *
 * <p>{@link dev.fullbatch.train.Standardization} is a pure reparametrization (scale, and centre when there is an
 * intercept): the engine always computes on the data as given, so nothing is densified and the optimum is the
 * contract's, while the optimizer sees a well-conditioned problem; coefficient bounds stay a box through it
 * ({@link dev.fullbatch.train.LinearParametrization}). {@link dev.fullbatch.train.TrainingObjective} adds the
 * regularization on the driver (with per-feature {@link dev.fullbatch.train.PenaltyFactors}) and divides by the weight
 * sum once; {@link dev.fullbatch.train.SecondOrderTrainingObjective} adds a linear model's exact Hessian in the same
 * coordinates. A network folds the standardization
 * into its first layer ({@link dev.fullbatch.train.NetworkParametrization}) and starts from seeded He or Glorot
 * weights ({@link dev.fullbatch.train.NetworkInitialization}). {@link dev.fullbatch.train.Trainer}
 * iterates, records history and hands every iteration to listeners (progress, checkpoints, validation).
 * {@link dev.fullbatch.train.TrainingPlan} is the one place these are assembled for a training (moments,
 * standardization with the ridge over the loss's curvature bound, parametrization, objective, penalty, optimizer,
 * stopping criteria, trainer): {@code train} and the benchmarks build the same plan. This
 * package has no Spark imports: it runs the same on a {@link dev.fullbatch.model.LocalReduction}.
 */
package dev.fullbatch.train;
