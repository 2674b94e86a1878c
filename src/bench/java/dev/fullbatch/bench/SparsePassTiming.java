package dev.fullbatch.bench;

import dev.fullbatch.data.Block;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.PartialSums;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One map task of the sparse-logistic workload's gradient pass on one thread, without Spark: a quarter of its blocks
 * (one of {@code scripts/bench}'s four partitions) accumulated into one partial, which is then serialized as a task
 * ships it (running its deferred sums and encoding them). Prints the median CPU ms of that (this thread's CPU time,
 * which waiting for a core does not inflate) and the fastest round's, the first pass's (which builds whatever a block keeps between passes),
 * the heap the blocks hold after a pass beyond what they held before it, and the serialized bytes. The class uses
 * only public API, so the same build runs against any fullbatch jar: before and after a change, in alternating JVMs.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp target/bench-classes:JAR:DEPS
 * dev.fullbatch.bench.SparsePassTiming [ROWS [ROUNDS]]} (1000000 rows, 12 rounds).
 */
public final class SparsePassTiming {
    private SparsePassTiming() {
    }

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        BenchOptions o = BenchOptions.parse(new String[] {"--rows", Long.toString(rows)}, "");
        Workload w = Bench.workload("sparse-logistic", o);
        LinearObjective objective = new LinearObjective(w.loss().create(w.classes(), 1.0), w.features(), true);
        double[] p = FullbatchRunner.parameters(w, objective.dimension());
        List<Block> blocks = new ArrayList<>();
        long nnz = 0;
        for (int i = 0; i < (w.blocks() + 3) / 4; i++) {
            Block b = SyntheticBlocks.block(w, i);
            blocks.add(b);
            nnz += b.storedValues();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long heapBefore = usedHeap();
        double[] ms = new double[rounds];
        double first = 0;
        int bytes = 0;
        long heapAfter = 0;
        for (int round = -3; round < rounds; round++) {
            long t0 = threads.getCurrentThreadCpuTime();
            PartialSums sums = new PartialSums(objective.dimension(), true);
            for (Block b : blocks) {
                objective.accumulate(b, p, sums);
            }
            bytes = serialize(sums).length;
            double elapsed = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
            if (round == -3) {
                first = elapsed;
                sums = null;
                heapAfter = usedHeap();
            } else if (round >= 0) {
                ms[round] = elapsed;
            }
        }
        double median = Medians.of(ms);
        double fastest = java.util.Arrays.stream(ms).min().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "TIMING sparse-task blocks=%d nnz=%d ms=%.1f min_ms=%.1f ns_per_nnz=%.2f "
                        + "first_ms=%.1f kept_bytes_per_nnz=%.2f serialized_bytes=%d%n", blocks.size(), nnz, median,
                fastest, median * 1e6 / nnz, first, (heapAfter - heapBefore) / (double) nnz, bytes);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static byte[] serialize(Object o) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
