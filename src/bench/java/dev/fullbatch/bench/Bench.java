package dev.fullbatch.bench;

import dev.fullbatch.data.Block;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.spark.TreeGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The entry point of {@code scripts/bench}: runs the chosen workloads on {@code local[2]} in this JVM and prints one
 * {@code BENCH workload=... system=... ms=... bytes_per_value=...} line per measurement (other lines start with
 * {@code INFO}). Exit code 2 for bad arguments.
 */
public final class Bench {
    static final String MASTER = "local[2]";
    private static final int THREADS = 2;

    private final BenchOptions options;
    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final JobLog jobs = new JobLog();
    private final List<Measurement> results = new ArrayList<>();
    private final List<String> memoryLines = new ArrayList<>();

    private Bench(BenchOptions options, SparkSession spark) {
        this.options = options;
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        spark.sparkContext().addSparkListener(jobs);
    }

    /** Runs the benchmark; see {@link BenchOptions#USAGE}. */
    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, "../shared/data/a9a.libsvm");
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().config(sessionConf("fullbatch-bench")).getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            new Bench(options, spark).runAll();
        } finally {
            spark.stop();
        }
    }

    /** The bench's session settings on {@link #MASTER}: loopback only, no UI, 4 shuffle partitions. */
    static SparkConf sessionConf(String appName) {
        return new SparkConf().setMaster(MASTER).setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "4");
    }

    static Workload workload(String name, BenchOptions o) {
        long dense = o.quick() ? 100_000 : 2_000_000;
        int d = o.features() > 0 ? o.features() : 100;
        long rows = o.rows() > 0 ? o.rows() : dense;
        return switch (name) {
            case "fixed-cost-1k" -> new Workload(name, LossKind.LEAST_SQUARES, 1000, 100, 100, 2, false, 250, 1);
            case "dense-ls" -> new Workload(name, LossKind.LEAST_SQUARES, rows, d, d, 2, false, 4096, 2);
            case "dense-ls-float32" -> workload("dense-ls", o).asFloat32(name);
            case "dense-logistic" -> new Workload(name, LossKind.LOGISTIC, rows, d, d, 2, false, 4096, 3);
            case "dense-softmax" -> new Workload(name, LossKind.SOFTMAX,
                    o.rows() > 0 ? o.rows() : o.quick() ? 25_000 : 500_000, d, d, 10, false, 4096, 4);
            case "sparse-logistic" -> sparse(name, o, o.quick() ? 50_000 : 1_000_000, o.quick() ? 1 << 18 : 1 << 20);
            // Issue 21's wide case, only when named: 16M parameters, so a task's running sums are 256 MB of pairs.
            case "sparse-wide" -> sparse(name, o, o.quick() ? 50_000 : 5_000_000, o.quick() ? 1 << 20 : 1 << 24);
            default -> throw new IllegalArgumentException("unknown workload " + name);
        };
    }

    /** Logistic on sparse rows, 30 nonzeros a row unless {@code --density}: the generator of sparse-logistic. */
    private static Workload sparse(String name, BenchOptions o, long defaultRows, int defaultFeatures) {
        int sd = o.features() > 0 ? o.features() : defaultFeatures;
        int nnz = o.density() > 0 ? (int) Math.max(1, Math.round(o.density() * sd)) : Math.min(30, sd);
        long sr = o.rows() > 0 ? o.rows() : defaultRows;
        return new Workload(name, LossKind.LOGISTIC, sr, sd, nnz, 2, false, 8192, 5);
    }

    private void runAll() throws Exception {
        System.out.printf(Locale.ROOT, "INFO master %s, %d partitions, %d passes, heap %d MB, OPENBLAS_NUM_THREADS=%s%n",
                MASTER, options.partitions(), options.passes(), Runtime.getRuntime().maxMemory() >> 20,
                System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)"));
        System.out.println("INFO BLAS for Spark ML and MLlib: " + blas());
        List<Workload> orderSensitive = new ArrayList<>();
        for (String name : options.workloads()) {
            if (name.startsWith("a9a")) {
                new TimeToAccuracy(spark, jsc, options.a9a(), options.quick()).run(name).forEach(this::report);
            } else {
                Workload w = workload(name, options);
                runWorkload(w, false);
                if (ORDER_SENSITIVE.contains(name)) {
                    orderSensitive.add(w);
                }
            }
        }
        // Both orders: the kernels once more, now that MLlib's and Spark ML's Vector-API BLAS has run in this JVM.
        if (wants("fullbatch") && (wants("mllib") || wants("sparkml")) && !orderSensitive.isEmpty()) {
            for (Workload w : orderSensitive) {
                runWorkload(new Workload(w.name() + "-after-blas", w.loss(), w.rows(), w.features(),
                        w.nonzerosPerRow(), w.classes(), w.floatStorage(), w.blockRows(), w.seed()), true);
            }
        }
        System.out.println("INFO summary");
        for (Measurement m : results) {
            System.out.println("INFO   " + m.line().substring("BENCH ".length()));
        }
        memoryLines.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "INFO process peak resident memory (VmHWM): %,d MB%n",
                HeapPeaks.processPeakResident() >> 20);
    }

    /**
     * Starts measuring one system's heap peaks, from its caching to its last pass, after a full collection so that
     * the previous system's garbage does not count.
     */
    private HeapPeaks heapPeaks() {
        System.gc();
        return new HeapPeaks(options.liveHeapMillis());
    }

    /**
     * Prints a system's heap peaks beside its cached bytes (which the peaks include: the cache is on the heap), and
     * the median executor CPU time of its pass jobs since {@code mark} (warm-up passes included), those whose stage
     * names contain {@code passSite}.
     */
    private void reportMemory(Workload w, String system, HeapPeaks.Peak peak, Measurement m, int mark,
                              String passSite) {
        long cached = m == null || Double.isNaN(m.bytesPerValue()) ? -1
                : Math.round(m.bytesPerValue() * w.storedValues());
        jobs.settle();
        double cpuMillis = Medians.of(jobs.since(mark, j -> j.stageMatches(passSite)).stream()
                .mapToDouble(j -> j.cpuNanos() / 1e6).toArray());
        String line = String.format(Locale.ROOT, "INFO memory workload=%s system=%s peak_heap_mb=%d "
                + "peak_after_gc_mb=%d collections=%d live_mb=%d cached_mb=%d cpu_ms_per_pass=%.0f", w.name(),
                system, peak.beforeCollection() >> 20, peak.afterCollection() >> 20, peak.collections(),
                peak.live() < 0 ? -1 : peak.live() >> 20, cached < 0 ? -1 : cached >> 20, cpuMillis);
        memoryLines.add(line);
        System.out.println(line);
        System.out.flush();
    }

    /** The float workload against the same rows stored as double, passes alternating. */
    private void compareWithDoubleStorage(FullbatchRunner runner, Workload w, JavaRDD<Block> floats,
                                          double floatBytes) {
        Workload asDouble = new Workload(w.name() + "-as-float64", w.loss(), w.rows(), w.features(),
                w.nonzerosPerRow(), w.classes(), false, w.blockRows(), w.seed());
        JavaRDD<Block> doubles = floats.map(b -> SyntheticBlocks.block(asDouble, (int) b.id()))
                .setName("fullbatch blocks " + asDouble.name()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            doubles.count();
            double doubleBytes = CachedSize.bytes(jsc.sc(), doubles.id()) / (double) w.storedValues();
            for (Measurement m : runner.alternate(w, List.of(new TreeGradient(jsc, floats, 2),
                    new TreeGradient(jsc, doubles, 2)), List.of(w.name() + "-alternating",
                    asDouble.name() + "-alternating"), List.of(floatBytes, doubleBytes))) {
                report(m);
            }
        } finally {
            doubles.unpersist(true);
        }
    }

    /** Which BLAS Spark ML gets: a native library (e.g. OpenBLAS, whose threads OPENBLAS_NUM_THREADS sets) or Java. */
    static String blas() {
        try {
            Object b = Class.forName("dev.ludovic.netlib.blas.NativeBLAS").getMethod("getInstance").invoke(null);
            return "native (" + b.getClass().getName() + ")";
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "Java only (no native BLAS library could be loaded)";
        }
    }

    private void report(Measurement m) {
        results.add(m);
        System.out.println(m.line());
        System.out.flush();
    }

    private boolean wants(String system) {
        return options.systems().contains(system);
    }

    /**
     * The workloads whose kernels once slowed down 2-6x after other Vector API code ran in the JVM (the float and
     * multi-output kernels; see VectorDenseKernels' D4_TYPE): measured again, fullbatch only, after everything else,
     * as {@code NAME-after-blas}.
     */
    static final List<String> ORDER_SENSITIVE = List.of("dense-ls-float32", "dense-softmax");

    private void runWorkload(Workload w, boolean fullbatchOnly) throws Exception {
        System.out.printf(Locale.ROOT, "INFO workload %s: %s, %,d rows x %,d features, %d stored per row, %d blocks%s%n",
                w.name(), w.loss(), w.rows(), w.features(), w.nonzerosPerRow(), w.blocks(),
                w.floatStorage() ? ", float32" : "");
        if (wants("floor") && !fullbatchOnly) {
            List<Block> local = IntStream.range(0, w.blocks()).parallel()
                    .mapToObj(i -> SyntheticBlocks.block(w, i)).toList();
            try (MemoryFloor floor = new MemoryFloor(local, THREADS)) {
                for (int i = 0; i < 3; i++) {
                    floor.pass();
                }
                double[] ms = new double[options.passes()];
                for (int i = 0; i < ms.length; i++) {
                    long t0 = System.nanoTime();
                    floor.pass();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                double median = Medians.of(ms);
                System.out.printf(Locale.ROOT, "INFO %s floor: %,d bytes per pass, %.1f GB/s%n", w.name(),
                        floor.bytesPerPass(), floor.bytesPerPass() / median / 1e6);
                report(new Measurement(w.name(), "floor", median,
                        floor.bytesPerPass() / (double) w.storedValues(), -1));
            }
            local = null;
            System.gc();
        }
        List<Integer> ids = IntStream.range(0, w.blocks()).boxed().toList();
        // Tiny data gets one partition per core: more tasks would only measure Spark's per-task cost.
        int partitions = w.rows() <= 10_000 ? THREADS : options.partitions();
        JavaRDD<Block> generated = jsc.parallelize(ids, partitions).map(i -> SyntheticBlocks.block(w, i));
        if (wants("fullbatch")) {
            HeapPeaks heap = heapPeaks();
            int mark = jobs.mark();
            Measurement main = null;
            JavaRDD<Block> cached = generated.setName("fullbatch blocks " + w.name())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            try {
                cached.count();
                double bytesPerValue = CachedSize.bytes(jsc.sc(), cached.id()) / (double) w.storedValues();
                // Tiny data: many cheap passes, so the JIT has compiled everything and the median is stable.
                boolean tiny = w.rows() <= 10_000;
                // A pass over 10^8 values (sparse-wide: 1.5 x 10^8) warms the JIT up by itself.
                int warmUp = tiny ? 30 : w.storedValues() >= 100_000_000 ? 1 : 3;
                FullbatchRunner runner = new FullbatchRunner(jsc, jobs, warmUp, options.warmUpMillis(),
                        tiny ? 3 * options.passes() : options.passes());
                main = runner.run(w.name(), w, cached, bytesPerValue);
                report(main);
                if (w.name().equals("dense-ls")) {
                    for (Measurement m : runner.compareMerges("dense-ls-exact-merge", "dense-ls-plain-merge", w,
                            cached, bytesPerValue)) {
                        report(m);
                    }
                }
                if (w.floatStorage() && !fullbatchOnly) {
                    compareWithDoubleStorage(runner, w, cached, bytesPerValue);
                }
            } finally {
                cached.unpersist(true);
            }
            reportMemory(w, "fullbatch", heap.peak(), main, mark, "TreeGradient");
        }
        if (w.floatStorage() || fullbatchOnly) {
            return; // MLlib and Spark ML have no single-precision storage
        }
        int iterations = (w.rows() <= 10_000 ? 3 * options.passes() : options.passes()) + MllibRunner.WARM_UP;
        if (wants("mllib")) {
            HeapPeaks heap = heapPeaks();
            int mark = jobs.mark();
            Measurement m = new MllibRunner(jsc, jobs, iterations).run(w.name(), w, generated);
            report(m);
            reportMemory(w, "mllib", heap.peak(), m, mark, "GradientDescent");
        }
        if (wants("sparkml")) {
            HeapPeaks heap = heapPeaks();
            int mark = jobs.mark();
            Measurement m = new SparkMlRunner(spark, jobs, iterations).run(w.name(), w, generated);
            report(m);
            reportMemory(w, "sparkml", heap.peak(), m, mark, SparkMlRunner.LOSS_CALL_SITE);
        }
    }
}
