package dev.fullbatch.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code train} was asked to do, validated, as one spec per concern. Immutable; recorded in full in
 * model.json ({@link #toMap}), and its result-defining part in checkpoints ({@link #resultDefining}) so that
 * {@code --resume} can refuse a changed configuration, naming each difference.
 *
 * <p>Adding an option: a component (and its check) in the one spec it belongs to, written by that spec's
 * {@code writeTo} (and {@code writeFingerprintTo} when it changes results), plus its {@code @Option} line in
 * {@link TrainCommand}. docs/architecture.md says more.
 *
 * @param data what is read and how
 * @param model the objective and the model's layout
 * @param regularization the penalties
 * @param optimizer the optimizer and preconditioning
 * @param stopping when training stops
 * @param output where the model goes, checkpoints
 * @param spark where the passes run
 * @param glm the Tweedie power, class weights, bounds and penalty factors (issue 16)
 */
public record TrainSettings(DataSpec data, ModelSpec model, RegularizationSpec regularization,
                            OptimizerSpec optimizer, StoppingSpec stopping, OutputSpec output, SparkSpec spark,
                            GlmSettings glm) {

    /** Settings without issue 16's options ({@link GlmSettings#none()}). */
    public TrainSettings(DataSpec data, ModelSpec model, RegularizationSpec regularization, OptimizerSpec optimizer,
                         StoppingSpec stopping, OutputSpec output, SparkSpec spark) {
        this(data, model, regularization, optimizer, stopping, output, spark, GlmSettings.none());
    }

    /** Validates what no single spec can: the options that only make sense together. */
    public TrainSettings {
        if (glm == null) {
            glm = GlmSettings.none();
        }
        if (stopping.patience() > 0 && data.validation() == null) {
            throw new UsageException("--patience needs --validation data to watch");
        }
    }

    private List<TrainSpec> specs() {
        return List.of(data, model, regularization, optimizer, stopping, output, spark, glm);
    }

    /** The configuration as option name to value, as written to model.json: each spec's part, in spec order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (TrainSpec spec : specs()) {
            spec.writeTo(m);
        }
        return m;
    }

    /**
     * The settings that decide the result's bits, for comparing a checkpoint with a resumed run: each spec's
     * fingerprint. Budgets (iterations, time), the cluster shape (partitions, tree depth, master) and where things go
     * may change.
     */
    public Map<String, Object> resultDefining() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (TrainSpec spec : specs()) {
            spec.writeFingerprintTo(m);
        }
        return m;
    }
}
