package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.math.ExactVector;
import dev.fullbatch.math.RandomPermutation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartialSumsTest {

    static byte[] serialize(Object o) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PartialSums deserialize(byte[] b) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
            return (PartialSums) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double value(SplittableRandom random) {
        return random.nextInt(5) == 0 ? 0.0 : (random.nextBoolean() ? 1e8 : 1e-3) * (random.nextDouble() - 0.5);
    }

    @Test
    void sparseAndDenseAddsOfTheSameValuesGiveTheSameBits() {
        int dim = 200; // several scratch pages and a partial last one
        SplittableRandom random = new SplittableRandom(5);
        PartialSums dense = new PartialSums(dim, true);
        PartialSums sparse = new PartialSums(dim, true);
        for (int block = 0; block < 4; block++) {
            for (int run = 0; run < 6; run++) {
                double[] chunk = new double[dim];
                for (int j = 0; j < dim; j++) {
                    chunk[j] = value(random);
                }
                dense.addAll(chunk);
                for (int j = dim - 1; j >= 0; j--) { // order across components is irrelevant
                    if (chunk[j] != 0.0) {
                        sparse.add(j, chunk[j]);
                    }
                }
            }
            dense.endBlock();
            sparse.endBlock();
        }
        double[] a = dense.vectorSum();
        double[] b = sparse.vectorSum();
        for (int j = 0; j < dim; j++) {
            assertEquals(Double.doubleToRawLongBits(a[j]), Double.doubleToRawLongBits(b[j]), "component " + j);
        }
    }

    @Test
    void wideVectorsSumSingleAddsExactlyWhateverTheOrderAndGrouping() {
        int dim = PartialSums.DIRECT_LIMIT + 20_000; // wide: running sums, several windows
        SplittableRandom random = new SplittableRandom(11);
        int count = 20_000;
        int[] index = new int[count];
        double[] value = new double[count];
        for (int i = 0; i < count; i++) {
            // Repeats (so running sums round), components far apart across windows, and values of every size.
            index[i] = (int) ((long) random.nextInt(random.nextBoolean() ? 40 : 3000) * 7919 % dim);
            value[i] = switch (random.nextInt(8)) {
                case 0 -> Math.scalb(random.nextDouble() - 0.5, random.nextInt(-1000, 1000));
                case 1 -> i > 0 ? -value[i - 1] : 1.0; // cancellation
                default -> value(random);
            };
        }
        // Overflowing running sums and non-finite values take the exact path by themselves.
        int big = 12_345;
        int infinite = 23_456;
        ExactVector reference = new ExactVector(dim);
        for (int i = 0; i < count; i++) {
            reference.add(index[i], value[i]);
        }
        for (double v : new double[] {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE}) {
            reference.add(big, v);
        }
        reference.add(infinite, Double.POSITIVE_INFINITY);
        double[] expected = reference.toDoubleArray();
        assertEquals(Double.MAX_VALUE, expected[big]);

        for (int trial = 0; trial < 6; trial++) {
            int[] order = RandomPermutation.of(count, random);
            java.util.List<PartialSums> partials = new java.util.ArrayList<>();
            PartialSums current = new PartialSums(dim, true, 1 + random.nextInt(3000));
            for (int i = 0; i < count; i++) {
                current.add(index[order[i]], value[order[i]]);
                if (random.nextInt(500) == 0) {
                    current.endBlock();
                }
                if (random.nextInt(3000) == 0) { // a task ends; some partials travel
                    current.endBlock();
                    partials.add(random.nextBoolean() ? deserialize(serialize(current)) : current);
                    current = new PartialSums(dim, true, 1 + random.nextInt(3000));
                }
            }
            for (double v : new double[] {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE}) {
                current.add(big, v);
            }
            current.add(infinite, Double.POSITIVE_INFINITY);
            current.endBlock();
            partials.add(current);
            while (partials.size() > 1) {
                PartialSums into = partials.remove(random.nextInt(partials.size()));
                PartialSums from = partials.remove(random.nextInt(partials.size()));
                partials.add(deserialize(serialize(into.merge(from))));
            }
            double[] actual = partials.get(0).vectorSum();
            for (int j = 0; j < dim; j++) {
                assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(actual[j]),
                        "trial " + trial + ", component " + j);
            }
        }
    }

    @Test
    void rowProductsGiveTheBitsOfSingleAddsAtAnyListLimit() {
        int dim = PartialSums.DIRECT_LIMIT + 5_000;
        SplittableRandom random = new SplittableRandom(13);
        int rows = 300;
        int[] start = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            start[r + 1] = start[r] + random.nextInt(60);
        }
        int[] columns = new int[start[rows]];
        double[] x = new double[columns.length];
        float[] xf = new float[columns.length];
        for (int q = 0; q < columns.length; q++) {
            columns[q] = random.nextInt(dim - 9);
            x[q] = Math.scalb(random.nextDouble() - 0.5, random.nextInt(-60, 60));
            xf[q] = (float) x[q];
        }
        double[] g = new double[rows];
        for (int r = 0; r < rows; r++) {
            g[r] = Math.scalb(random.nextDouble() - 0.5, random.nextInt(-60, 60));
        }
        ExactVector reference = new ExactVector(dim);
        ExactVector floatReference = new ExactVector(dim);
        for (int r = 0; r < rows; r++) {
            for (int q = start[r]; q < start[r + 1]; q++) {
                reference.add(7 + columns[q], g[r] * x[q]);
                floatReference.add(7 + columns[q], g[r] * (double) xf[q]);
            }
        }
        // Limits below, near and above a row's length: rows that fit, rows that run the list, rows added one by one.
        for (int limit : new int[] {1, 17, 59, 4096, RunningSums.PENDING_LIMIT}) {
            PartialSums sums = new PartialSums(dim, true, limit);
            PartialSums floatSums = new PartialSums(dim, true, limit);
            for (int r = 0; r < rows; r++) {
                sums.addProducts(7, columns, x, start[r], start[r + 1], g[r]);
                floatSums.addProducts(7, columns, xf, start[r], start[r + 1], g[r]);
            }
            sums.endBlock();
            floatSums.endBlock();
            assertArrayEquals(reference.toDoubleArray(), sums.vectorSum(), "limit " + limit);
            assertArrayEquals(floatReference.toDoubleArray(), floatSums.vectorSum(), "float, limit " + limit);
        }
    }

    @Test
    void wideChunksAndSingleAddsMixInOneBlock() {
        int dim = PartialSums.DIRECT_LIMIT + 100;
        PartialSums mixed = new PartialSums(dim, true);
        double[] chunk = new double[dim];
        chunk[5] = 1e16;
        chunk[dim - 1] = 2.0;
        mixed.add(5, 1.0);
        mixed.addAll(chunk);
        mixed.add(5, -1e16);
        mixed.add(dim - 1, 0x1p-60);
        mixed.endBlock();
        PartialSums copy = deserialize(serialize(mixed));
        double[] sum = copy.vectorSum();
        assertArrayEquals(sum, copy.vectorSum(), "reading the sums changes nothing");
        assertEquals(1.0, sum[5]);
        assertEquals(2.0 + 0x1p-60, sum[dim - 1]);
        assertEquals(0.0, sum[6]);
    }

    @Test
    void slicesMergedSeparatelyGiveTheBitsOfTheWholeMerge() {
        int dim = 1000;
        SplittableRandom random = new SplittableRandom(12);
        PartialSums[] partials = new PartialSums[3];
        for (int p = 0; p < partials.length; p++) {
            partials[p] = new PartialSums(dim, true);
            for (int block = 0; block < 3; block++) {
                for (int a = 0; a < 500; a++) {
                    partials[p].add(random.nextInt(dim), value(random));
                }
                partials[p].addLoss(value(random));
                partials[p].addWeight(1.5, 7);
                partials[p].endBlock();
            }
        }
        PartialSums whole = new PartialSums(dim, true);
        for (PartialSums p : partials) {
            whole.merge(deserialize(serialize(p)));
        }
        int parts = 4;
        PartialSumsAggregator slicing = new PartialSumsAggregator(new Width(dim), true);
        List<double[]> finished = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            PartialSums slice = null;
            for (PartialSums p : partials) {
                PartialSums travelled = deserialize(serialize(slicing.split(p, parts).get(i)));
                slice = slice == null ? travelled : slicing.merge(slice, travelled);
            }
            finished.add(slicing.finish(deserialize(serialize(slice))));
        }
        PartialSums total = slicing.assemble(finished);
        assertEquals(whole.rows(), total.rows());
        assertEquals(whole.lossSum(), total.lossSum());
        assertEquals(whole.weightSum(), total.weightSum());
        double[] expected = whole.vectorSum();
        double[] actual = total.vectorSum();
        for (int j = 0; j < dim; j++) {
            assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(actual[j]), "component " + j);
        }
        // A rounded total merges as the exact sum of its values.
        double[] vector = total.vectorSum();
        PartialSums again = PartialSums.ofTotals(dim, 1, 0.0, 0.0, vector.clone());
        again.merge(PartialSums.ofTotals(dim, 1, 0.0, 0.0, vector.clone()));
        assertEquals(2 * vector[17], again.vectorSum()[17]);
        assertEquals(2, again.rows());
    }

    @Test
    void sliceBoundsArePageAlignedAndCoverTheVector() {
        int[] b = PartialSumsAggregator.sliceBounds(1000, 3);
        assertEquals(0, b[0]);
        assertEquals(1000, b[3]);
        for (int i = 1; i < 3; i++) {
            assertEquals(0, b[i] % 64, "bound " + i);
            assertTrue(b[i] >= b[i - 1]);
        }
        assertEquals(10, PartialSumsAggregator.sliceBounds(10, 4)[4]);
    }

    @Test
    void eachBlockStartsFromCleanScratch() {
        PartialSums s = new PartialSums(130, true);
        s.add(129, 1e16);
        s.add(129, 1.0); // kept in the block's compensation term
        s.endBlock();
        s.add(129, -1e16);
        s.endBlock();
        assertEquals(1.0, s.vectorSum()[129]);
        assertEquals(0.0, s.vectorSum()[0]);
    }

    @Test
    void wideSparsePartialsTravelInProportionToTheirTouchedComponents() {
        int dim = 1 << 22; // 4 M components: full-width storage would take over 100 MB
        SplittableRandom random = new SplittableRandom(6);
        PartialSums a = new PartialSums(dim, true);
        PartialSums b = new PartialSums(dim, true);
        PartialSums both = new PartialSums(dim, true);
        int[] touched = new int[500];
        for (int t = 0; t < touched.length; t++) {
            touched[t] = random.nextInt(dim);
            double v = value(random);
            (t % 2 == 0 ? a : b).add(touched[t], v);
            both.add(touched[t], v);
            if (t % 100 == 99) {
                a.endBlock();
                b.endBlock();
                both.endBlock();
            }
        }
        byte[] bytes = serialize(a);
        assertTrue(bytes.length < 20_000, "250 touched components took " + bytes.length + " bytes");
        PartialSums merged = deserialize(bytes).merge(deserialize(serialize(b)));
        double[] expected = both.vectorSum();
        double[] actual = merged.vectorSum();
        for (int j : touched) {
            assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(actual[j]),
                    "component " + j);
        }
    }

    /** A reduction of a given width that adds nothing: what slicing needs to know of it. */
    private record Width(int dimension) implements BlockReduction {
        @Override
        public void accumulate(dev.fullbatch.data.Block block, double[] parameters, PartialSums sums) {
            sums.endBlock();
        }
    }
}
