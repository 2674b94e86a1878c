package dev.fullbatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.fullbatch.loss.LossKind;
import org.junit.jupiter.api.Test;

class StandardizationTest {
    /** sum x_j, then sum x_j^2, of 4 rows: feature 0 spread 1, feature 1 rare (one row of 4 has 1). */
    private static final double[] MOMENTS = {4.0, 1.0, 8.0, 1.0};

    @Test
    void trainingScalesAddTheL2StrengthOverTheLossCurvature() {
        double l2 = 0.01;
        Standardization logistic = Standardization.forTraining(MOMENTS, 4.0, 2, true, l2, LossKind.LOGISTIC.create(2, 1.0));
        assertArrayEquals(new double[] {Math.sqrt(1.0 + 4 * l2), Math.sqrt(0.1875 + 4 * l2)}, logistic.scale());
        assertArrayEquals(new double[] {1.0, 0.25}, logistic.mean());
        Standardization leastSquares = Standardization.forTraining(MOMENTS, 4.0, 2, true, l2,
                LossKind.LEAST_SQUARES.create(2, 1.0));
        assertArrayEquals(new double[] {Math.sqrt(1.0 + l2), Math.sqrt(0.1875 + l2)}, leastSquares.scale());
        assertArrayEquals(Standardization.fromMoments(MOMENTS, 4.0, 2, true).scale(),
                Standardization.forTraining(MOMENTS, 4.0, 2, true, 0.0, LossKind.LOGISTIC.create(2, 1.0)).scale());
    }
}
