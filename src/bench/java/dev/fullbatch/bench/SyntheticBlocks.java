package dev.fullbatch.bench;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.LossKind;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Makes the blocks of a {@link Workload}: block {@code b} is a pure function of the workload and {@code b}, so
 * every system, every executor and the floor see identical values however the blocks are spread over tasks.
 *
 * <p>Features are uniform in [-1, 1) (sparse: distinct random columns per row, values in [0.5, 1.5)); labels come
 * from a fixed random linear model plus noise: a real value (least squares), its sign as 0/1 (logistic) or the
 * arg-max class (softmax).
 */
public final class SyntheticBlocks {
    private SyntheticBlocks() {
    }

    /** Block {@code index} of {@code w}, in {@code [0, w.blocks())}. */
    public static Block block(Workload w, int index) {
        if (index < 0 || index >= w.blocks()) {
            throw new IllegalArgumentException("block index must be in [0, " + w.blocks() + "), got " + index);
        }
        long first = (long) index * w.blockRows();
        int n = (int) Math.min(w.blockRows(), w.rows() - first);
        SplittableRandom random = new SplittableRandom(w.seed() * 0x9E3779B97F4A7C15L + index);
        double[] labels = new double[n];
        int k = w.outputs();
        double[] margins = new double[k];
        double scale = 1.0 / Math.sqrt(w.nonzerosPerRow());
        if (w.dense()) {
            int d = w.features();
            double[] values = w.floatStorage() ? null : new double[n * d];
            float[] floats = w.floatStorage() ? new float[n * d] : null;
            for (int i = 0; i < n; i++) {
                Arrays.fill(margins, 0.0);
                for (int j = 0; j < d; j++) {
                    double x = 2 * random.nextDouble() - 1;
                    if (floats != null) {
                        floats[i * d + j] = (float) x;
                        x = (float) x;
                    } else {
                        values[i * d + j] = x;
                    }
                    for (int c = 0; c < k; c++) {
                        margins[c] += x * truth(w.seed(), c, j);
                    }
                }
                labels[i] = label(w, margins, scale, random);
            }
            return new DenseBlock(index, d, labels, null, values, floats);
        }
        int nnz = w.nonzerosPerRow();
        int[] rowStart = new int[n + 1];
        int[] columns = new int[n * nnz];
        double[] values = w.floatStorage() ? null : new double[n * nnz];
        float[] floats = w.floatStorage() ? new float[n * nnz] : null;
        int[] row = new int[nnz];
        for (int i = 0; i < n; i++) {
            distinctSortedColumns(random, w.features(), row);
            Arrays.fill(margins, 0.0);
            for (int q = 0; q < nnz; q++) {
                int p = i * nnz + q;
                double x = 0.5 + random.nextDouble();
                columns[p] = row[q];
                if (floats != null) {
                    floats[p] = (float) x;
                    x = (float) x;
                } else {
                    values[p] = x;
                }
                for (int c = 0; c < k; c++) {
                    margins[c] += x * truth(w.seed(), c, row[q]);
                }
            }
            rowStart[i + 1] = (i + 1) * nnz;
            labels[i] = label(w, margins, scale, random);
        }
        return new SparseBlock(index, w.features(), labels, null, rowStart, columns, values, floats);
    }

    private static double label(Workload w, double[] margins, double scale, SplittableRandom random) {
        double noise = random.nextGaussian() * 0.3;
        if (w.loss() == LossKind.SOFTMAX) {
            int best = 0;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < margins.length; c++) {
                double v = margins[c] * scale + random.nextGaussian() * 0.3;
                if (v > bestValue) {
                    bestValue = v;
                    best = c;
                }
            }
            return best;
        }
        double m = margins[0] * scale + noise;
        return w.loss() == LossKind.LOGISTIC ? (m > 0 ? 1.0 : 0.0) : m;
    }

    private static void distinctSortedColumns(SplittableRandom random, int features, int[] out) {
        while (true) {
            for (int q = 0; q < out.length; q++) {
                out[q] = random.nextInt(features);
            }
            Arrays.sort(out);
            boolean distinct = true;
            for (int q = 1; q < out.length; q++) {
                distinct &= out[q] != out[q - 1];
            }
            if (distinct) {
                return;
            }
        }
    }

    /** The true weight of feature {@code j} for output {@code c}: a hash mapped into [-1, 1). */
    static double truth(long seed, int c, int j) {
        long z = seed + 0x9E3779B97F4A7C15L * (((long) c << 32) + j + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return ((z >>> 11) * 0x1.0p-53) * 2 - 1;
    }
}
