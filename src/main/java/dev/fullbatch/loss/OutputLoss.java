package dev.fullbatch.loss;

import java.io.Serializable;

/**
 * A loss on a model's outputs, evaluated for a run of consecutive rows at once.
 *
 * <p>Margins are laid out row after row, {@link #outputs()} per row. Implementations are immutable, serializable
 * (they travel to executors inside the objective) and sum in row order, so results are a pure function of the
 * inputs.
 */
public interface OutputLoss extends Serializable {

    /** Model outputs per row: 1, or the number of classes for softmax. */
    int outputs();

    /**
     * The largest second derivative of one row's loss (weight 1) with respect to one of its margins, over all margins
     * and labels: the diagonal of {@link #curvatures} never exceeds it. Standardization divides the L2 strength by it,
     * so that its ridge is in the units of the data term's curvature. A loss without a bound states the curvature it
     * has where training starts (see the implementation).
     */
    double curvatureBound();

    /**
     * Evaluates rows {@code from .. from+n-1} of {@code labels} (and {@code weights}, null meaning all 1) against
     * {@code margins[0 .. n*outputs()-1]}.
     *
     * @param derivatives when non-null, receives d(weight_i * loss_i)/d margin, same layout as margins
     * @return the sum over the rows of weight_i * loss_i, added in row order
     */
    double evaluate(double[] labels, double[] weights, int from, int n, double[] margins, double[] derivatives);

    /**
     * The second derivatives of the weighted rows' losses with respect to their margins: for rows
     * {@code from .. from+n-1}, {@code out[i*K*K + a*K + b] = weight_i * d^2 loss_i / (dm_a dm_b)} with
     * {@code K = outputs()}, so a single-output loss writes {@code out[i] = weight_i * d^2 loss_i / dm^2}. Where the
     * second derivative does not exist (the kink of Huber, of the squared hinge) this is the generalized Hessian
     * of Mangasarian (the one-sided value stated by the implementation). Convex losses give nonnegative
     * curvatures (positive semidefinite {@code K x K} blocks). Pure: no state, rows in order.
     *
     * @param out receives {@code n * K * K} values from index 0
     */
    void curvatures(double[] labels, double[] weights, int from, int n, double[] margins, double[] out);

    /**
     * {@code out[i*K .. i*K+K-1] = weight_i * H_i(margins) * direction[i*K .. i*K+K-1]} for rows
     * {@code from .. from+n-1}, {@code K = outputs()}, {@code H_i} the row's {@code K x K} loss Hessian of
     * {@link #curvatures}: the kernel of exact Hessian-vector products (the direction holds the rows' margins of the
     * parameter direction). The default multiplies the blocks {@link #curvatures} gives, each component a sum over
     * {@code b} in increasing order; losses override it when they have a cheaper form.
     */
    default void hessianTimes(double[] labels, double[] weights, int from, int n, double[] margins,
                              double[] direction, double[] out) {
        int k = outputs();
        double[] blocks = new double[n * k * k];
        curvatures(labels, weights, from, n, margins, blocks);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                double s = 0;
                for (int b = 0; b < k; b++) {
                    s += blocks[(i * k + a) * k + b] * direction[i * k + b];
                }
                out[i * k + a] = s;
            }
        }
    }
}
