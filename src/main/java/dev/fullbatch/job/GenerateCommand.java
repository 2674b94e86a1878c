package dev.fullbatch.job;

import dev.fullbatch.generate.DatasetGenerator;
import dev.fullbatch.generate.GeneratorSpec;
import dev.fullbatch.generate.Task;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fullbatch generate}: writes a synthetic LIBSVM data set in parallel, byte-identical for the same options. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"fullbatch generate --task T --rows N --output URI [OPTION...]",
            "  (--task, --rows and --output are required, on the command line or in a --conf file)"},
        description = "Write a synthetic data set (LIBSVM text, a folder of part files), identical for the same options.")
final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfFileOption conf = new ConfFileOption();

    @Option(names = "--task", paramLabel = "T", description = "Required. regression, binary, multiclass, circles or xor.")
    String task;

    @Option(names = "--rows", paramLabel = "N", description = "Required. Number of rows.")
    long rows;

    @Option(names = "--features", paramLabel = "D", description = "Number of features (default 10).")
    int features = 10;

    @Option(names = "--density", paramLabel = "P", description = "Fraction of nonzero features (default 1: dense).")
    double density = 1.0;

    @Option(names = "--classes", paramLabel = "K", description = "multiclass: number of classes (default 3).")
    int classes = 3;

    @Option(names = "--noise", paramLabel = "S", description = "Noise level (default 0.1).")
    double noise = 0.1;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default 42).")
    long seed = 42;

    @Option(names = "--partitions", paramLabel = "N", description = "Part files written in parallel (default 4).")
    int partitions = 4;

    @Option(names = "--output", paramLabel = "URI", description = "Required. Folder to write; must not exist.")
    String output;

    @CommandLine.Mixin
    SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() {
        TrainCommand.require(task, "--task", "one of regression, binary, multiclass, circles, xor");
        TrainCommand.require(output, "--output", "the folder to write the data set to");
        if (rows < 1) {
            throw new UsageException("missing or invalid --rows: must be >= 1, got " + rows);
        }
        GeneratorSpec generator;
        try {
            generator = new GeneratorSpec(Task.fromName(task), rows, features, density, classes, noise, seed, partitions);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (SparkRuntime rt = spark.open("fullbatch generate")) {
            try {
                new DatasetGenerator(generator).write(rt.jsc(), output);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        // circles and xor always write two features, whatever --features says; report what is in the files.
        spec.commandLine().getErr().printf(java.util.Locale.ROOT, "fullbatch: wrote %,d %s rows with %s to %s%n", rows,
                generator.task(), TrainCommand.count(generator.featureCount(), "feature"), output);
        return ExitCode.OK;
    }
}
