package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pass counts in the state are exactly the calls made on the function. */
class PassCountingTest {

    static List<Configurations.Case> cases() {
        return Configurations.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void stateCountsEveryCallOnTheFunction(Configurations.Case c) {
        Problem counted = Configurations.problem(c.l1());
        CountingFunction f = new CountingFunction(counted.smooth());
        Problem problem = new Problem(f, counted.l1());
        Optimizer optimizer = Optimizers.create(c.settings());
        OptimizerState s = optimizer.start(new double[problem.dimension()], problem);
        assertEquals(1, f.evaluations(), "start is one gradient pass");
        assertEquals(0, f.values());
        assertEquals(1, s.gradientPasses());
        assertEquals(0, s.valuePasses());
        String method = c.settings().method();
        // no line search: fixed-step gd, momentum, nesterov, and adam and rmsprop always
        boolean oneGradientPassPerStep = method.equals("adam") || method.equals("rmsprop")
                || !c.settings().isAutoStep() && !method.equals("bb") && !method.equals("lbfgs");
        for (int i = 1; i <= 30; i++) {
            s = optimizer.step(s, problem);
            assertEquals(f.evaluations(), s.gradientPasses(), c + " gradient passes at " + i);
            assertEquals(f.values(), s.valuePasses(), c + " objective-only passes at " + i);
            if (oneGradientPassPerStep) {
                assertEquals(i + 1, s.gradientPasses(), c + " makes exactly one pass per iteration");
                assertEquals(0, s.valuePasses(), c.toString());
            }
        }
    }
}
