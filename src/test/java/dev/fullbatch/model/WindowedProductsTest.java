package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.fullbatch.data.ColumnWindows;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.math.ExactVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A wide sparse model's gradient products, handed to the running sums block by block in column-window order
 * ({@link PartialSums#addWindowedProducts}), give the bits of the row-by-row products they replaced.
 */
class WindowedProductsTest {
    /** Wide enough for the windowed path (more than the run scratch), not a multiple of a window. */
    private static final int D = LinearObjective.SPARSE_RUN_SCRATCH + 9_000;

    private static SparseBlock block(long id, int rows, int d, boolean useFloat, SplittableRandom random, int classes) {
        int[] start = new int[rows + 1];
        List<Integer> cols = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        double[] labels = new double[rows];
        for (int r = 0; r < rows; r++) {
            int c = random.nextInt(50);
            while (c < d) {
                cols.add(c);
                double scale = random.nextBoolean() ? 1e6 : 1e-4;
                vals.add((random.nextBoolean() ? 1 : -1) * scale * (0.5 + random.nextDouble()));
                c += 1 + random.nextInt(d / 12);
            }
            start[r + 1] = cols.size();
            labels[r] = classes > 1 ? random.nextInt(classes) : (random.nextBoolean() ? 1.0 : -1.0);
        }
        int[] columns = cols.stream().mapToInt(Integer::intValue).toArray();
        double[] values = vals.stream().mapToDouble(Double::doubleValue).toArray();
        float[] floats = null;
        if (useFloat) {
            floats = new float[values.length];
            for (int q = 0; q < values.length; q++) {
                floats[q] = (float) values[q];
            }
            values = null;
        }
        return new SparseBlock(id, d, labels, null, start, columns, values, floats);
    }

    /** The row-by-row path: each run's derivatives, then its products row by row (what the windows replace). */
    private static PartialSums rowByRow(LinearObjective objective, List<SparseBlock> blocks, double[] p) {
        PartialSums sums = new PartialSums(objective.dimension(), true);
        int k = objective.outputs();
        for (SparseBlock block : blocks) {
            double[] margins = new double[LinearObjective.RUN * k];
            double[] derivatives = new double[LinearObjective.RUN * k];
            LinearObjective.SparseScratch scratch = objective.sparseScratch();
            for (int r0 = 0; r0 < block.rows(); r0 += LinearObjective.RUN) {
                int m = Math.min(LinearObjective.RUN, block.rows() - r0);
                objective.pointMargins(block, r0, m, p, margins);
                sums.addLoss(objective.loss().evaluate(block.labels(), null, r0, m, margins, derivatives));
                LinearObjective.addWeights(null, r0, m, sums);
                objective.sparseRunProducts(block, r0, m, derivatives, 0, scratch, sums);
            }
            sums.endBlock();
        }
        return sums;
    }

    @ParameterizedTest
    @EnumSource(value = LossKind.class, names = {"LOGISTIC", "SOFTMAX", "LEAST_SQUARES"})
    void windowedGradientHasTheBitsOfRowByRowProducts(LossKind kind) {
        SplittableRandom random = new SplittableRandom(31);
        int classes = kind == LossKind.SOFTMAX ? 3 : 1;
        for (boolean useFloat : new boolean[] {false, true}) {
            LinearObjective objective = new LinearObjective(kind.create(3, 1.0, 1.5), D, true);
            List<SparseBlock> blocks = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                blocks.add(block(b, 90 + 40 * b, D, useFloat, random, classes));
            }
            double[] p = LinearObjectiveTest.parameters(objective.dimension(), 5, 1e-6);
            PartialSums expected = rowByRow(objective, blocks, p);
            PartialSums windowed = new PartialSums(objective.dimension(), true);
            for (SparseBlock block : blocks) {
                assertNotNull(objective.windowedProducts(block, windowed), "the windowed path is taken");
                objective.accumulate(block, p, windowed);
            }
            // Through the codec, as a task's partial travels.
            PartialSums travelled = PartialSumsTest.deserialize(PartialSumsTest.serialize(windowed));
            assertEquals(Double.doubleToRawLongBits(expected.lossSum()), Double.doubleToRawLongBits(travelled.lossSum()));
            assertArrayEquals(expected.vectorSum(), travelled.vectorSum(), kind + " float " + useFloat);
        }
    }

    @Test
    void deferredBlocksSumExactlyAtAnyOffsetBesideListedAdds() {
        int dim = PartialSums.DIRECT_LIMIT + 30_000;
        int width = 20_000;
        SplittableRandom random = new SplittableRandom(3);
        SparseBlock block = block(0, 200, width, false, random, 1);
        double[] g = new double[block.rows()];
        for (int r = 0; r < g.length; r++) {
            g[r] = random.nextInt(4) == 0 ? 0.0 : Math.scalb(random.nextDouble() - 0.5, random.nextInt(-40, 40));
        }
        ColumnWindows windows = block.columnWindows(RunningSums.WINDOW_SHIFT);
        ExactVector reference = new ExactVector(dim);
        PartialSums sums = new PartialSums(dim, true);
        // An offset on a window boundary (run with the pairs' windows) and one off it (run on its own).
        for (int offset : new int[] {RunningSums.WINDOW, 7}) {
            for (int r = 0; r < block.rows(); r++) {
                for (int q = block.rowStart()[r]; q < block.rowStart()[r + 1] && g[r] != 0.0; q++) {
                    reference.add(offset + block.columns()[q], g[r] * block.values()[q]);
                }
            }
            sums.addWindowedProducts(windows, g, 1, 0, offset);
        }
        for (int i = 0; i < 500; i++) {
            int j = random.nextInt(dim);
            double v = Math.scalb(random.nextDouble() - 0.5, random.nextInt(-40, 40));
            reference.add(j, v);
            sums.add(j, v);
        }
        sums.endBlock();
        assertArrayEquals(reference.toDoubleArray(), sums.vectorSum());
    }
}
