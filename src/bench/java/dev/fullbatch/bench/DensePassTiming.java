package dev.fullbatch.bench;

import dev.fullbatch.data.Block;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.PartialSums;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dense workloads' gradient passes on one thread, without Spark: the kernels alone, for comparing the loss
 * kernels' cost (dense-logistic and dense-softmax against dense-ls on the same rows) on a machine too busy for
 * {@code scripts/bench}'s two-thread passes. Prints the median CPU ms of a pass over the rows (this thread's CPU
 * time, which waiting for a core does not inflate) and its ratio to dense-ls's, each workload's passes interleaved
 * round by round so load changes hit all alike.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp target/bench-classes:target/fullbatch.jar:DEPS
 * dev.fullbatch.bench.DensePassTiming [ROWS [ROUNDS]]} (200000 rows, 15 rounds).
 */
public final class DensePassTiming {
    private DensePassTiming() {
    }

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        BenchOptions o = BenchOptions.parse(new String[] {"--rows", Long.toString(rows)}, "");
        List<String> names = List.of("dense-ls", "dense-logistic", "dense-softmax");
        List<LinearObjective> objectives = new ArrayList<>();
        List<double[]> params = new ArrayList<>();
        List<List<Block>> data = new ArrayList<>();
        for (String name : names) {
            Workload w = Bench.workload(name, o);
            LinearObjective objective = new LinearObjective(w.loss().create(w.classes(), 1.0), w.features(), true);
            objectives.add(objective);
            params.add(FullbatchRunner.parameters(w, objective.dimension()));
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < w.blocks(); i++) {
                blocks.add(SyntheticBlocks.block(w, i));
            }
            data.add(blocks);
        }
        // CPU time of this thread: on a shared machine, waiting for a core does not count.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] ms = new double[names.size()][rounds];
        double check = 0;
        for (int round = -5; round < rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                long t0 = threads.getCurrentThreadCpuTime();
                PartialSums sums = new PartialSums(objectives.get(k).dimension(), true);
                for (Block b : data.get(k)) {
                    objectives.get(k).accumulate(b, params.get(k), sums);
                }
                check += sums.lossSum();
                if (round >= 0) {
                    ms[k][round] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
                }
            }
        }
        double ls = Medians.of(ms[0]);
        for (int k = 0; k < names.size(); k++) {
            double median = Medians.of(ms[k]);
            System.out.printf(Locale.ROOT, "TIMING workload=%s rows=%d ms=%.1f ratio_to_ls=%.2f%n", names.get(k),
                    rows, median, median / ls);
        }
        System.out.println("INFO checksum " + check);
    }
}
