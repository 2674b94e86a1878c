package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.LossKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Backpropagation through {@link NetworkObjective} against finite differences and a plain per-row network. */
class NetworkObjectiveTest {
    private static final double HUBER_DELTA = 0.7;
    private static final int CLASSES = 3;
    private static final double TWEEDIE_POWER = PerRowNetwork.TWEEDIE_POWER;

    static Stream<Arguments> everyActivationAndOutput() {
        List<Arguments> all = new ArrayList<>();
        for (Activation a : Activation.values()) {
            for (LossKind k : LossKind.values()) {
                all.add(Arguments.of(a, k));
            }
        }
        return all.stream();
    }

    static double label(LossKind kind, SplittableRandom rnd) {
        return switch (kind) {
            case LOGISTIC, SQUARED_HINGE -> rnd.nextBoolean() ? 1.0 : 0.0;
            case SOFTMAX -> rnd.nextInt(CLASSES);
            case POISSON, TWEEDIE -> rnd.nextInt(4);
            case GAMMA -> 0.2 + 2 * rnd.nextDouble();
            default -> 3 * rnd.nextDouble() - 1.5;
        };
    }

    /**
     * Two sparse blocks, 70 rows (a full run of 64 and a partial one) and 21 rows, with about 30% zeros and
     * instance weights in the second block.
     */
    static List<Block> sparseBlocks(LossKind kind, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Block> blocks = new ArrayList<>();
        int[] sizes = {70, 21};
        for (int b = 0; b < sizes.length; b++) {
            BlockBuilder builder = BlockBuilder.sparse();
            for (int i = 0; i < sizes[b]; i++) {
                for (int j = 0; j < d; j++) {
                    if (rnd.nextDouble() < 0.7) {
                        builder.addValue(j, 2 * rnd.nextDouble() - 1);
                    }
                }
                builder.endRow(label(kind, rnd), b == 0 ? 1.0 : 0.25 + 2 * rnd.nextDouble());
            }
            blocks.add(builder.build(b, d, false, false));
        }
        return blocks;
    }

    static List<Block> dense(List<Block> sparse, int d, boolean useFloat) {
        List<Block> out = new ArrayList<>();
        for (Block b : sparse) {
            out.add(((SparseBlock) b).toDense(d, useFloat));
        }
        return out;
    }

