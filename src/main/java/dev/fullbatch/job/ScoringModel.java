package dev.fullbatch.job;

import dev.fullbatch.io.SavedModel;
import dev.fullbatch.model.BlockObjective;

/**
 * A saved model made ready to score, exactly as {@code predict} scores it: the objective {@code predict} rebuilds
 * from model.json (a linear model's kernels or a network's layers) and the model parameters, for callers outside
 * the command (the Spark ML models). Compute {@code objective().margins(block, parameters(), out)}.
 *
 * @param objective the data term whose margins are the model's outputs (one per row, or K for softmax)
 * @param parameters the model parameters in the objective's layout (weights, then intercepts or biases)
 */
public record ScoringModel(BlockObjective objective, double[] parameters) {
    /** Copies. */
    public ScoringModel {
        parameters = parameters.clone();
    }

    /** The parameters, a copy. */
    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    /**
     * Rebuilds the model in {@code saved} with {@code predict}'s own code.
     *
     * @param where the model.json location, for messages
     * @throws IllegalArgumentException when the file describes no model this build can score, with predict's message
     */
    public static ScoringModel of(SavedModel saved, String where) {
        ModelChoice choice;
        try {
            choice = ModelChoice.forScoring(saved, where);
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new ScoringModel(choice.objective(), choice.parameters(saved));
    }
}
