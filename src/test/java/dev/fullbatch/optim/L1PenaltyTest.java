package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class L1PenaltyTest {

    private final L1Penalty penalty = new L1Penalty(new double[] {1.0, 2.0, 0.0, 0.5});

    @Test
    void valueIsTheWeightedSumOfAbsoluteValues() {
        assertEquals(1.0 * 3 + 2.0 * 0.5 + 0.0 + 0.5 * 2, penalty.value(new double[] {-3, 0.5, 100, 2}));
    }

    @Test
    void proxSoftThresholdsByStepTimesWeight() {
        double[] out = penalty.prox(new double[] {0.3, -1.5, -7, 0.2}, 0.5);
        assertArrayEquals(new double[] {0.0, -0.5, -7, 0.0}, out);
        assertArrayEquals(new double[] {2.5, 0.0, 1, -0.75}, penalty.prox(new double[] {3, 0.9, 1, -1}, 0.5));
        assertTrue(Double.isNaN(penalty.prox(new double[] {Double.NaN, 0, 0, 0}, 1)[0]), "NaN must survive");
    }

    @Test
    void minimumNormSubgradientVanishesExactlyAtLassoOptimality() {
        double[] x = {0.0, 0.0, 0.0, 1.0};
        double[] g = {0.4, -2.5, 0.3, -0.5};
        // x=0, |g| <= w: 0; x=0, g < -w: g + w; unpenalized: g; x > 0: g + w
        assertArrayEquals(new double[] {0.0, -0.5, 0.3, 0.0}, penalty.minimumNormSubgradient(x, g));
        assertArrayEquals(new double[] {2.0, 0, 0, 0},
                penalty.minimumNormSubgradient(new double[] {-1, 0, 0, 0}, new double[] {3, 0, 0, 0}));
    }

    @Test
    void invalidWeightsAreRejected() {
        assertEquals("L1 weights must be finite and >= 0, got -1.0 at index 1",
                assertThrows(IllegalArgumentException.class, () -> new L1Penalty(new double[] {0, -1}))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new L1Penalty(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> penalty.value(new double[2]));
        assertThrows(IllegalArgumentException.class,
                () -> new Problem(new DiagonalQuadratic(3, 1), L1Penalty.uniform(1, 4)));
    }

    @Test
    void uniformLeavesTheListedCoordinatesUnpenalized() {
        assertArrayEquals(new double[] {0.1, 0.1, 0.0}, L1Penalty.uniform(0.1, 3, 2).weights());
    }
}
