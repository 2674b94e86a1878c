package dev.fullbatch.metrics;

import dev.fullbatch.data.Block;
import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.math.DeterministicMath;
import dev.fullbatch.model.BlockObjective;
import java.io.Serial;

/**
 * One evaluation pass of a model over its data, as a typed reduction: an empty {@link MetricSummary}, a block's rows
 * scored by the model and added, two partials merged: a {@link BlockAggregator}. The engine runs
 * it with the model's parameters; the merged summary gives the {@link ModelMetrics}. Any grouping of blocks into
 * tasks and any merge order give the same bits.
 *
 * <p>Binary models are read through the logistic link (whatever loss trained them, as predict does), softmax
 * models through softmax; a regression model's prediction is its margin (offsets included), or for the log-link
 * families (poisson, gamma, tweedie) the mean exp(margin) ({@link DeterministicMath#exp}). Immutable and
 * serializable: it travels to the executors with each pass.
 */
public final class ModelEvaluation implements BlockAggregator<MetricSummary> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final BlockObjective model;
    private final LossKind loss;
    private final int rankingBudget;

    /**
     * @param model scores blocks
     * @param loss the model's objective, which decides how its outputs are read
     * @param rankingBudget the most distinct scores a binary model's ranking keeps on the driver
     *     ({@link ScoreRanking#DEFAULT_BUDGET})
     */
    public ModelEvaluation(BlockObjective model, LossKind loss, int rankingBudget) {
        this.model = model;
        this.loss = loss;
        this.rankingBudget = rankingBudget;
    }

    /** A new, empty partial. */
    @Override
    public MetricSummary zero() {
        if (!loss.isClassification()) {
            return new RegressionSummary();
        }
        return loss.isBinary() ? new BinarySummary(rankingBudget) : new MulticlassSummary(model.outputs());
    }

    /**
     * Scores a block with {@code parameters} and adds its rows to {@code partial}.
     *
     * @return the partial
     */
    @Override
    public MetricSummary add(MetricSummary partial, Block block, double[] parameters) {
        double[] outputs = new double[block.rows() * model.outputs()];
        model.margins(block, parameters, outputs);
        if (loss.isLogLink()) {
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = DeterministicMath.exp(outputs[i]);
            }
        }
        return partial.addBlock(block, outputs);
    }

    /**
     * Merges two partials.
     *
     * @return {@code left}, with {@code right}'s rows
     */
    @Override
    public MetricSummary merge(MetricSummary left, MetricSummary right) {
        return left.merge(right);
    }
}
