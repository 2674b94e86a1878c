package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.loss.OutputLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinearObjectiveTest {

    /** Rows whose features mix huge values of both signs with tiny ones, so naive sums cancel badly. */
    static List<Block> cancellingBlocks(LossKind kind, int d, int blocks, int rowsPerBlock, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Block> out = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            BlockBuilder builder = BlockBuilder.sparse();
            for (int i = 0; i < rowsPerBlock; i++) {
                for (int j = 0; j < d; j++) {
                    if (rnd.nextDouble() < 0.3) {
                        continue;
                    }
                    double scale = switch (rnd.nextInt(4)) {
                        case 0 -> 1e8;
                        case 1 -> 1e-8;
                        case 2 -> 1.0;
                        default -> 1e3;
                    };
                    double v = (rnd.nextBoolean() ? 1 : -1) * scale * (0.5 + rnd.nextDouble());
                    builder.addValue(j, v);
                }
                builder.endRow(label(kind, rnd), 1.0);
            }
            out.add(builder.build(b, d, false, false));
        }
        return out;
    }

    static double label(LossKind kind, SplittableRandom rnd) {
        return switch (kind) {
            case LOGISTIC, SQUARED_HINGE -> rnd.nextBoolean() ? 1.0 : -1.0;
            case SOFTMAX -> rnd.nextInt(3);
            case POISSON, TWEEDIE -> rnd.nextInt(5);
            case GAMMA -> 0.1 + 3 * rnd.nextDouble();
            default -> (rnd.nextBoolean() ? 1e6 : -1e6) * rnd.nextDouble();
        };
    }

    static double[] parameters(int dim, long seed, double scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] p = new double[dim];
        for (int j = 0; j < dim; j++) {
            p[j] = scale * (rnd.nextDouble() - 0.5);
        }
        return p;
    }

    static PartialSums sum(LinearObjective objective, List<Block> blocks, double[] p, boolean vector) {
        return new LocalReduction(blocks).aggregate(objective, p, vector, "test");
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void matchesExactReferenceOnCancellingSparseAndDenseData(LossKind kind) {
        int d = 7;
        OutputLoss loss = kind.create(3, 1.0, 1.5);
        LinearObjective objective = new LinearObjective(loss, d, true);
        List<Block> sparse = cancellingBlocks(kind, d, 5, 150, 11);
        List<Block> dense = new ArrayList<>();
        for (Block b : sparse) {
            dense.add(((SparseBlock) b).toDense(d, false));
        }
        // log-link losses amplify a margin's rounding by the margin itself (exp): keep their margins of order 1, so
        // that what is compared is the summation, as for the other losses
        double[] p = parameters(objective.dimension(), 5, kind.isLogLink() ? 1e-8 : 1e-6);
        ExactReference ref = new ExactReference(sparse, loss, d, true, p);
        for (List<Block> data : List.of(sparse, dense)) {
            PartialSums s = sum(objective, data, p, true);
            assertEquals(ref.weight, s.weightSum());
            assertTrue(Math.abs(s.lossSum() - ref.loss) <= 1e-14 * ref.lossAbs,
                    () -> kind + " loss " + s.lossSum() + " vs " + ref.loss);
            double[] g = s.vectorSum();
            for (int j = 0; j < g.length; j++) {
                int jj = j;
                assertTrue(Math.abs(g[j] - ref.gradient[j]) <= 1e-14 * ref.gradientAbs[j],
                        () -> kind + " gradient[" + jj + "] " + g[jj] + " vs exact " + ref.gradient[jj]
                                + " (abs sum " + ref.gradientAbs[jj] + ")");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void gradientMatchesCentralFiniteDifferences(LossKind kind) {
        int d = 4;
        OutputLoss loss = kind.create(3, 0.7, 1.5);
        LinearObjective objective = new LinearObjective(loss, d, true);
        SplittableRandom rnd = new SplittableRandom(3);
        BlockBuilder builder = BlockBuilder.dense(d);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < d; j++) {
                builder.addValue(j, rnd.nextDouble() * 2 - 1);
            }
            builder.endRow(kind == LossKind.LEAST_SQUARES || kind == LossKind.HUBER ? rnd.nextDouble() * 3
                    : label(kind, rnd), 0.5 + rnd.nextDouble());
        }
        List<Block> blocks = List.of(builder.build(0, d, false, false));
        double[] p = parameters(objective.dimension(), 9, 1.0);
        double[] g = sum(objective, blocks, p, true).vectorSum();
        for (int j = 0; j < p.length; j++) {
            double h = 1e-6;
            double[] a = p.clone();
            double[] b = p.clone();
            a[j] += h;
            b[j] -= h;
            double fd = (sum(objective, blocks, a, false).lossSum() - sum(objective, blocks, b, false).lossSum())
                    / (2 * h);
            assertEquals(fd, g[j], 1e-6 * Math.max(1, Math.abs(fd)), kind + " component " + j);
        }
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void blockOrderAndGroupingNeverChangeTheBits(LossKind kind) {
        int d = 6;
        LinearObjective objective = new LinearObjective(kind.create(3, 1.0, 1.5), d, true);
        List<Block> blocks = cancellingBlocks(kind, d, 12, 70, 21);
        double[] p = parameters(objective.dimension(), 2, 1e-5);
        PartialSums reference = sum(objective, blocks, p, true);
        SplittableRandom rnd = new SplittableRandom(8);
        for (int trial = 0; trial < 20; trial++) {
            List<Block> shuffled = new ArrayList<>(blocks);
            java.util.Collections.shuffle(shuffled, new java.util.Random(rnd.nextLong()));
            // Random groups merged in a random tree, as treeAggregate might.
            List<PartialSums> parts = new ArrayList<>();
            int i = 0;
            while (i < shuffled.size()) {
                int n = 1 + rnd.nextInt(4);
                PartialSums s = new PartialSums(objective.dimension(), true);
                for (int k = i; k < Math.min(i + n, shuffled.size()); k++) {
                    objective.accumulate(shuffled.get(k), p, s);
                }
                parts.add(s);
                i += n;
            }
            while (parts.size() > 1) {
                int a = rnd.nextInt(parts.size());
                PartialSums x = parts.remove(a);
                int b = rnd.nextInt(parts.size());
                parts.set(b, rnd.nextBoolean() ? parts.get(b).merge(x) : x.merge(parts.get(b)));
            }
            PartialSums merged = parts.get(0);
            assertEquals(Double.doubleToRawLongBits(reference.lossSum()), Double.doubleToRawLongBits(merged.lossSum()));
            double[] g0 = reference.vectorSum();
            double[] g1 = merged.vectorSum();
            for (int j = 0; j < g0.length; j++) {
                assertEquals(Double.doubleToRawLongBits(g0[j]), Double.doubleToRawLongBits(g1[j]), "component " + j);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void floatStorageRoundsFeaturesOnceAndMatchesDoubleStorageOfTheRoundedValues(LossKind kind) {
        int d = 5;
        LinearObjective objective = new LinearObjective(kind.create(3, 1.0, 1.5), d, true);
        List<Block> sparse = cancellingBlocks(kind, d, 3, 50, 4);
        List<Block> asFloat = new ArrayList<>();
        List<Block> rounded = new ArrayList<>();
        for (Block b : sparse) {
            SparseBlock s = (SparseBlock) b;
            asFloat.add(s.toDense(d, true));
            double[] v = s.values().clone();
            for (int q = 0; q < v.length; q++) {
                v[q] = (float) v[q];
            }
            rounded.add(new SparseBlock(s.id(), d, s.labels(), s.weights(), s.rowStart(), s.columns(), v, null)
                    .toDense(d, false));
        }
        double[] p = parameters(objective.dimension(), 1, 1e-6);
        double[] a = sum(objective, asFloat, p, true).vectorSum();
        double[] b = sum(objective, rounded, p, true).vectorSum();
        for (int j = 0; j < a.length; j++) {
            assertEquals(Double.doubleToRawLongBits(b[j]), Double.doubleToRawLongBits(a[j]));
        }
    }
}
