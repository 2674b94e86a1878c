package dev.fullbatch.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Drives an optimizer in tests: the training loop reduced to its bones. */
final class Runs {

    private Runs() {
    }

    /** Every state from the start through {@code iterations} steps. */
    static List<OptimizerState> trajectory(Optimizer optimizer, Problem problem, double[] x0, int iterations) {
        List<OptimizerState> states = new ArrayList<>();
        OptimizerState s = optimizer.start(x0, problem);
        states.add(s);
        for (int i = 0; i < iterations; i++) {
            s = optimizer.step(s, problem);
            states.add(s);
        }
        return states;
    }

    /** Steps until {@code done} holds (checked from the start) or {@code maxIterations}; returns the last state. */
    static OptimizerState until(Optimizer optimizer, Problem problem, double[] x0, int maxIterations,
            Predicate<OptimizerState> done) {
        OptimizerState s = optimizer.start(x0, problem);
        while (!done.test(s) && s.iteration() < maxIterations) {
            s = optimizer.step(s, problem);
        }
        return s;
    }

    static Optimizer create(String method) {
        return Optimizers.create(OptimizerSettings.of(method));
    }
}
