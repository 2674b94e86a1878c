package dev.fullbatch.train;

/**
 * How the optimizer's coordinates map to a model's parameters, and which coordinates are penalized.
 *
 * <p>The data term is always computed on model parameters (on the data as given); the optimizer works in its own
 * coordinates (for linear models, standardized ones). The L2 and L1 penalties of the contract apply to model
 * weights, never intercepts or biases; expressed in optimizer coordinates they are {@code (l2/2) sum_k
 * (c_k x_k)^2} and {@code l1 sum_k c_k |x_k|} with {@code c = penaltyScale()}, so the optimum is the contract's.
 * Implementations are immutable.
 */
public interface Parametrization {

    /** Number of coordinates (= model parameters). */
    int dimension();

    /** Model parameters for optimizer coordinates {@code x}. */
    double[] toModel(double[] x);

    /** Optimizer coordinates for model parameters {@code p} (the inverse of {@link #toModel}). */
    double[] toOptimizer(double[] p);

    /** The gradient in optimizer coordinates, from the gradient with respect to model parameters. */
    double[] gradientToOptimizer(double[] modelGradient);

    /** Per coordinate, the factor that turns it into a penalized model weight; 0 for unpenalized coordinates. */
    double[] penaltyScale();
}
