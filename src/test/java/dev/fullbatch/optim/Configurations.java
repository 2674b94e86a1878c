package dev.fullbatch.optim;

import java.util.ArrayList;
import java.util.List;

/** The configurations the cross-cutting tests run: every method, auto and numeric steps, with and without L1. */
final class Configurations {

    /** One configuration: settings plus whether the problem gets an L1 part. */
    record Case(OptimizerSettings settings, boolean l1) {
        @Override
        public String toString() {
            return settings.method() + " step=" + settings.stepSize() + " schedule=" + settings.schedule()
                    + (l1 ? " +L1" : "");
        }
    }

    private Configurations() {
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        String[][] numeric = {{"gd", "0.5", "inv-sqrt"}, {"momentum", "0.1", "constant"},
            {"nesterov", "0.5", "step:5:0.9"}, {"bb", "0.3", "constant"}, {"lbfgs", "0.5", "constant"},
            {"adam", "0.05", "exp:0.99"}, {"rmsprop", "0.01", "constant"}};
        for (String[] n : numeric) {
            String method = n[0];
            OptimizerSettings auto = OptimizerSettings.of(method).withLbfgsMemory(3);
            OptimizerSettings fixed = auto.withStepSize(n[1]).withSchedule(n[2]);
            cases.add(new Case(auto, false));
            cases.add(new Case(fixed, false));
            if (Optimizers.L1_METHODS.contains(method)) {
                cases.add(new Case(auto, true));
                cases.add(new Case(fixed, true));
            }
        }
        return cases;
    }

    /** The logistic test problem, with an L1 part on the weights (not the intercept) when asked. */
    static Problem problem(boolean l1) {
        LogisticRegression f = new LogisticRegression(120, 8, 1e-3, 11);
        return new Problem(f, l1 ? L1Penalty.uniform(0.02, f.dimension(), f.dimension() - 1) : null);
    }
}
