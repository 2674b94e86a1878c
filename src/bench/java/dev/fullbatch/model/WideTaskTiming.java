package dev.fullbatch.model;

import dev.fullbatch.bench.SyntheticBlocks;
import dev.fullbatch.bench.Workload;
import dev.fullbatch.data.Block;
import dev.fullbatch.loss.LossKind;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * One map task of the wide sparse case without Spark, on one thread: a logistic gradient of sparse-wide's blocks
 * added into one partial and rounded, once with the running sums' default list of pending adds and once with a longer
 * one (each listed add shares a window's warming sweep with more others), rounds alternating, in thread CPU time
 * (which waiting for a core does not inflate). Checks that both give the same bits. In the {@code model} package to
 * reach the partial's list-length constructor; not part of the product.
 *
 * <p>Usage: {@code java -Xmx4g --add-modules jdk.incubator.vector -cp target/bench-classes:target/fullbatch.jar:DEPS
 * dev.fullbatch.model.WideTaskTiming [ROWS [FEATURES [ROUNDS [LIST]]]]} (625,000 rows, 2^24 features, 5 rounds, a
 * list of 2^22 adds).
 */
public final class WideTaskTiming {
    private WideTaskTiming() {
    }

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 625_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 24;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int longer = args.length > 3 ? Integer.parseInt(args[3]) : 1 << 22;
        Workload w = new Workload("sparse-wide", LossKind.LOGISTIC, rows, features, 30, 2, false, 8192, 5);
        List<Block> blocks = IntStream.range(0, w.blocks()).parallel().mapToObj(i -> SyntheticBlocks.block(w, i))
                .toList();
        LinearObjective objective = new LinearObjective(LossKind.LOGISTIC.create(2, 1.0), features, true);
        double[] p = new double[objective.dimension()]; // at zero every row's derivative is 1/2 or -1/2
        int[] limits = {RunningSums.PENDING_LIMIT, longer};
        List<List<Double>> ms = List.of(new ArrayList<>(), new ArrayList<>());
        long[][] bits = new long[2][];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds + 1; round++) { // round 0 warms the JIT up and is not counted
            for (int v = 0; v < 2; v++) {
                long t0 = threads.getCurrentThreadCpuTime();
                PartialSums sums = new PartialSums(objective.dimension(), true, limits[v]);
                for (Block b : blocks) {
                    objective.accumulate(b, p, sums);
                }
                double[] g = sums.vectorSum();
                double millis = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
                if (round > 0) {
                    ms.get(v).add(millis);
                }
                bits[v] = Arrays.stream(g).mapToLong(Double::doubleToRawLongBits).toArray();
            }
            System.out.printf(Locale.ROOT, "round %d: list %d adds %.0f ms, %d adds %.0f ms%n", round, limits[0],
                    last(ms.get(0), round), limits[1], last(ms.get(1), round));
        }
        System.out.printf(Locale.ROOT, "%,d rows x %,d features, %d blocks; median CPU ms of %d rounds: list of %d "
                + "adds %.0f, of %d adds %.0f; same bits: %s%n", rows, features, blocks.size(), rounds, limits[0],
                median(ms.get(0)), limits[1], median(ms.get(1)), Arrays.equals(bits[0], bits[1]));
    }

    private static double last(List<Double> values, int round) {
        return round == 0 ? Double.NaN : values.get(values.size() - 1);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
