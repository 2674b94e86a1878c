package dev.fullbatch.optim;

/**
 * A {@link DifferentiableFunction} that also offers its exact Hessian, as Newton's method needs it: products with
 * directions for any dimension, its diagonal beside the gradient, and the whole matrix for small ones.
 *
 * <p>Like {@code evaluate}, each call is one pass over the data: {@link #hessianTimes} multiplies all its directions
 * in that one pass, and {@link #evaluateWithHessian} returns value, gradient and Hessian from one pass. Results are
 * deterministic (the same arguments give the same bits); implementations neither keep nor modify the arrays passed
 * in. The Hessian is the function's, in the optimizer's coordinates, with any L2 part included.
 */
public interface TwiceDifferentiableFunction extends DifferentiableFunction {

    /**
     * {@code H(x) d_t} for every direction {@code d_t}: one pass.
     *
     * @param directions at least one, each of the function's dimension
     * @return one product per direction, in order
     */
    double[][] hessianTimes(double[] x, double[][] directions);

    /**
     * The value, gradient and dense Hessian at {@code x}: one pass, whose cost grows with the square of the
     * dimension (meant for up to a few thousand variables).
     */
    SecondOrderEvaluation evaluateWithHessian(double[] x);

    /**
     * The value, gradient and the Hessian's diagonal at {@code x}: one pass, which costs about what
     * {@link #evaluate} costs (the diagonal is summed beside the gradient). The value and gradient are
     * {@link #evaluate}'s.
     */
    DiagonalEvaluation evaluateWithDiagonal(double[] x);
}
