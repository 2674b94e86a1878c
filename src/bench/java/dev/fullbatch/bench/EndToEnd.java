package dev.fullbatch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code scripts/bench --end-to-end}: whole processes, as a user runs them, to the same accuracy. {@code
 * scripts/fullbatch train} (logistic, L2, by default L-BFGS; {@code --fullbatch-optimizers} lists several optimizer
 * settings, e.g. L-BFGS and both forms of Newton, each its own contender; its default heap and everything else
 * default) against plain Spark ML jobs ({@link SparkMlLogisticJob}: Spark's libsvm source, {@code LogisticRegression}
 * with {@code standardization=false}; with {@code --sparkml lbfgs,irls} also {@link SparkMlIrlsJob},
 * {@code GeneralizedLinearRegression}'s IRLS; the same heap setting), all on {@code local[*]}, each to a relative
 * objective error ({@code --target}, 1e-6) from a reference optimum.
 *
 * <p>A first, untimed run of each tool ({@code --probe-iterations}, no tolerance) finds the iterations it needs to
 * reach the target; then each tool runs with exactly that many, in turn, each round starting with the next tool,
 * under {@code /usr/bin/time} for the wall time and the peak resident memory of the whole process (JVM start,
 * reading, training, writing). Prints one {@code BENCH} line per tool (medians over the rounds; peak memory the
 * largest seen) and {@code INFO} ratio lines: each fullbatch run against each Spark ML one and against the first
 * fullbatch run.
 */
final class EndToEnd {
    static final double RELATIVE_ERROR = 1e-6;
    /** logistic, a9a, lambda 1e-6: scripts/references/a9a_logistic_l2_optimum.py (numpy Newton). */
    static final double A9A_OPTIMUM_1E_6 = 0.32267017790738484;
    /** logistic, a9a, lambda 1e-3: ../shared/data/README.md (scipy L-BFGS + Newton polish, independent of fullbatch). */
    static final double A9A_OPTIMUM_1E_3 = 0.3327133075461916;
    static final int PROBE_ITERATIONS = 300;
    /** IRLS's untimed run fits once per iteration count (Spark reports no objective per iteration): at most this. */
    static final int IRLS_PROBE_ITERATIONS = 30;
    static final String USAGE = """
            usage: scripts/bench --end-to-end [--data FILE] [--reg-l2 L] [--reference OBJ] [--num-features D]
                                              [--rounds N] [--fullbatch-args "ARGS"]
              --data FILE        LIBSVM file, binary labels (../shared/data/a9a.libsvm)
              --reg-l2 L         L2 penalty of both (1e-3)
              --reference OBJ    the optimum (a9a with 1e-3: 0.3327133075461916 from ../shared/data/README.md;
                                 otherwise the lower final objective of the two untimed runs)
              --num-features D   given to both (default: each infers it)
              --rounds N         timed rounds, the tools alternating (3)
              --fullbatch-args   more options for fullbatch train, e.g. "--block-size 1m"
              --target E         the relative objective error to reach (1e-6)
              --probe-iterations N   iterations of the untimed runs (300)
              --fullbatch-optimizers "A;B"   fullbatch runs, each its --optimizer and options (lbfgs),
                                 e.g. "lbfgs;newton;newton --max-dense-hessian 0"
              --sparkml LIST     Spark ML contenders, comma-separated: lbfgs (LogisticRegression), irls
                                 (GeneralizedLinearRegression, binomial, IRLS) (lbfgs)\"""";

    private record Run(double seconds, long peakKb, List<Double> objectives, String log) {
        /** 1-based count of iterations until the objective is at most {@code target}; -1 if never. */
        int iterationsTo(double target, boolean historyStartsAtZero) {
            for (int i = 0; i < objectives.size(); i++) {
                if (objectives.get(i) <= target) {
                    return historyStartsAtZero ? i : i + 1;
                }
            }
            return -1;
        }

        double last() {
            return objectives.isEmpty() ? Double.NaN : objectives.get(objectives.size() - 1);
        }
    }

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work;
    private String data;
    private double lambda = 1e-3;
    private double reference = Double.NaN;
    private int numFeatures;
    private int rounds = 3;
    private List<String> fullbatchArgs = List.of();
    private double relativeError = RELATIVE_ERROR;
    private int probeIterations = PROBE_ITERATIONS;
    private List<String> fullbatchOptimizers = List.of("lbfgs");
    private List<String> sparkMlSolvers = List.of("lbfgs");

    /**
     * One tool as the runs see it: its name in the output, its command for an iteration count (probe or timed), the
     * pattern of its objective lines, and whether its list starts at the starting point (iteration 0).
     */
    private record Contender(String name, boolean fullbatch, Invocation command, Pattern objective,
                             boolean historyStartsAtZero) {
    }

    @FunctionalInterface
    private interface Invocation {
        List<String> command(int iterations, boolean probe, String tag);
    }

    private EndToEnd(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("fullbatch-e2e");
        try {
            EndToEnd e2e = new EndToEnd(work);
            e2e.data = Path.of("../shared/data/a9a.libsvm").toAbsolutePath().normalize().toString();
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--data" -> e2e.data = Path.of(v).toAbsolutePath().normalize().toString();
                    case "--reg-l2" -> e2e.lambda = Double.parseDouble(v);
                    case "--reference" -> e2e.reference = Double.parseDouble(v);
                    case "--num-features" -> e2e.numFeatures = Integer.parseInt(v);
                    case "--rounds" -> e2e.rounds = Integer.parseInt(v);
                    case "--fullbatch-args" -> e2e.fullbatchArgs = Arrays.asList(v.trim().split("\\s+"));
                    case "--target" -> e2e.relativeError = Double.parseDouble(v);
                    case "--probe-iterations" -> e2e.probeIterations = Integer.parseInt(v);
                    case "--fullbatch-optimizers" -> e2e.fullbatchOptimizers = Arrays.stream(v.split(";"))
                            .map(String::trim).filter(o -> !o.isEmpty()).toList();
                    case "--sparkml" -> e2e.sparkMlSolvers = Arrays.stream(v.split(",")).map(String::trim)
                            .filter(o -> !o.isEmpty()).toList();
                    default -> {
                        System.err.println("bench: unknown option " + args[i] + "\n" + USAGE);
                        System.exit(2);
                    }
                }
                i++;
            }
            if (Double.isNaN(e2e.reference) && e2e.data.endsWith("a9a.libsvm") && e2e.lambda == 1e-3) {
                e2e.reference = A9A_OPTIMUM_1E_3;
            }
            if (Double.isNaN(e2e.reference) && e2e.data.endsWith("a9a.libsvm") && e2e.lambda == 1e-6) {
                e2e.reference = A9A_OPTIMUM_1E_6;
            }
            e2e.run();
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private List<Contender> contenders() {
        List<Contender> all = new ArrayList<>();
        boolean plain = fullbatchOptimizers.equals(List.of("lbfgs"));
        for (String optimizer : fullbatchOptimizers) {
            List<String> options = Arrays.asList(optimizer.split("\\s+"));
            String name = plain ? "fullbatch" : "fullbatch-" + String.join("-", options).replace("--", "");
            all.add(new Contender(name, true, (k, probe, tag) -> fullbatch(options, k, tag), FULLBATCH_ITERATION,
                    false));
        }
        for (String solver : sparkMlSolvers) {
            switch (solver) {
                case "lbfgs" -> all.add(new Contender("sparkml", false, (k, probe, tag) -> sparkMl(k),
                        SPARKML_OBJECTIVE, true));
                case "irls" -> all.add(new Contender("sparkml-irls", false, (k, probe, tag) -> sparkMlIrls(k, probe),
                        SPARKML_OBJECTIVE, false));
                default -> throw new IllegalArgumentException("--sparkml takes lbfgs and irls, got " + solver);
            }
        }
        return all;
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "INFO end-to-end on %s, L2 %s, target relative error %s, %d timed rounds%n",
                data, lambda, relativeError, rounds);
        List<Contender> contenders = contenders();
        List<Run> probes = new ArrayList<>();
        for (Contender c : contenders) {
            probes.add(timed(c, c.command().command(probeIterations, true, "probe")));
        }
        double optimum = reference;
        String origin = "given";
        if (Double.isNaN(optimum)) {
            optimum = probes.stream().mapToDouble(Run::last).min().orElse(Double.NaN);
            origin = "the lowest final objective of the untimed runs";
        }
        double target = optimum + relativeError * Math.abs(optimum);
        System.out.printf(Locale.ROOT, "INFO optimum %.17g (%s), target %.17g%n", optimum, origin, target);
        int[] iterations = new int[contenders.size()];
        for (int i = 0; i < contenders.size(); i++) {
            Contender c = contenders.get(i);
            Run probe = probes.get(i);
            int k = probe.iterationsTo(target, c.historyStartsAtZero());
            int ran = probe.objectives().size() - (c.historyStartsAtZero() ? 1 : 0);
            iterations[i] = k < 0 ? ran : k;
            System.out.printf(Locale.ROOT, "INFO untimed %s: %.17g after %d iterations (target at %d)%s%n", c.name(),
                    probe.last(), ran, k, k < 0 ? "; never reached: timed runs use " + ran : "");
        }
        List<List<Double>> seconds = new ArrayList<>();
        long[] peaks = new long[contenders.size()];
        for (int i = 0; i < contenders.size(); i++) {
            seconds.add(new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            // each round starts with the next contender, so that no tool always runs first
            for (int t = 0; t < contenders.size(); t++) {
                int i = (t + r) % contenders.size();
                Contender c = contenders.get(i);
                Run run = timed(c, c.command().command(iterations[i], false, "round" + r));
                boolean reached = run.last() <= target;
                System.out.printf(Locale.ROOT, "INFO round %d %s: %.2f s, peak RSS %d MB, objective %.17g%s%n", r + 1,
                        c.name(), run.seconds(), run.peakKb() >> 10, run.last(), reached ? "" : " (ABOVE THE TARGET)");
                seconds.get(i).add(run.seconds());
                peaks[i] = Math.max(peaks[i], run.peakKb());
            }
        }
        String name = "e2e-" + Path.of(data).getFileName().toString().replaceAll("\\.[^.]*$", "");
        double[] medians = new double[contenders.size()];
        for (int i = 0; i < contenders.size(); i++) {
            medians[i] = median(seconds.get(i));
            System.out.printf(Locale.ROOT, "BENCH workload=%s system=%s ms=%.0f peak_rss_mb=%d iterations=%d%n",
                    name, contenders.get(i).name(), medians[i] * 1000, peaks[i] >> 10, iterations[i]);
        }
        for (int i = 0; i < contenders.size(); i++) {
            for (int j = 0; j < contenders.size(); j++) {
                Contender a = contenders.get(i);
                Contender b = contenders.get(j);
                if (a.fullbatch() && (i != j) && (!b.fullbatch() || j == 0)) {
                    System.out.printf(Locale.ROOT, "INFO %s %s / %s: wall time %.2fx, peak memory %.2fx%n", name,
                            a.name(), b.name(), medians[i] / medians[j], peaks[i] / (double) peaks[j]);
                }
            }
        }
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static final Pattern FULLBATCH_ITERATION = Pattern.compile("(?m)^iteration (\\d+)/\\d+ +objective (\\S+)");
    private static final Pattern SPARKML_OBJECTIVE = Pattern.compile("(?m)^SPARKML_OBJECTIVE (\\d+) (\\S+)");

    private List<String> fullbatch(List<String> optimizer, int iterations, String tag) {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("scripts/fullbatch").toString(), "train",
                "--data", data, "--objective", "logistic", "--reg-l2", Double.toString(lambda), "--optimizer"));
        cmd.addAll(optimizer);
        cmd.addAll(List.of("--max-iter", Integer.toString(iterations), "--tol", "0", "--checkpoint-every", "0",
                "--output", work.resolve("fullbatch-" + tag + "-" + System.nanoTime()).toString()));
        if (numFeatures > 0) {
            cmd.addAll(List.of("--num-features", Integer.toString(numFeatures)));
        }
        cmd.addAll(fullbatchArgs.stream().filter(s -> !s.isEmpty()).toList());
        return cmd;
    }

    private List<String> sparkMl(int iterations) {
        List<String> cmd = sparkJava();
        cmd.addAll(List.of(SparkMlLogisticJob.class.getName(), data, Double.toString(lambda),
                Integer.toString(iterations)));
        if (numFeatures > 0) {
            cmd.add(Integer.toString(numFeatures));
        }
        return cmd;
    }

    private List<String> sparkMlIrls(int iterations, boolean probe) {
        List<String> cmd = sparkJava();
        cmd.addAll(List.of(SparkMlIrlsJob.class.getName(), data, Double.toString(lambda),
                Integer.toString(probe ? Math.min(iterations, IRLS_PROBE_ITERATIONS) : iterations)));
        if (probe) {
            cmd.add("probe");
        }
        return cmd;
    }

    /** A JVM like this one's, with scripts/fullbatch's default heap and this class path. */
    private static List<String> sparkJava() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:MaxRAMPercentage=50"); // scripts/fullbatch's default heap
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Xmx") && !a.startsWith("-XX:MaxRAMPercentage")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return cmd;
    }

    /**
     * Runs a contender's command under /usr/bin/time: wall seconds, peak resident KB, the objectives its output
     * lists. fullbatch gets the JVM options the Spark ML jobs inherit from this JVM ({@code BENCH_JAVA_OPTS}) and the
     * same default heap: a {@code FULLBATCH_DRIVER_MEMORY} of the caller's environment would give it another.
     */
    private Run timed(Contender contender, List<String> command) throws IOException, InterruptedException {
        Pattern objective = contender.objective();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "E2E_RESOURCES %e %M"));
        cmd.addAll(command);
        Path log = Files.createTempFile(work, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (contender.fullbatch()) {
            String extra = System.getenv("BENCH_JAVA_OPTS");
            builder.environment().remove("FULLBATCH_DRIVER_MEMORY");
            builder.environment().remove("FULLBATCH_JAVA_OPTS");
            if (extra != null && !extra.isBlank()) {
                builder.environment().put("FULLBATCH_JAVA_OPTS", extra);
            }
        }
        Process p = builder.start();
        int code = p.waitFor();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (code != 0) {
            throw new IllegalStateException("exit " + code + ": " + String.join(" ", command) + "\n" + out);
        }
        Matcher m = Pattern.compile("(?m)^E2E_RESOURCES ([0-9.]+) (\\d+)$").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no /usr/bin/time line:\n" + out);
        }
        List<Double> objectives = new ArrayList<>();
        Matcher o = objective.matcher(out);
        while (o.find()) {
            objectives.add(Double.parseDouble(o.group(2)));
        }
        return new Run(Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)), objectives, out);
    }
}
