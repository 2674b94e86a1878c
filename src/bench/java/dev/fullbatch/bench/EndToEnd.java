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
 * scripts/fullbatch train} (logistic, L2, L-BFGS, its default heap and everything else default) against a plain Spark
 * ML job ({@link SparkMlLogisticJob}: Spark's libsvm source, {@code LogisticRegression} with
 * {@code standardization=false}, the same heap setting), both on {@code local[*]}, each to a relative objective error
 * of 1e-6 from a reference optimum.
 *
 * <p>A first, untimed run of each tool (300 iterations, no tolerance) finds the iterations it needs to reach the
 * target; then each tool runs with exactly that many, the two alternating (fullbatch first in odd rounds, Spark ML
 * first in even ones), under {@code /usr/bin/time} for the wall time and the peak resident memory of the whole
 * process (JVM start, reading, training, writing). Prints one {@code BENCH} line per tool (medians over the rounds;
 * peak memory the largest seen) and an {@code INFO} ratio line.
 */
final class EndToEnd {
    static final double RELATIVE_ERROR = 1e-6;
    /** logistic, a9a, lambda 1e-3: ../shared/data/README.md (scipy L-BFGS + Newton polish, independent of fullbatch). */
    static final double A9A_OPTIMUM_1E_3 = 0.3327133075461916;
    static final int PROBE_ITERATIONS = 300;
    static final String USAGE = """
            usage: scripts/bench --end-to-end [--data FILE] [--reg-l2 L] [--reference OBJ] [--num-features D]
                                              [--rounds N] [--fullbatch-args "ARGS"]
              --data FILE        LIBSVM file, binary labels (../shared/data/a9a.libsvm)
              --reg-l2 L         L2 penalty of both (1e-3)
              --reference OBJ    the optimum (a9a with 1e-3: 0.3327133075461916 from ../shared/data/README.md;
                                 otherwise the lower final objective of the two untimed runs)
              --num-features D   given to both (default: each infers it)
              --rounds N         timed rounds, the tools alternating (3)
              --fullbatch-args   more options for fullbatch train, e.g. "--block-size 1m\"""";

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
            e2e.run();
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "INFO end-to-end on %s, L2 %s, %d timed rounds%n", data, lambda, rounds);
        Run fbProbe = fullbatch(PROBE_ITERATIONS, "probe");
        Run smProbe = sparkMl(PROBE_ITERATIONS);
        double optimum = reference;
        String origin = "given";
        if (Double.isNaN(optimum)) {
            optimum = Math.min(fbProbe.last(), smProbe.last());
            origin = "the lower of the two untimed runs";
        }
        double target = optimum + RELATIVE_ERROR * Math.abs(optimum);
        int kF = fbProbe.iterationsTo(target, false);
        int kS = smProbe.iterationsTo(target, true);
        System.out.printf(Locale.ROOT, "INFO optimum %.17g (%s), target %.17g; untimed runs: fullbatch %.17g after "
                + "%d iterations (target at %d), Spark ML %.17g after %d (target at %d)%n", optimum, origin, target,
                fbProbe.last(), fbProbe.objectives().size(), kF, smProbe.last(), smProbe.objectives().size() - 1, kS);
        if (kF < 0 || kS < 0) {
            System.out.println("INFO a tool never reached the target in " + PROBE_ITERATIONS + " iterations; "
                    + "its timed runs use " + PROBE_ITERATIONS);
        }
        List<Double> fbSeconds = new ArrayList<>();
        List<Double> smSeconds = new ArrayList<>();
        long fbPeak = 0;
        long smPeak = 0;
        for (int r = 0; r < rounds; r++) {
            for (int t = 0; t < 2; t++) {
                boolean fullbatchNow = (t == 0) == (r % 2 == 0);
                Run run = fullbatchNow ? fullbatch(kF < 0 ? PROBE_ITERATIONS : kF, "round" + r)
                        : sparkMl(kS < 0 ? PROBE_ITERATIONS : kS);
                boolean reached = run.last() <= target;
                System.out.printf(Locale.ROOT, "INFO round %d %s: %.2f s, peak RSS %d MB, objective %.17g%s%n", r + 1,
                        fullbatchNow ? "fullbatch" : "sparkml", run.seconds(), run.peakKb() >> 10, run.last(),
                        reached ? "" : " (ABOVE THE TARGET)");
                if (fullbatchNow) {
                    fbSeconds.add(run.seconds());
                    fbPeak = Math.max(fbPeak, run.peakKb());
                } else {
                    smSeconds.add(run.seconds());
                    smPeak = Math.max(smPeak, run.peakKb());
                }
            }
        }
        String name = "e2e-" + Path.of(data).getFileName().toString().replaceAll("\\.[^.]*$", "");
        double fb = median(fbSeconds);
        double sm = median(smSeconds);
        System.out.printf(Locale.ROOT, "BENCH workload=%s system=fullbatch ms=%.0f peak_rss_mb=%d iterations=%d%n",
                name, fb * 1000, fbPeak >> 10, kF);
        System.out.printf(Locale.ROOT, "BENCH workload=%s system=sparkml ms=%.0f peak_rss_mb=%d iterations=%d%n",
                name, sm * 1000, smPeak >> 10, kS);
        System.out.printf(Locale.ROOT, "INFO %s fullbatch / Spark ML: wall time %.2fx, peak memory %.2fx%n", name,
                fb / sm, fbPeak / (double) smPeak);
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static final Pattern FULLBATCH_ITERATION = Pattern.compile("(?m)^iteration (\\d+)/\\d+ +objective (\\S+)");
    private static final Pattern SPARKML_OBJECTIVE = Pattern.compile("(?m)^SPARKML_OBJECTIVE (\\d+) (\\S+)");

    private Run fullbatch(int iterations, String tag) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("scripts/fullbatch").toString(), "train",
                "--data", data, "--objective", "logistic", "--reg-l2", Double.toString(lambda), "--optimizer", "lbfgs",
                "--max-iter", Integer.toString(iterations), "--tol", "0", "--checkpoint-every", "0",
                "--output", work.resolve("fullbatch-" + tag + "-" + System.nanoTime()).toString()));
        if (numFeatures > 0) {
            cmd.addAll(List.of("--num-features", Integer.toString(numFeatures)));
        }
        cmd.addAll(fullbatchArgs.stream().filter(s -> !s.isEmpty()).toList());
        return timed(cmd, FULLBATCH_ITERATION);
    }

    private Run sparkMl(int iterations) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:MaxRAMPercentage=50"); // scripts/fullbatch's default heap
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Xmx") && !a.startsWith("-XX:MaxRAMPercentage")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkMlLogisticJob.class.getName(), data,
                Double.toString(lambda), Integer.toString(iterations)));
        if (numFeatures > 0) {
            cmd.add(Integer.toString(numFeatures));
        }
        return timed(cmd, SPARKML_OBJECTIVE);
    }

    /** Runs a command under /usr/bin/time: wall seconds, peak resident KB, the objectives its output lists. */
    private Run timed(List<String> command, Pattern objective) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "E2E_RESOURCES %e %M"));
        cmd.addAll(command);
        Path log = Files.createTempFile(work, "run", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
