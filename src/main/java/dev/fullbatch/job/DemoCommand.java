package dev.fullbatch.job;

import dev.fullbatch.generate.DatasetGenerator;
import dev.fullbatch.generate.GeneratorSpec;
import dev.fullbatch.generate.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fullbatch demo}: the README's first command. Generates a demo data set once (binary classification,
 * dense) and trains a logistic model on it in the same Spark session, printing progress and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate a demo data set (once) and train a logistic model on it, in local mode.")
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rows", paramLabel = "N", description = "Rows of demo data (default 1000000).")
    long rows = 1_000_000;

    @Option(names = "--features", paramLabel = "D", description = "Features (default 20).")
    int features = 20;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo data and model go (default target/demo).")
    String dir = "target/demo";

    @Option(names = "--optimizer", paramLabel = "NAME", description = "Optimizer for the demo (default lbfgs).")
    String optimizer = "lbfgs";

    @CommandLine.Mixin
    SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() throws Exception {
        Path base = Path.of(dir).toAbsolutePath();
        Path data = base.resolve(String.format(Locale.ROOT, "data-%d-%d", rows, features));
        Path model = base.resolve("model");
        try (SparkRuntime rt = spark.open("fullbatch demo")) {
            if (!Files.exists(data.resolve("_SUCCESS"))) {
                spec.commandLine().getErr().printf(Locale.ROOT, "fullbatch demo: generating %,d rows x %d features into %s%n", rows,
                        features, data);
                GeneratorSpec generator = new GeneratorSpec(Task.BINARY, rows, features, 1.0, 2, 0.3, 42,
                        Math.max(2, rt.jsc().defaultParallelism() * 2));
                long t0 = System.nanoTime();
                new DatasetGenerator(generator).write(rt.jsc(), data.toUri().toString());
                spec.commandLine().getErr().printf(Locale.ROOT, "fullbatch demo: generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            } else {
                spec.commandLine().getErr().println("fullbatch demo: reusing " + data);
            }
            List<String> args = new ArrayList<>(List.of("--data", data.toUri().toString(), "--objective", "logistic",
                    "--reg-l2", "1e-4", "--optimizer", optimizer, "--max-iter", "50", "--output",
                    model.toUri().toString(), "--overwrite", "--checkpoint-every", "0"));
            TrainCommand train = new TrainCommand();
            new CommandLine(train).parseArgs(args.toArray(new String[0]));
            long t0 = System.nanoTime();
            int code = new TrainJob(train.settings(spec.commandLine().getErr()), spec.commandLine().getErr(), rt).run();
            spec.commandLine().getErr().printf(Locale.ROOT, "fullbatch demo: trained in %.1f s; see %s (model.json, history.csv, "
                    + "metrics.json, training.svg, coefficients.csv, report.html)%n", (System.nanoTime() - t0) / 1e9, model);
            return code;
        }
    }
}
