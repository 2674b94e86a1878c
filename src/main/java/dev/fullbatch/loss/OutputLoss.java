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
     * Evaluates rows {@code from .. from+n-1} of {@code labels} (and {@code weights}, null meaning all 1) against
     * {@code margins[0 .. n*outputs()-1]}.
     *
     * @param derivatives when non-null, receives d(weight_i * loss_i)/d margin, same layout as margins
     * @return the sum over the rows of weight_i * loss_i, added in row order
     */
    double evaluate(double[] labels, double[] weights, int from, int n, double[] margins, double[] derivatives);
}
