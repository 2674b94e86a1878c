package dev.fullbatch.select;

import dev.fullbatch.data.Block;
import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.model.BlockReduction;
import dev.fullbatch.model.MetricSums;
import dev.fullbatch.model.PartialSums;
import java.util.Arrays;

/**
 * One pass that sums the objective of K+1 models at once: model 0 is fitted on every row, model {@code f + 1} on the
 * rows outside fold {@code f}, and each fold model is also scored on its own fold. Per block, the rows are split by
 * fold once ({@link FoldBlocks}); each fold's rows are added to the K models that do not hold it out and, for
 * scoring, to its own model's held-out sums. So a pass reads the cached data once, whatever K.
 *
 * <p>The parameters are the models' parameters one after the other ({@code dimension} each, K+1 slots); a model
 * that asked for nothing in this pass has {@link Ask#NONE} and its slot is ignored. Partial: {@code 3K+1}
 * {@link PartialSums} (model 0, the K fold models' training sums, their held-out loss sums, then their held-out
 * {@link MetricSums}), null where unused.
 * Every sum is exact, so the result does not depend on how blocks are grouped. Immutable.
 */
final class FoldPass implements BlockAggregator<PartialSums[]> {
    private static final long serialVersionUID = 1L;

    /** What a model asks of a pass. */
    enum Ask {
        /** Nothing (it is waiting, or done). */
        NONE,
        /** Its training loss only (a line search). */
        VALUE,
        /** Its training loss and gradient. */
        GRADIENT,
        /** Its loss on its held-out fold (fold models only). */
        HELD_OUT
    }

    private final BlockReduction objective;
    private final MetricSums metrics;
    private final FoldAssignment folds;
    private final RowOffsets offsets;
    private final Ask[] asks;

    /**
     * @param objective the model's data term
     * @param metrics the held-out metric sums (squared error, correct predictions)
     * @param folds the fold of each row (null without cross-validation: model 0 only)
     * @param offsets each block's first global row (null without cross-validation)
     * @param asks one per model: 1 + K of them
     */
    FoldPass(BlockReduction objective, MetricSums metrics, FoldAssignment folds, RowOffsets offsets, Ask[] asks) {
        this.objective = objective;
        this.metrics = metrics;
        this.folds = folds;
        this.offsets = offsets;
        this.asks = asks.clone();
    }

    private int k() {
        return asks.length - 1;
    }

    @Override
    public PartialSums[] zero() {
        int k = k();
        PartialSums[] sums = new PartialSums[3 * k + 1];
        for (int m = 0; m <= k; m++) {
            Ask a = asks[m];
            if (a == Ask.VALUE || a == Ask.GRADIENT) {
                sums[m] = new PartialSums(objective.dimension(), a == Ask.GRADIENT);
            } else if (a == Ask.HELD_OUT) {
                sums[k + m] = new PartialSums(objective.dimension(), false);
                sums[2 * k + m] = new PartialSums(metrics.dimension(), true);
            }
        }
        return sums;
    }

    @Override
    public PartialSums[] add(PartialSums[] partial, Block block, double[] parameters) {
        int dim = objective.dimension();
        int k = k();
        if (partial[0] != null) {
            objective.accumulate(block, Arrays.copyOfRange(parameters, 0, dim), partial[0]);
        }
        boolean foldWork = false;
        for (int m = 1; m <= k; m++) {
            foldWork |= asks[m] != Ask.NONE;
        }
        if (!foldWork) {
            return partial;
        }
        Block[] byFold = FoldBlocks.split(block, FoldBlocks.foldsOf(block, offsets.firstRow(block.id()), folds), k);
        for (int m = 1; m <= k; m++) {
            if (asks[m] == Ask.NONE) {
                continue;
            }
            double[] p = Arrays.copyOfRange(parameters, m * dim, (m + 1) * dim);
            if (asks[m] == Ask.HELD_OUT) {
                objective.accumulate(byFold[m - 1], p, partial[k + m]);
                metrics.accumulate(byFold[m - 1], p, partial[2 * k + m]);
            } else {
                for (int f = 0; f < k; f++) {
                    if (f != m - 1) {
                        objective.accumulate(byFold[f], p, partial[m]);
                    }
                }
            }
        }
        return partial;
    }

    @Override
    public PartialSums[] merge(PartialSums[] left, PartialSums[] right) {
        for (int i = 0; i < left.length; i++) {
            if (left[i] != null) {
                left[i] = left[i].merge(right[i]);
            }
        }
        return left;
    }
}
