package dev.fullbatch.job;

import java.util.Map;

/**
 * One part of {@link TrainSettings}: a small record of related options, validated by its constructor (a
 * {@link UsageException} naming the option and the fix), that writes its own entries of model.json's
 * {@code config} and of the resume fingerprint. Keys are the option names without dashes.
 */
sealed interface TrainSpec permits DataSpec, ModelSpec, RegularizationSpec, OptimizerSpec, StoppingSpec, OutputSpec,
        SparkSpec, GlmSettings {

    /** Adds this spec's options, as model.json's {@code config} records them. */
    void writeTo(Map<String, Object> config);

    /**
     * Adds the options that decide a result's bits, which {@code --resume} requires unchanged; options that may
     * change between a checkpoint and its resumption (budgets, the cluster's shape, where things go) are left out.
     */
    void writeFingerprintTo(Map<String, Object> fingerprint);
}
