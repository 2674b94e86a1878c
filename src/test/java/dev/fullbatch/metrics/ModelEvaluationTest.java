package dev.fullbatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.math.RandomPermutation;
import dev.fullbatch.model.LinearObjective;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The evaluation pass over blocks: the kind of metrics by objective, and the same bits for any grouping. */
class ModelEvaluationTest {
    private static final int D = 6;

    /** Blocks of random rows: sparse ones, weighted or not, labels for the loss. */
    private static List<Block> blocks(LossKind loss, SplittableRandom random) {
        List<Block> blocks = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            BlockBuilder builder = BlockBuilder.sparse();
            int rows = 1 + random.nextInt(300);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < D; j++) {
                    if (random.nextInt(3) > 0) {
                        builder.addValue(j, random.nextGaussian());
                    }
                }
                double label = loss == LossKind.SOFTMAX ? random.nextInt(3)
                        : loss.isBinary() ? random.nextInt(2)
                        : loss.isLogLink() ? 0.5 + random.nextInt(5) : 10 * random.nextGaussian();
                builder.endRow(label, b % 2 == 0 ? 1.0 : 0.5 + random.nextInt(4));
            }
            blocks.add(builder.build(b, D, random.nextBoolean(), false));
        }
        return blocks;
    }

    private static String evaluate(ModelEvaluation evaluation, List<Block> blocks, double[] parameters,
                                   SplittableRandom random) {
        List<MetricSummary> partials = new ArrayList<>();
        MetricSummary current = evaluation.zero();
        for (int i : RandomPermutation.of(blocks.size(), random)) {
            current = evaluation.add(current, blocks.get(i), parameters);
            if (random.nextInt(3) == 0) {
                partials.add(current);
                current = evaluation.zero();
            }
        }
        partials.add(current);
        MetricSummary total = evaluation.zero();
        for (int i : RandomPermutation.of(partials.size(), random)) {
            total = evaluation.merge(total, partials.get(i));
        }
        return total.metrics().toMap().toString();
    }

    @Test
    void everyObjectiveGetsItsKindOfMetricsWithTheSameBitsForAnyGrouping() {
        for (LossKind loss : LossKind.values()) {
            LinearObjective model = new LinearObjective(loss.create(3, 1.0, 1.5), D, true);
            SplittableRandom random = new SplittableRandom(loss.ordinal());
            double[] parameters = new double[model.dimension()];
            for (int j = 0; j < parameters.length; j++) {
                parameters[j] = random.nextGaussian();
            }
            List<Block> blocks = blocks(loss, random);
            ModelEvaluation evaluation = new ModelEvaluation(model, loss, ScoreRanking.DEFAULT_BUDGET);
            Class<?> kind = !loss.isClassification() ? RegressionSummary.class
                    : loss.isBinary() ? BinarySummary.class : MulticlassSummary.class;
            assertInstanceOf(kind, evaluation.zero(), loss.cliName());
            String first = evaluate(evaluation, blocks, parameters, new SplittableRandom(100));
            for (int seed = 101; seed < 105; seed++) {
                assertEquals(first, evaluate(evaluation, blocks, parameters, new SplittableRandom(seed)),
                        loss.cliName() + ", seed " + seed);
            }
            if (loss.isLogLink()) {
                // the prediction is the mean exp(margin): one row, margin 0.25 (the intercept alone)
                BlockBuilder one = BlockBuilder.sparse();
                one.endRow(2.0, 1.0);
                double[] p = new double[model.dimension()];
                p[p.length - 1] = 0.25;
                MetricSummary s = evaluation.add(evaluation.zero(), one.build(0, D, false, false), p);
                assertEquals(Math.abs(2.0 - dev.fullbatch.math.DeterministicMath.exp(0.25)),
                        ((RegressionMetrics) s.metrics()).mae());
            }
        }
    }
}
