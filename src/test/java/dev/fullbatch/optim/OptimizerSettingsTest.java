package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Settings are validated with messages that name the option and the offending value. */
class OptimizerSettingsTest {

    private static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void defaultsArePlainGradientDescentWithAutoStep() {
        OptimizerSettings d = OptimizerSettings.defaults();
        assertEquals("gd", d.method());
        assertTrue(d.isAutoStep());
        assertEquals("constant", d.schedule());
        assertEquals(10, d.lbfgsMemory());
        assertEquals(0.9, d.momentum());
        assertEquals("gd", Optimizers.create(d).name());
    }

    @Test
    void everyMethodCreatesTheOptimizerOfThatName() {
        for (String method : Optimizers.METHODS) {
            assertEquals(method, Optimizers.create(OptimizerSettings.of(method)).name());
            if (!method.equals(Newton.NAME)) {
                assertEquals(method, Optimizers.create(OptimizerSettings.of(method).withStepSize("0.1")).name());
            }
        }
    }

    @Test
    void newtonRefusesAStepSizeAScheduleAnL1PenaltyAndANegativeDenseLimit() {
        OptimizerSettings newton = OptimizerSettings.of(Newton.NAME);
        assertTrue(message(() -> Optimizers.create(newton.withStepSize("0.5"))).startsWith(
                "--step-size 0.5 does not apply to --optimizer newton"));
        assertTrue(message(() -> Optimizers.create(newton.withSchedule("inv-sqrt"))).startsWith(
                "--schedule inv-sqrt does not apply to --optimizer newton"));
        assertEquals(Newton.l1Refusal(), message(() -> Optimizers.requireL1Support(newton)));
        assertTrue(message(() -> newton.withMaxDenseHessian(-1)).startsWith(
                "--max-dense-hessian must be an integer from 0 to"));
        assertEquals(OptimizerSettings.DEFAULT_MAX_DENSE_HESSIAN, newton.maxDenseHessian());
    }

    @Test
    void negativeStepSizeIsRejectedNamingTheOption() {
        assertEquals("--step-size must be a positive number or 'auto', got -1",
                message(() -> OptimizerSettings.defaults().withStepSize("-1")));
        assertEquals("--step-size must be a positive number or 'auto', got fast",
                message(() -> OptimizerSettings.defaults().withStepSize("fast")));
        assertTrue(message(() -> OptimizerSettings.defaults().withStepSize("0")).contains("got 0"));
        assertTrue(message(() -> OptimizerSettings.defaults().withStepSize("NaN")).contains("--step-size"));
    }

    @Test
    void unknownMethodIsRejectedListingTheChoices() {
        assertEquals("--optimizer must be one of gd, momentum, nesterov, bb, lbfgs, adam, rmsprop, newton, got 'sgd'",
                message(() -> OptimizerSettings.of("sgd")));
    }

    @Test
    void malformedSchedulesAreRejected() {
        assertTrue(message(() -> OptimizerSettings.defaults().withSchedule("cosine"))
                .startsWith("--schedule must be constant, inv-sqrt, exp:GAMMA or step:EVERY:GAMMA, got 'cosine'"));
        assertTrue(message(() -> OptimizerSettings.defaults().withSchedule("exp:1.5")).contains("(0, 1]"));
        assertTrue(message(() -> OptimizerSettings.defaults().withSchedule("step:0:0.5")).contains("EVERY"));
        assertTrue(message(() -> OptimizerSettings.defaults().withSchedule("step:x:0.5")).contains("EVERY"));
        assertTrue(message(() -> OptimizerSettings.defaults().withSchedule("exp:")).contains("GAMMA"));
    }

    @Test
    void outOfRangeNumbersAreRejectedNamingTheOption() {
        assertEquals("--lbfgs-memory must be an integer from 1 to 1000, got 0",
                message(() -> OptimizerSettings.defaults().withLbfgsMemory(0)));
        assertEquals("--momentum must be in [0, 1), got 1.0",
                message(() -> OptimizerSettings.defaults().withMomentum(1.0)));
        assertTrue(message(() -> OptimizerSettings.defaults().withAdam(0.9, 1.0)).startsWith("--beta2"));
        assertTrue(message(() -> OptimizerSettings.defaults().withAdam(-0.1, 0.9)).startsWith("--beta1"));
        assertTrue(message(() -> OptimizerSettings.defaults().withRho(1.5)).startsWith("--rho"));
        assertTrue(message(() -> OptimizerSettings.defaults().withEpsilon(0)).startsWith("--epsilon"));
    }

    @Test
    void scheduleNeedsANumericStepWhereALineSearchWouldChoose() {
        assertEquals("--schedule inv-sqrt needs a numeric --step-size for --optimizer gd; with --step-size auto"
                        + " every step is chosen by a line search",
                message(() -> Optimizers.create(OptimizerSettings.of("gd").withSchedule("inv-sqrt"))));
        assertTrue(message(() -> Optimizers.create(OptimizerSettings.of("lbfgs").withSchedule("exp:0.9")))
                .contains("does not apply to --optimizer lbfgs"));
        assertTrue(message(() -> Optimizers.create(OptimizerSettings.of("bb").withStepSize("0.1")
                .withSchedule("inv-sqrt"))).contains("does not apply to --optimizer bb"));
        // adaptive methods scale their default learning rate by the schedule
        assertEquals("adam", Optimizers.create(OptimizerSettings.of("adam").withSchedule("inv-sqrt")).name());
        assertEquals("gd", Optimizers.create(OptimizerSettings.of("gd").withStepSize("0.1")
                .withSchedule("step:10:0.5")).name());
    }

    @Test
    void l1WithAnOptimizerThatLacksItNamesTheOnesThatHaveIt() {
        String expected = "--optimizer adam does not support --reg-l1; use one of gd, momentum, nesterov, bb, lbfgs"
                + " (or --reg-l1 0)";
        assertEquals(expected, message(() -> Optimizers.requireL1Support(OptimizerSettings.of("adam"))));
        Problem lasso = new Problem(new DiagonalQuadratic(3, 10), L1Penalty.uniform(0.1, 3));
        assertEquals(expected, message(() -> Runs.create("adam").start(new double[3], lasso)));
        assertTrue(message(() -> Runs.create("rmsprop").start(new double[3], lasso)).contains("rmsprop"));
        for (String method : Optimizers.L1_METHODS) {
            Optimizers.requireL1Support(OptimizerSettings.of(method));
            assertTrue(Runs.create(method).supportsL1(), method);
        }
    }
}
