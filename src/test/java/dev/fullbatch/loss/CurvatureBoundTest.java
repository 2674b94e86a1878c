package dev.fullbatch.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each bounded loss's {@link OutputLoss#curvatureBound()} is the supremum of its second derivative with respect to one
 * margin: the closed form named per case, and the largest second central difference of the loss value over a grid of
 * margins and labels, which must not exceed it and must come close to it.
 */
class CurvatureBoundTest {
    private static final double H = 1e-4;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        // (m - y)^2 / 2: second derivative 1 everywhere
        "least-squares, 1.0",
        // r^2/2 inside the threshold: 1; linear beyond it
        "huber, 1.0",
        // log(1 + exp(-y m)): p (1 - p), largest at m = 0
        "logistic, 0.25",
        // -log softmax(m)[y]: diagonal p_k (1 - p_k), largest at p_k = 1/2
        "softmax, 0.25",
        // max(0, 1 - y m)^2: 2 wherever the hinge is active
        "squared-hinge, 2.0",
    })
    void statesTheSupremumOfItsSecondDerivative(String name, double closedForm) {
        LossKind kind = LossKind.fromName(name);
        OutputLoss loss = kind.create(3, 1.5);
        assertEquals(closedForm, loss.curvatureBound(), 0.0, "the stated bound against the closed form");
        int k = loss.outputs();
        double[] labels = kind == LossKind.SOFTMAX ? new double[] {0, 1, 2}
                : kind.isBinary() ? new double[] {0, 1} : new double[] {-2, 0, 0.5, 3};
        double largest = 0;
        for (double y : labels) {
            for (double m = -6; m <= 6; m += 0.05) {
                for (int a = 0; a < k; a++) {
                    double[] margins = new double[k];
                    // Softmax: the other margins at 0 and -30, so that the varied class's probability sweeps (0, 1).
                    for (int b = 0; b < k; b++) {
                        margins[b] = b == a ? m : b == (a + 1) % k ? 0.0 : -30.0;
                    }
                    double second = (value(loss, y, margins, a, H) - 2 * value(loss, y, margins, a, 0)
                            + value(loss, y, margins, a, -H)) / (H * H);
                    assertTrue(second <= closedForm * (1 + 1e-4) + 1e-6, name + ": second difference " + second
                            + " at label " + y + ", margin " + m + " exceeds the bound " + closedForm);
                    largest = Math.max(largest, second);
                }
            }
        }
        assertEquals(closedForm, largest, closedForm * 2e-3, name + ": the bound is attained on the grid");
    }

    private static double value(OutputLoss loss, double label, double[] margins, int a, double shift) {
        double[] m = margins.clone();
        m[a] += shift;
        return loss.evaluate(new double[] {label}, null, 0, 1, m, null);
    }
}
