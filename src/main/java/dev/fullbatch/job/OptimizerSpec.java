package dev.fullbatch.job;

import dev.fullbatch.optim.OptimizerSettings;
import java.util.Map;

/**
 * How the optimizer moves ({@code --optimizer} and its options, {@code --standardize}). Immutable.
 *
 * @param settings the optimizer's settings, checked to fit together when parsed
 * @param standardize precondition by feature scale (changes the path, not the optimum)
 */
record OptimizerSpec(OptimizerSettings settings, boolean standardize) implements TrainSpec {

    /** The optimizer's name, e.g. "lbfgs". */
    String method() {
        return settings.method();
    }

    @Override
    public void writeTo(Map<String, Object> m) {
        m.put("standardize", standardize);
        m.put("optimizer", settings.method());
        m.put("step-size", settings.stepSize());
        m.put("schedule", settings.schedule());
        m.put("lbfgs-memory", settings.lbfgsMemory());
        m.put("momentum", settings.momentum());
    }

    @Override
    public void writeFingerprintTo(Map<String, Object> m) {
        writeTo(m);
    }
}
