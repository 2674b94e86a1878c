package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same run twice gives the same bits: fresh optimizer, fresh problem, and the second run on code the JIT has by
 * then compiled while the first partly ran interpreted.
 */
class DeterminismTest {

    static List<Configurations.Case> cases() {
        return Configurations.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void identicalRunsGiveIdenticalBits(Configurations.Case c) {
        List<OptimizerState> first = run(c);
        for (int repeat = 0; repeat < 3; repeat++) {
            assertEquals(first, run(c), c.toString());
        }
    }

    private static List<OptimizerState> run(Configurations.Case c) {
        Problem problem = Configurations.problem(c.l1());
        return Runs.trajectory(Optimizers.create(c.settings()), problem, new double[problem.dimension()], 60);
    }
}
