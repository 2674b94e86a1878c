package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConvergenceCriterionTest {

    private static OptimizerState state(int iteration, double value, double gradNorm) {
        return new OptimizerState("gd", iteration, new double[] {0}, value, new double[] {gradNorm}, gradNorm, 0.1,
                iteration + 1, 0, null, null);
    }

    private static OptimizerState stalled(int iteration) {
        return new OptimizerState("gd", iteration, new double[] {0}, 1, new double[] {3e-9}, 3e-9, 0, 1, 0, null,
                Map.of("stalled", 1.0));
    }

    @Test
    void relativeChangeStopsBelowTolWithAReadableMessage() {
        ConvergenceCriterion tol = ConvergenceCriterion.relativeObjectiveChange(1e-9);
        StopReason reason = tol.check(state(56, 2.0, 1), state(57, 2.0 - 6.2e-10, 1)).orElseThrow();
        assertEquals("tol", reason.code());
        assertTrue(reason.converged());
        assertEquals("relative objective change 3.1e-10 fell below --tol 1e-9 at iteration 57", reason.message());
        assertEquals(Optional.empty(), tol.check(state(1, 2.0, 1), state(2, 1.9, 1)));
        assertEquals(Optional.empty(), tol.check(null, state(0, 2.0, 1)));
        assertTrue(tol.check(state(1, 0.0, 0), state(2, 0.0, 0)).isPresent(), "an objective of 0 that stays 0");
        assertTrue(tol.check(state(1, -4.0, 0), state(2, -4.0 + 1e-9, 0)).isPresent(), "scale uses |f|");
    }

    @Test
    void gradientNormStopsAlsoAtTheStart() {
        ConvergenceCriterion gradTol = ConvergenceCriterion.gradientNorm(1e-6);
        StopReason reason = gradTol.check(null, state(0, 1, 4.2e-7)).orElseThrow();
        assertEquals("gradient norm 4.2e-7 fell below --grad-tol 1e-6 at iteration 0", reason.message());
        assertTrue(reason.converged());
        assertFalse(gradTol.check(null, state(0, 1, 2e-6)).isPresent());
    }

    @Test
    void maxIterationsStopsUnconvergedAtTheLimit() {
        ConvergenceCriterion max = ConvergenceCriterion.maxIterations(100);
        assertFalse(max.check(state(98, 1, 1), state(99, 1, 1)).isPresent());
        StopReason reason = max.check(state(99, 1.0, 1), state(100, 0.5, 0.25)).orElseThrow();
        assertEquals("max-iter", reason.code());
        assertFalse(reason.converged());
        assertTrue(reason.message().startsWith("reached --max-iter 100"), reason.message());
        assertTrue(reason.message().contains("gradient norm 0.25"), reason.message());
        assertThrows(IllegalArgumentException.class, () -> ConvergenceCriterion.maxIterations(-1));
    }

    @Test
    void timeLimitReadsTheInjectedClock() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        ConvergenceCriterion limit = ConvergenceCriterion.timeLimit(Duration.ofSeconds(60), now::get);
        now.addAndGet(59_999_999_999L);
        assertFalse(limit.check(null, state(36, 1, 1)).isPresent());
        now.addAndGet(200_000_001L);
        StopReason reason = limit.check(state(36, 1, 1), state(37, 1, 1)).orElseThrow();
        assertEquals("time-limit", reason.code());
        assertFalse(reason.converged());
        assertEquals("the --time-limit of 60 s was reached after 37 iterations (60.2 s elapsed)", reason.message());
    }

    @Test
    void divergenceAndStallAreNamed() {
        StopReason diverged = ConvergenceCriterion.divergence()
                .check(state(11, 1, 1), state(12, Double.NaN, 1)).orElseThrow();
        assertEquals("diverged", diverged.code());
        assertFalse(diverged.converged());
        assertTrue(diverged.message().contains("objective became NaN at iteration 12"), diverged.message());
        assertTrue(diverged.message().contains("--step-size"), diverged.message());
        StopReason stall = ConvergenceCriterion.lineSearchStalled().check(null, stalled(57)).orElseThrow();
        assertEquals("stalled", stall.code());
        assertTrue(stall.message().contains("iteration 57"), stall.message());
        assertFalse(ConvergenceCriterion.lineSearchStalled().check(null, state(3, 1, 1)).isPresent());
    }

    @Test
    void anyOfReportsTheFirstRuleThatFires() {
        ConvergenceCriterion rules = ConvergenceCriterion.anyOf(ConvergenceCriterion.gradientNorm(1e-3),
                ConvergenceCriterion.maxIterations(5));
        assertEquals("grad-tol", rules.check(state(4, 1, 1), state(5, 1, 1e-4)).orElseThrow().code());
        assertEquals("max-iter", rules.check(state(4, 1, 1), state(5, 1, 1)).orElseThrow().code());
        assertFalse(rules.check(state(3, 1, 1), state(4, 0.5, 1)).isPresent());
    }

    @Test
    void standardRulesPutDivergenceFirstAndSkipZeroTolerances() {
        AtomicLong now = new AtomicLong();
        ConvergenceCriterion standard = ConvergenceCriterion.standard(10, 0, 0, null, now::get);
        assertFalse(standard.check(state(1, 1.0, 0), state(2, 1.0, 0)).isPresent(), "tol 0 and grad-tol 0 are off");
        assertEquals("diverged", standard.check(state(9, 1, 1), state(10, Double.POSITIVE_INFINITY, 1))
                .orElseThrow().code());
        assertEquals("stalled", ConvergenceCriterion.standard(10, 1e-9, 0, null, now::get)
                .check(stalled(3), stalled(4)).orElseThrow().code());
        assertEquals("tol", ConvergenceCriterion.standard(10, 1e-9, 0, Duration.ofSeconds(1), now::get)
                .check(state(1, 1.0, 0), state(2, 1.0, 0)).orElseThrow().code());
    }
}