    static double[] parameters(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] p = new double[n];
        for (int k = 0; k < n; k++) {
            p[k] = 1.6 * rnd.nextDouble() - 0.8;
        }
        return p;
    }

    static PartialSums sum(BlockObjective objective, List<Block> blocks, double[] p, boolean vector) {
        return new LocalReduction(blocks).aggregate(objective, p, vector, "test");
    }

    static NetworkObjective network(int d, List<Integer> hidden, Activation activation, LossKind kind) {
        int outputs = kind == LossKind.SOFTMAX ? CLASSES : 1;
        return new NetworkObjective(kind.create(CLASSES, HUBER_DELTA, TWEEDIE_POWER),
                new NetworkShape(d, hidden, outputs, activation));
    }

    /**
     * Central differences of fourth order, {@code (8 (f(p+h) - f(p-h)) - (f(p+2h) - f(p-2h))) / 12h}, whose
     * truncation error (about h^4) is far below the 1e-6 tolerance, so any disagreement beyond rounding is a wrong
     * derivative.
     */
    @ParameterizedTest(name = "{0} hidden units, {1} output")
    @MethodSource("everyActivationAndOutput")
    void backpropagatedGradientEqualsCentralFiniteDifferences(Activation activation, LossKind kind) {
        int d = 5;
        NetworkObjective objective = network(d, List.of(4, 3), activation, kind);
        List<Block> blocks = sparseBlocks(kind, d, 17);
        double[] p = parameters(objective.dimension(), 5);
        double[] g = sum(objective, blocks, p, true).vectorSum();
        double largest = 0;
        for (double v : g) {
            largest = Math.max(largest, Math.abs(v));
        }
        double h = 1e-4;
        for (int k = 0; k < p.length; k++) {
            double fd = (8 * (loss(objective, blocks, p, k, h) - loss(objective, blocks, p, k, -h))
                    - (loss(objective, blocks, p, k, 2 * h) - loss(objective, blocks, p, k, -2 * h))) / (12 * h);
            double error = Math.abs(fd - g[k]);
            // Relative 1e-6; a component below 1e-3 of the largest is held to 1e-9 of the largest instead, still far
            // above the differences' own rounding (about 1e-16 |f| / h) but meaningful for a (nearly) zero one.
            double allowed = 1e-6 * Math.max(Math.abs(fd), 1e-3 * largest);
            int kk = k;
            assertTrue(error <= allowed, () -> activation + "/" + kind + " parameter " + kk + ": backprop " + g[kk]
                    + ", finite differences " + fd + " (error " + error + ", allowed " + allowed + ")");
        }
        assertTrue(largest > 1e-3, "the gradient is not trivially zero");
    }

    private static double loss(NetworkObjective objective, List<Block> blocks, double[] p, int k, double step) {
        double[] q = p.clone();
        q[k] += step;
        return sum(objective, blocks, q, false).lossSum();
    }

    @ParameterizedTest(name = "{0} hidden units, {1} output")
    @MethodSource("everyActivationAndOutput")
    void lossGradientAndMarginsEqualAPlainPerRowNetworkForEveryStorage(Activation activation, LossKind kind) {
        int d = 6;
        NetworkObjective objective = network(d, List.of(5, 4), activation, kind);
        List<Block> sparse = sparseBlocks(kind, d, 23);
        double[] p = parameters(objective.dimension(), 7);
        PerRowNetwork reference = new PerRowNetwork(objective.shape(), kind, HUBER_DELTA, p, sparse);
        for (List<Block> blocks : List.of(sparse, dense(sparse, d, false))) {
            assertAgrees(objective, blocks, p, reference, activation + "/" + kind);
        }
        List<Block> floats = dense(sparse, d, true);
        assertAgrees(objective, floats, p, new PerRowNetwork(objective.shape(), kind, HUBER_DELTA, p, floats),
                activation + "/" + kind + " float32");
    }

    static void assertAgrees(NetworkObjective objective, List<Block> blocks, double[] p, PerRowNetwork reference,
                             String what) {
        PartialSums s = sum(objective, blocks, p, true);
        assertEquals(reference.weightSum, s.weightSum(), 1e-14 * reference.weightSum, what + " weight");
        assertEquals(reference.lossSum, s.lossSum(), 1e-12 * Math.abs(reference.lossSum), what + " loss");
        double[] g = s.vectorSum();
        double largest = 0;
        for (double v : reference.gradient) {
            largest = Math.max(largest, Math.abs(v));
        }
        for (int k = 0; k < g.length; k++) {
            assertEquals(reference.gradient[k], g[k], 1e-12 * largest, what + " gradient component " + k);
        }
        int outputs = objective.outputs();
        int r = 0;
        for (Block block : blocks) {
            double[] m = new double[block.rows() * outputs];
            objective.margins(block, p, m);
            for (int q = 0; q < m.length; q++) {
                double expected = reference.margins[r * outputs + q];
                assertEquals(expected, m[q], 1e-13 * Math.max(1, Math.abs(expected)), what + " margin " + q);
            }
            r += block.rows();
        }
    }

    @ParameterizedTest(name = "{0} hidden units, {1} output")
    @MethodSource("everyActivationAndOutput")
    void blocksOfSeveralFoldsAgreeWithThePerRowNetwork(Activation activation, LossKind kind) {
        // 300 rows: a fold of four full runs, then a partial run folded on its own; hidden widths off the vectors'.
        int d = 11;
        SplittableRandom rnd = new SplittableRandom(29);
        BlockBuilder builder = BlockBuilder.sparse();
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < d; j++) {
                if (rnd.nextDouble() < 0.8) {
                    builder.addValue(j, 2 * rnd.nextDouble() - 1);
                }
            }
            builder.endRow(label(kind, rnd), 0.25 + 2 * rnd.nextDouble());
        }
        List<Block> sparse = List.of(builder.build(0, d, false, false));
        NetworkObjective objective = network(d, List.of(13, 9), activation, kind);
        double[] p = parameters(objective.dimension(), 5);
        PerRowNetwork reference = new PerRowNetwork(objective.shape(), kind, HUBER_DELTA, p, sparse);
        for (List<Block> blocks : List.of(sparse, dense(sparse, d, false))) {
            assertAgrees(objective, blocks, p, reference, activation + "/" + kind + " 300 rows");
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void wideSparseInputsFoldOnlyTheTouchedColumnsAndStayExact(Activation activation) {
        int d = 3000;
        SplittableRandom rnd = new SplittableRandom(41);
        BlockBuilder builder = BlockBuilder.sparse();
        for (int i = 0; i < 150; i++) {
            int column = rnd.nextInt(d - 10);
            for (int q = 0; q < 3; q++) {
                column += 1 + rnd.nextInt(3);
                builder.addValue(column, 2 * rnd.nextDouble() - 1);
            }
            builder.endRow(rnd.nextInt(CLASSES), 1.0);
        }
        List<Block> blocks = List.of(builder.build(0, d, false, false));
        NetworkObjective objective = network(d, List.of(4), activation, LossKind.SOFTMAX);
        double[] p = parameters(objective.dimension(), 3);
        PerRowNetwork reference = new PerRowNetwork(objective.shape(), LossKind.SOFTMAX, HUBER_DELTA, p, blocks);
        assertAgrees(objective, blocks, p, reference, activation + " wide sparse");
    }

    @Test
    void lossOnlyPassesGiveTheSameLossBitsAsGradientPasses() {
        for (Activation activation : Activation.values()) {
            NetworkObjective objective = network(5, List.of(6, 3), activation, LossKind.SOFTMAX);
            List<Block> blocks = sparseBlocks(LossKind.SOFTMAX, 5, 2);
            double[] p = parameters(objective.dimension(), 4);
            assertEquals(Double.doubleToRawLongBits(sum(objective, blocks, p, true).lossSum()),
                    Double.doubleToRawLongBits(sum(objective, blocks, p, false).lossSum()), activation.cliName());
        }
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void withoutHiddenLayersTheNetworkIsTheLinearModel(LossKind kind) {
        int d = 5;
        NetworkObjective network = network(d, List.of(), Activation.RELU, kind);
        LinearObjective linear = new LinearObjective(kind.create(CLASSES, HUBER_DELTA, TWEEDIE_POWER), d, true);
        assertEquals(linear.dimension(), network.dimension());
        List<Block> blocks = sparseBlocks(kind, d, 9);
        double[] p = parameters(linear.dimension(), 1);
        PartialSums a = sum(network, blocks, p, true);
        PartialSums b = sum(linear, blocks, p, true);
        assertEquals(b.lossSum(), a.lossSum(), 1e-13 * Math.abs(b.lossSum()));
        double[] ga = a.vectorSum();
        double[] gb = b.vectorSum();
        for (int k = 0; k < ga.length; k++) {
            assertEquals(gb[k], ga[k], 1e-12 * Math.max(1, Math.abs(gb[k])), kind + " component " + k);
        }
    }

    @Test
    void refusesBlocksWiderThanItsInputAndLossesOfAnotherWidth() {
        NetworkObjective objective = network(3, List.of(2), Activation.TANH, LossKind.LOGISTIC);
        List<Block> wide = sparseBlocks(LossKind.LOGISTIC, 5, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sum(objective, wide, new double[objective.dimension()], true));
        assertTrue(e.getMessage().contains("5 features") && e.getMessage().contains("3 inputs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NetworkObjective(LossKind.SOFTMAX.create(4, 1.0),
                new NetworkShape(3, List.of(2), 3, Activation.RELU)));
    }
}
