package dev.fullbatch.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@code scripts/bench}.
 *
 * @param quick smaller default sizes (the whole run in under 3 minutes)
 * @param rows rows of every workload but the fixed-cost one, or 0 for the defaults
 * @param features features of every workload but the fixed-cost one, or 0 for the defaults
 * @param density stored fraction of the sparse workloads' features, or 0 for the default (30 per row)
 * @param workloads the workloads to run, in order
 * @param systems the systems to run
 * @param partitions Spark partitions of the cached data (the same for every system)
 * @param passes measured gradient passes per system (after warm-up)
 * @param a9a the a9a LIBSVM file for the time-to-accuracy race
 * @param liveHeapMillis how often to force a full collection to sample each system's live heap (0: never; timings
 *     taken meanwhile are slowed down by the collections)
 * @param warmUpMillis how long fullbatch's passes run before its measured ones, at least (its first three passes
 *     run in any case): on two cores the JIT's compiler threads take a core's share for the first minute or so
 */
public record BenchOptions(boolean quick, long rows, int features, double density, List<String> workloads,
                           Set<String> systems, int partitions, int passes, String a9a, long liveHeapMillis,
                           long warmUpMillis) {

    /**
     * Every workload name, in the order they run. float32 and softmax come first, before MLlib and Spark ML have run
     * netlib's Vector-API BLAS in the JVM, and are measured again after everything else ({@code NAME-after-blas}):
     * their kernels once ran 2-6x slower in that order (fixed: see VectorDenseKernels), so the bench reports both.
     */
    public static final List<String> WORKLOADS = List.of("dense-ls-float32", "dense-softmax", "fixed-cost-1k",
            "dense-ls", "dense-logistic", "sparse-logistic", "a9a-logistic-to-1e-6");

    /**
     * Workloads run only when named: issue 19's race of Newton against L-BFGS and Spark ML on a9a, and issue 21's
     * wide sparse case (5M x 2^24; needs about 12 GB of heap).
     */
    public static final List<String> ON_REQUEST = List.of("a9a-newton-to-1e-8", "sparse-wide");

    /** Every system name. */
    public static final List<String> SYSTEMS = List.of("floor", "fullbatch", "mllib", "sparkml");

    static final String USAGE = """
            usage: scripts/bench [--quick] [--rows N] [--features D] [--density P] [--workloads LIST]
                                 [--systems LIST] [--partitions N] [--passes N] [--a9a FILE]
                                 [--live-heap SECONDS] [--warm-up SECONDS]
              --quick          small sizes; finishes in under 3 minutes
              --rows N         rows of every workload (except fixed-cost-1k)
              --features D     features of every workload (except fixed-cost-1k)
              --density P      fraction of stored features in the sparse workloads (default 30 per row)
              --workloads LIST comma-separated, from: %s; also, only when named: %s
              --systems LIST   comma-separated, from: %s
              --partitions N   Spark partitions of the cached data (4)
              --passes N       measured passes per system (10; 5 with --quick)
              --a9a FILE       a9a LIBSVM file for the time-to-accuracy race (../shared/data/a9a.libsvm)
              --live-heap S    force a full collection every S seconds and report each system's live heap
                               (slows the passes down: use a separate run for timings)
              --warm-up S      seconds of fullbatch passes before the measured ones, per workload (15; 1 with
                               --quick); MLlib and Spark ML run after it, in a JVM it has warmed
            """.formatted(String.join(",", WORKLOADS), String.join(",", ON_REQUEST), String.join(",", SYSTEMS));

    /**
     * Parses arguments.
     *
     * @throws IllegalArgumentException with a message naming the option and value, for the user
     */
    public static BenchOptions parse(String[] args, String defaultA9a) {
        boolean quick = false;
        long rows = 0;
        int features = 0;
        double density = 0;
        List<String> workloads = WORKLOADS;
        Set<String> systems = new LinkedHashSet<>(SYSTEMS);
        int partitions = 4;
        int passes = 0;
        String a9a = defaultA9a;
        long liveHeapMillis = 0;
        long warmUpMillis = -1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                quick = true;
                continue;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete argument '" + a + "'\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--rows" -> rows = positiveLong(a, v);
                case "--features" -> features = (int) positiveLong(a, v);
                case "--density" -> {
                    density = number(a, v);
                    if (!(density > 0 && density <= 1)) {
                        throw new IllegalArgumentException("--density must be in (0, 1], got " + v);
                    }
                }
                case "--workloads" -> workloads = names(a, v,
                        java.util.stream.Stream.concat(WORKLOADS.stream(), ON_REQUEST.stream()).toList());
                case "--systems" -> systems = new LinkedHashSet<>(names(a, v, SYSTEMS));
                case "--partitions" -> partitions = (int) positiveLong(a, v);
                case "--passes" -> passes = (int) positiveLong(a, v);
                case "--a9a" -> a9a = v;
                case "--live-heap" -> liveHeapMillis = positiveLong(a, v) * 1000;
                case "--warm-up" -> warmUpMillis = positiveLong(a, v) * 1000;
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (passes == 0) {
            passes = quick ? 5 : 10;
        }
        if (warmUpMillis < 0) {
            warmUpMillis = quick ? 1000 : 15_000;
        }
        return new BenchOptions(quick, rows, features, density, workloads, systems, partitions, passes, a9a,
                liveHeapMillis, warmUpMillis);
    }

    private static long positiveLong(String option, String v) {
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive integer, got '" + v + "'");
    }

    private static double number(String option, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + v + "'");
        }
    }

    private static List<String> names(String option, String v, List<String> allowed) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            String name = s.strip();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(option + ": unknown name '" + name + "'; choose from "
                        + String.join(",", allowed));
            }
            out.add(name);
        }
        return out;
    }
}
