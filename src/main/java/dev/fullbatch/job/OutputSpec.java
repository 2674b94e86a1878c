package dev.fullbatch.job;

import java.util.Map;

/**
 * Where the model goes and how the run survives a crash ({@code --output}, {@code --overwrite}, {@code --resume},
 * {@code --checkpoint-every}, {@code --checkpoint-interval}) and what it holds besides the model
 * ({@code --statistics}). None of it changes a result's bits. Immutable.
 *
 * @param output the model directory URI
 * @param overwrite replace a model (or discard an unfinished run) fullbatch wrote there
 * @param resume continue from the newest checkpoint
 * @param checkpointEvery iterations between checkpoints (0: never)
 * @param checkpointSeconds seconds between checkpoints (0: never)
 * @param statistics write the coefficient statistics (standard errors, p-values, intervals) of a linear model
 */
record OutputSpec(String output, boolean overwrite, boolean resume, int checkpointEvery, double checkpointSeconds,
                  boolean statistics) implements TrainSpec {

    /** Without statistics. */
    OutputSpec(String output, boolean overwrite, boolean resume, int checkpointEvery, double checkpointSeconds) {
        this(output, overwrite, resume, checkpointEvery, checkpointSeconds, false);
    }

    /** Validates. */
    OutputSpec {
        TrainCommand.require(output, "--output", "the model directory to write, e.g. --output file:/models/run1");
        if (overwrite && resume) {
            throw new UsageException("--overwrite and --resume conflict: --resume continues the run in --output, "
                    + "--overwrite replaces it; give one");
        }
        TrainCommand.nonNegative("--checkpoint-every", checkpointEvery);
        TrainCommand.nonNegativeReal("--checkpoint-interval", checkpointSeconds);
    }

    /** Whether the run writes checkpoints at all. */
    boolean checkpointing() {
        return checkpointEvery > 0 || checkpointSeconds > 0;
    }

    @Override
    public void writeTo(Map<String, Object> m) {
        m.put("checkpoint-every", checkpointEvery);
        m.put("checkpoint-interval", checkpointSeconds);
        m.put("output", output);
        m.put("statistics", statistics);
    }

    @Override
    public void writeFingerprintTo(Map<String, Object> m) {
    }
}
