package dev.fullbatch.job;

import dev.fullbatch.optim.Newton;
import dev.fullbatch.optim.OptimizerSettings;
import java.util.Map;

/**
 * How the optimizer moves ({@code --optimizer} and its options, {@code --standardize}) and where it starts
 * ({@code --init-model}). Immutable.
 *
 * @param settings the optimizer's settings, checked to fit together when parsed
 * @param standardize precondition by feature scale (changes the path, not the optimum)
 * @param initModel a model directory whose model starts the optimizer (a warm start, {@link InitialModel}), or null
 * @param initModelOptional {@code --init-model-optional}: when {@code initModel} holds no complete model, start cold
 *     (the first day of a daily warm-started retrain) instead of refusing
 */
record OptimizerSpec(OptimizerSettings settings, boolean standardize, String initModel, boolean initModelOptional)
        implements TrainSpec {

    /** Validates. */
    OptimizerSpec {
        initModel = initModel == null || initModel.isBlank() ? null : initModel.trim();
        if (initModelOptional && initModel == null) {
            throw new UsageException("--init-model-optional needs --init-model DIR: it says what to do when DIR holds"
                    + " no model; give --init-model, or drop --init-model-optional");
        }
    }

    /** A warm start from {@code initModel} that must be there (or none, with null). */
    OptimizerSpec(OptimizerSettings settings, boolean standardize, String initModel) {
        this(settings, standardize, initModel, false);
    }

    /** Starting from the model's initial point (no warm start). */
    OptimizerSpec(OptimizerSettings settings, boolean standardize) {
        this(settings, standardize, null);
    }

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
        if (settings.method().equals(Newton.NAME)) {
            m.put("max-dense-hessian", settings.maxDenseHessian());
        }
        m.put("init-model", initModel);
        if (initModelOptional) {
            // only when given, so that models and checkpoints written before the option compare equal
            m.put("init-model-optional", true);
        }
    }

    @Override
    public void writeFingerprintTo(Map<String, Object> m) {
        writeTo(m);
    }
}
