package dev.fullbatch.job;

import dev.fullbatch.data.LabelRule;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.Optimizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code fullbatch train}: reads options, validates them into {@link TrainSettings}, runs {@link TrainJob}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"fullbatch train --data URI --output URI [OPTION...]",
            "  (--data and --output are required, on the command line or in a --conf file)"},
        resourceBundle = "dev.fullbatch.job.TrainCommandHelp",
        description = "Train a model by exact full-batch gradient descent and write a model directory.",
        footer = {"", "Every option can also be set in a --conf file as 'name = value' (without the dashes);",
            "the command line wins. Exit codes: 0 ok, 1 internal, 2 usage/input, 3 diverged."})
final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfFileOption conf = new ConfFileOption();

    @Option(names = "--data", paramLabel = "URI", description = "Required. Input file, folder or glob (file:, hdfs:, s3a:...).")
    String data;

    @Option(names = "--format", paramLabel = "FMT", description = "libsvm, csv or parquet (default: from the extension, .csv or .parquet; parquet for a folder of .parquet files; else libsvm).")
    String format;

    @Option(names = "--num-features", paramLabel = "D", description = "Number of features (default: inferred).")
    int numFeatures;

    @Option(names = "--label-col", paramLabel = "K|NAME", description = "CSV: 0-based label column (default 0); Parquet: label column name (default label).")
    String labelCol;

    @Option(names = "--features-col", paramLabel = "NAME", description = "Parquet: the Spark ML vector column of features (default: the only vector column).")
    String featuresCol;

    @Option(names = "--feature-cols", paramLabel = "A,B,C", hideParamSyntax = true, split = ",", description = "Parquet: numeric feature columns, in this order (default without a vector column: every numeric column but the label).")
    List<String> featureCols = new ArrayList<>();

    @Option(names = "--header", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "CSV files start with a header line.")
    boolean header;

    @Option(names = "--objective", paramLabel = "NAME", description = "least-squares (default), logistic, softmax, huber, squared-hinge.")
    String objective = "least-squares";

    @Option(names = "--classes", paramLabel = "K", description = "softmax: number of classes (default: max label + 1).")
    int classes;

    @Option(names = "--huber-delta", paramLabel = "DELTA", description = "Huber threshold (default 1.0).")
    double huberDelta = 1.0;

    @Option(names = "--reg-l2", paramLabel = "LAMBDA", description = "L2 penalty (default 0).")
    double regL2;

    @Option(names = "--reg-l1", paramLabel = "LAMBDA", description = "L1 penalty (default 0).")
    double regL1;

    @Option(names = "--intercept", arity = "1", paramLabel = "BOOL", description = "Fit an intercept (default true).")
    boolean intercept = true;

    @Option(names = "--standardize", arity = "1", paramLabel = "BOOL", description = "Precondition by feature scale (default true; the optimum is unchanged).")
    boolean standardize = true;

    @Option(names = "--model", paramLabel = "TYPE", description = "linear (default) or mlp.")
    String model = "linear";

    @Option(names = "--hidden", paramLabel = "W1,W2", hideParamSyntax = true, split = ",", description = "mlp: hidden layer widths, e.g. 64,32. Required with --model mlp.")
    List<Integer> hidden = new ArrayList<>();

    @Option(names = "--activation", paramLabel = "NAME", description = "mlp: relu (default), tanh or sigmoid.")
    String activation = "relu";

    @Option(names = "--optimizer", paramLabel = "NAME", description = "gd (default), momentum, nesterov, bb, lbfgs, adam, rmsprop.")
    String optimizer = "gd";

    @Option(names = "--step-size", paramLabel = "ETA", description = "A positive step or 'auto' (default: no tuning needed).")
    String stepSize = "auto";

    @Option(names = "--schedule", paramLabel = "S", description = "gd with a fixed step: constant (default), inv-sqrt, exp:GAMMA, step:EVERY:GAMMA.")
    String schedule = "constant";

    @Option(names = "--lbfgs-memory", paramLabel = "M", description = "lbfgs: correction pairs kept (default 10).")
    int lbfgsMemory = 10;

    @Option(names = "--momentum", paramLabel = "BETA", description = "momentum: coefficient in [0,1) (default 0.9).")
    double momentum = 0.9;

    @Option(names = "--max-iter", paramLabel = "N", description = "Iteration budget (default 100).")
    int maxIter = 100;

    @Option(names = "--tol", paramLabel = "EPS", description = "Stop when the relative objective change falls below EPS (default 1e-9; 0 disables).")
    double tol = 1e-9;

    @Option(names = "--grad-tol", paramLabel = "EPS", description = "Stop when the gradient norm falls below EPS (default 0: off).")
    double gradTol;

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "Stop after this much wall-clock time (default 0: none).")
    double timeLimit;

    @Option(names = "--patience", paramLabel = "N", description = "With --validation: stop after N iterations without improvement (default 0: off).")
    int patience;

    @Option(names = "--partitions", paramLabel = "N", description = "Spark partitions of the cached data (default: what the input gives).")
    int partitions;

    @Option(names = "--tree-depth", paramLabel = "K", description = "treeAggregate depth (default 2).")
    int treeDepth = 2;

    @Option(names = "--block-size", paramLabel = "BYTES", description = "Input bytes per block (default 4194304). Part of what fixes the bits.")
    long blockSize = ReadOptions.DEFAULT_BLOCK_BYTES;

    @Option(names = "--feature-storage", paramLabel = "T", description = "float64 (default) or float32 (half the memory).")
    String featureStorage = "float64";

    @Option(names = "--layout", paramLabel = "L", description = "auto (default), dense or sparse feature storage.")
    String layout = "auto";

    @Option(names = "--storage-level", paramLabel = "LEVEL", description = "Spark storage level of the cached data (default MEMORY_AND_DISK).")
    String storageLevel = "MEMORY_AND_DISK";

    @Option(names = "--bad-records", paramLabel = "POLICY", description = "fail (default) or skip malformed lines.")
    String badRecords = "fail";

    @Option(names = "--max-bad-records", paramLabel = "N", description = "With skip: fail anyway beyond N malformed lines (default: no limit).")
    long maxBadRecords = Long.MAX_VALUE;

    @Option(names = "--output", paramLabel = "URI", description = "Required. The model directory (never a folder fullbatch did not write, nor inside or above an input).")
    String output;

    @Option(names = "--overwrite", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Replace a model (or discard an unfinished run) fullbatch wrote in --output; the old model stays intact until the new one is complete.")
    boolean overwrite;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Continue the run in --output from its newest checkpoint (fresh if none); on a complete model, do nothing if options and data are unchanged, else exit 2.")
    boolean resume;

    @Option(names = "--checkpoint-every", paramLabel = "K", description = "Checkpoint every K iterations (default 10; 0: off).")
    int checkpointEvery = 10;

    @Option(names = "--checkpoint-interval", paramLabel = "SECONDS", description = "Also checkpoint when this many seconds passed since the last one (default 600; 0: off).")
    double checkpointInterval = 600;

    @Option(names = "--validation", paramLabel = "URI", description = "Held-out data, scored every iteration.")
    String validation;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for anything random (default 42).")
    long seed = 42;

    @Option(names = "--reg-path", paramLabel = "N", description = "Fit a regularization path of N penalties from lambda_max down (default 0: one fit at --reg-l1/--reg-l2).")
    int regPath;

    @Option(names = "--path-ratio", paramLabel = "R", description = "With --reg-path: the smallest penalty over lambda_max (default 1e-4 with more rows than features, else 1e-2).")
    Double pathRatio;

    @Option(names = "--alpha", paramLabel = "A", description = "With --reg-path: the elastic net's L1 share, 0 (ridge) to 1 (lasso; default).")
    Double alpha;

    @Option(names = "--path-early-end", arity = "1", paramLabel = "BOOL", description = "With --reg-path: end the path once the deviance explained stops changing, as glmnet does (default true).")
    Boolean pathEarlyEnd;

    @Option(names = "--cv", paramLabel = "K", description = "With --reg-path: K-fold cross-validation of the path (default 0: none).")
    int cv;

    @Option(names = "--cv-select", paramLabel = "RULE", description = "With --cv: the model kept, min (the best mean deviance; default) or 1se (the largest penalty within one standard error of it).")
    String cvSelect;

    @Option(names = "--cv-metric", paramLabel = "M", description = "With --cv: deviance (default: twice the mean loss), rmse (regression) or accuracy (binary).")
    String cvMetric;

    @CommandLine.Mixin
    SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() throws Exception {
        TrainSettings settings = settings(spec.commandLine().getErr());
        return new TrainJob(settings, spec.commandLine().getErr()).run();
    }

    /**
     * Validates the options into settings.
     *
     * @param warnings where to print one line for each {@code --conf} file option the run ignores
     */
    TrainSettings settings(java.io.PrintWriter warnings) {
        TrainSettings settings = new TrainSettings(dataSpec(), modelSpec(), new RegularizationSpec(regL2, regL1),
                optimizerSpec(), new StoppingSpec(maxIter, tol, gradTol, timeLimit, patience),
                new OutputSpec(output, overwrite, resume, checkpointEvery, checkpointInterval),
                new SparkSpec(spark.master, spark.sparkConf, treeDepth));
        PathOptions path = PathOptions.of(regPath, pathRatio, alpha, pathEarlyEnd, cv, cvSelect, cvMetric,
                settings);
        if (path != null) {
            if (path.alpha() > 0) {
                try {
                    Optimizers.requireL1Support(settings.optimizer().settings());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--reg-path with --alpha " + path.alpha() + " has an L1 part: "
                            + e.getMessage());
                }
            }
            settings = new TrainSettings(settings.data(), settings.model(),
                    new RegularizationSpec(regL2, regL1, path), settings.optimizer(), settings.stopping(),
                    settings.output(), settings.spark());
        }
        for (String warning : UnusedOptions.check(settings, givenOptions())) {
            warnings.println("fullbatch: " + warning);
        }
        return settings;
    }

    private DataSpec dataSpec() {
        require(data, "--data", "the training input, e.g. --data file:/data/train.libsvm");
        require(output, "--output", "the model directory to write, e.g. --output file:/models/run1");
        ReadOptions.Format fmt = FormatChoice.resolve(format, data, FormatChoice.beforeSpark(spark.sparkConf));
        nonNegative("--num-features", numFeatures);
        nonNegative("--partitions", partitions);
        if (blockSize < 1024 || blockSize > MAX_BLOCK_BYTES) {
            throw new UsageException("--block-size must be from 1024 to " + MAX_BLOCK_BYTES + " bytes, got "
                    + blockSize);
        }
        if (maxBadRecords < 0) {
            throw new UsageException("--max-bad-records must be >= 0, got " + maxBadRecords);
        }
        boolean skip = badRecordsPolicy(badRecords);
        if (!skip && maxBadRecords != Long.MAX_VALUE) {
            throw new UsageException("--max-bad-records applies to --bad-records skip; with --bad-records fail "
                    + "(the default) the first malformed line stops the job. Add --bad-records skip, or drop "
                    + "--max-bad-records");
        }
        boolean useFloat = switch (featureStorage.trim().toLowerCase(Locale.ROOT)) {
            case "float64", "double" -> false;
            case "float32", "float" -> true;
            default -> throw new UsageException("--feature-storage must be float64 or float32, got '"
                    + featureStorage + "'");
        };
        ReadOptions.Layout lay;
        try {
            lay = ReadOptions.Layout.valueOf(layout.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--layout must be auto, dense or sparse, got '" + layout + "'");
        }
        try {
            org.apache.spark.storage.StorageLevel.fromString(storageLevel.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--storage-level '" + storageLevel + "' is not a Spark storage level (e.g. "
                    + "MEMORY_AND_DISK, MEMORY_AND_DISK_SER, DISK_ONLY)");
        }
        ReadOptions.Builder read = ReadOptions.builder(fmt).numFeatures(numFeatures)
                .labelColumn(csvOptions(fmt, labelCol, header)).header(header).blockBytes(blockSize)
                .floatStorage(useFloat).layout(lay).partitions(partitions)
                .storageLevel(storageLevel.trim().toUpperCase(Locale.ROOT))
                .labels(labelRule(loss(), classes, "--classes " + classes))
                .parquetColumns(parquetColumns(fmt, labelCol, featuresCol, featureCols));
        if (skip) {
            read.skipBadRecords(maxBadRecords);
        }
        return new DataSpec(data, validation, read.build());
    }

    private LossKind loss() {
        try {
            return LossKind.fromName(objective);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--objective: " + e.getMessage() + Suggestions.hint(objective.trim(),
                    java.util.Arrays.stream(LossKind.values()).map(LossKind::cliName).toList(), ""));
        }
    }

    private ModelSpec modelSpec() {
        return new ModelSpec(loss(), classes, huberDelta, intercept, model.trim().toLowerCase(Locale.ROOT),
                List.copyOf(hidden), activation.trim().toLowerCase(Locale.ROOT), seed);
    }

    /** The optimizer's options, checked to fit together (and with --reg-l1) before any data is read. */
    private OptimizerSpec optimizerSpec() {
        try {
            OptimizerSettings opt = OptimizerSettings.defaults().withMethod(optimizer).withStepSize(stepSize)
                    .withSchedule(schedule).withLbfgsMemory(lbfgsMemory).withMomentum(momentum);
            if (regL1 > 0) {
                Optimizers.requireL1Support(opt);
            }
            // Builds the optimizer once to check that its options fit together, before any data is read.
            Optimizers.create(opt);
            return new OptimizerSpec(opt, standardize);
        } catch (IllegalArgumentException e) {
            String hint = e.getMessage().startsWith("--optimizer must be")
                    ? Suggestions.hint(optimizer.trim(), Optimizers.METHODS, "") : "";
            throw new UsageException(e.getMessage() + hint);
        }
    }

    /** The options the user set: picocli's matches on the command line, and the keys of the --conf file. */
    private GivenOptions givenOptions() {
        Set<String> onCommandLine = new TreeSet<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed != null) {
            for (CommandLine.Model.OptionSpec option : parsed.matchedOptions()) {
                onCommandLine.add(option.longestName().replaceFirst("^--", ""));
            }
        }
        // Main installs a --conf file as this command's default value provider.
        if (spec.defaultValueProvider() instanceof ConfigFile conf) {
            return new GivenOptions(onCommandLine, conf.values().keySet(), conf.toString());
        }
        return new GivenOptions(onCommandLine, Set.of(), null);
    }

    /** The widest model accepted: the exact sums hold at most 2^29 - 1 components. */
    static final int MAX_FEATURES = Integer.MAX_VALUE / 4 - 1;
    /** The most Spark partitions accepted. */
    static final int MAX_PARTITIONS = 1_000_000;
    /** The largest block accepted: a block's arrays must stay well within Java's array limits. */
    static final long MAX_BLOCK_BYTES = 1L << 30;

    /** The labels an objective accepts. */
    static LabelRule labelRule(LossKind loss, int classes, String classesOrigin) {
        if (loss == LossKind.SOFTMAX) {
            return LabelRule.classes(loss.cliName(), classes, classesOrigin);
        }
        return loss.isBinary() ? LabelRule.binary(loss.cliName()) : LabelRule.real(loss.cliName());
    }

    /** Parses {@code --bad-records}: true for skip. */
    static boolean badRecordsPolicy(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fail" -> false;
            case "skip" -> true;
            default -> throw new UsageException("--bad-records must be 'fail' or 'skip', got '" + value + "'");
        };
    }

    /**
     * Checks the CSV-only options against the format and returns the label column (0 when not given).
     *
     * @param labelCol the {@code --label-col} text, or null when not given
     */
    static int csvOptions(ReadOptions.Format format, String labelCol, boolean header) {
        if (format == ReadOptions.Format.PARQUET) {
            if (header) {
                throw new UsageException("--header applies to CSV input only, but the input is read as parquet");
            }
            return 0;
        }
        if (format != ReadOptions.Format.CSV) {
            if (labelCol != null || header) {
                throw new UsageException((labelCol != null ? "--label-col" : "--header") + " applies to CSV input "
                        + "only, but the input is read as " + format.name().toLowerCase(Locale.ROOT)
                        + " (LIBSVM lines start with the label); pass --format csv if it is CSV");
            }
            return 0;
        }
        if (labelCol == null) {
            return 0;
        }
        int column;
        try {
            column = Integer.parseInt(labelCol.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--label-col must be a 0-based column number, got '" + labelCol + "'");
        }
        nonNegative("--label-col", column);
        return column;
    }

    /** "1 feature", "3 features". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static void atMost(String option, long value, long max, String why) {
        if (value > max) {
            throw new UsageException(option + " must be at most " + max + " (" + why + "), got " + value);
        }
    }

    static void require(String value, String option, String what) {
        if (value == null || value.isBlank()) {
            throw new UsageException("missing required option " + option + ": " + what);
        }
    }

    static void positiveInt(String option, long value, long min) {
        if (value < min) {
            throw new UsageException(option + " must be at least " + min + ", got " + value);
        }
    }

    static void nonNegative(String option, long value) {
        if (value < 0) {
            throw new UsageException(option + " must be >= 0, got " + value);
        }
    }

    static void nonNegativeReal(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new UsageException(option + " must be a finite number >= 0, got " + value);
        }
    }

    /** The Parquet columns asked for; the column options are an error for other formats. */
    static ParquetColumns parquetColumns(ReadOptions.Format fmt, String labelCol, String featuresCol,
                                         List<String> featureCols) {
        List<String> names = new ArrayList<>();
        for (String c : featureCols) {
            if (!c.isBlank()) {
                names.add(c.trim());
            }
        }
        boolean vector = featuresCol != null && !featuresCol.isBlank();
        if (fmt != ReadOptions.Format.PARQUET) {
            if (vector || !names.isEmpty()) {
                throw new UsageException((vector ? "--features-col" : "--feature-cols") + " applies to Parquet "
                        + "input only (the input is read as " + fmt.name().toLowerCase(Locale.ROOT) + "; pass "
                        + "--format parquet if it is Parquet)");
            }
            return ParquetColumns.defaults();
        }
        if (vector && !names.isEmpty()) {
            throw new UsageException("--features-col and --feature-cols conflict: give one vector column or a list "
                    + "of numeric columns");
        }
        String label = labelCol == null || labelCol.isBlank() ? ParquetColumns.DEFAULT_LABEL : labelCol.trim();
        return new ParquetColumns(label, vector ? featuresCol.trim() : null, names);
    }

}
