package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Schedule factors, and that fixed-step optimizers take exactly base * factor(k) at iteration k. */
class StepScheduleTest {

    @Test
    void inverseSqrtDividesByTheRootOfTheIterationLikeMllib() {
        StepSchedule s = StepSchedule.parse("inv-sqrt");
        assertEquals(1.0, s.factor(1));
        assertEquals(0.5, s.factor(4));
        assertEquals(1.0 / Math.sqrt(7), s.factor(7));
    }

    @Test
    void exponentialAndStepwiseDecayByGamma() {
        StepSchedule exp = StepSchedule.parse("exp:0.5");
        assertEquals(1.0, exp.factor(1));
        assertEquals(0.25, exp.factor(3));
        StepSchedule step = StepSchedule.parse("step:10:0.5");
        assertEquals(1.0, step.factor(10));
        assertEquals(0.5, step.factor(11));
        assertEquals(0.25, step.factor(21));
        assertEquals(1.0, StepSchedule.parse(" Constant ").factor(1000));
        assertThrows(IllegalArgumentException.class, () -> exp.factor(0));
    }

    @Test
    void fixedStepOptimizersTakeTheScheduledStep() {
        Problem problem = Problem.smooth(new DiagonalQuadratic(5, 10));
        for (String method : List.of("gd", "momentum", "nesterov", "adam", "rmsprop")) {
            Optimizer o = Optimizers.create(OptimizerSettings.of(method).withStepSize("0.08").withSchedule("exp:0.9"));
            List<OptimizerState> run = Runs.trajectory(o, problem, new double[5], 6);
            assertEquals(0.0, run.get(0).stepSize(), method);
            for (int k = 1; k < run.size(); k++) {
                assertEquals(0.08 * StrictMath.pow(0.9, k - 1), run.get(k).stepSize(), 0.0, method + " " + k);
            }
        }
    }
}
