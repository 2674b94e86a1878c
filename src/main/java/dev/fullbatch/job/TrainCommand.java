package dev.fullbatch.job;

import dev.fullbatch.data.FeatureHashing;
import dev.fullbatch.data.ClassWeightSpec;
import dev.fullbatch.data.LabelRule;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.input.RowWeighting;
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

    @Option(names = "--feature-names", paramLabel = "FILE", description = "LIBSVM: a text file naming the features, one name a line, feature 0 first (fixes the width). CSV headers and Parquet columns name theirs.")
    String featureNames;

    @Option(names = "--hash-features", paramLabel = "BITS", description = "LIBSVM-like text whose features are names (label word word:1.5 ...), or the Parquet --hash-cols: hash the names into 2^BITS features (1-30), as Spark's FeatureHasher (default 0: numbered features).")
    int hashFeatures;

    @Option(names = "--hash-cols", paramLabel = "A,B", hideParamSyntax = true, split = ",", description = "Parquet, with --hash-features: hash these string columns (value v of column c as the token c=v, as Spark's FeatureHasher) and array-of-string columns (each element, as HashingTF) into 2^BITS features after the others.")
    List<String> hashCols = new ArrayList<>();

    @Option(names = "--hash-sign", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "With --hash-features: multiply a name's value by its hash's sign, so collisions cancel in expectation (scikit-learn's alternate_sign; default false, as Spark).")
    boolean hashSign;

    @Option(names = "--categorical-cols", paramLabel = "A,B", hideParamSyntax = true, split = ",", description = "CSV with --header, or Parquet string and integer columns: one-hot encode these columns, one feature per level named col=level, levels sorted, rare ones and unseen ones into col=(other).")
    List<String> categoricalCols = new java.util.ArrayList<>();

    @Option(names = "--min-category-count", paramLabel = "N", description = "With --categorical-cols: a level needs at least N training rows, fewer go to the other level (default 1).")
    long minCategoryCount = 1;

    @Option(names = "--weight-col", paramLabel = "K|NAME", description = "CSV: 0-based instance weight column; Parquet: its name (default: every row weighs 1).")
    String weightCol;

    @Option(names = "--offset-col", paramLabel = "K|NAME", description = "CSV: 0-based offset column; Parquet: its name. A fixed term added to the linear predictor, e.g. log exposure; predict reads it too.")
    String offsetCol;

    @Option(names = "--libsvm-weights", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "LIBSVM: a first token LABEL:WEIGHT gives the row's instance weight.")
    boolean libsvmWeights;

    @Option(names = "--objective", paramLabel = "NAME", description = "least-squares (default), logistic, softmax, huber, squared-hinge, poisson, gamma, tweedie.")
    String objective = "least-squares";

    @Option(names = "--tweedie-power", paramLabel = "P", description = "tweedie: variance power, 1 < P < 2 (default 1.5).")
    double tweediePower = GlmSettings.DEFAULT_TWEEDIE_POWER;

    @Option(names = "--class-weight", paramLabel = "SPEC", description = "Classification: 'balanced' (n / (K n_k)) or LABEL=WEIGHT pairs, e.g. 0=1,1=5; multiplies the instance weights.")
    String classWeight;

    @Option(names = "--classes", paramLabel = "K", description = "softmax: number of classes (default: max label + 1).")
    int classes;

    @Option(names = "--huber-delta", paramLabel = "DELTA", description = "Huber threshold (default 1.0).")
    double huberDelta = 1.0;

    @Option(names = "--reg-l2", paramLabel = "LAMBDA", description = "L2 penalty (default 0).")
    double regL2;

    @Option(names = "--reg-l1", paramLabel = "LAMBDA", description = "L1 penalty (default 0).")
    double regL1;

    @Option(names = "--penalty-factors", paramLabel = "FILE", description = "Per-feature penalty factors, lines FEATURE,FACTOR (0: unpenalized; default 1).")
    String penaltyFactors;

    @Option(names = "--nonnegative", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Every coefficient >= 0 (the intercept stays free).")
    boolean nonnegative;

    @Option(names = "--lower-bound", paramLabel = "L", description = "Lower bound of every coefficient (default -inf).")
    double lowerBound = Double.NEGATIVE_INFINITY;

    @Option(names = "--upper-bound", paramLabel = "U", description = "Upper bound of every coefficient (default +inf).")
    double upperBound = Double.POSITIVE_INFINITY;

    @Option(names = "--bounds", paramLabel = "FILE", description = "Per-feature bounds, lines FEATURE,LOWER,UPPER (overriding the uniform ones).")
    String bounds;

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

    @Option(names = "--optimizer", paramLabel = "NAME", description = "gd (default), momentum, nesterov, bb, lbfgs, adam, rmsprop, newton.")
    String optimizer = "gd";

    @Option(names = "--step-size", paramLabel = "ETA", description = "A positive step or 'auto' (default: no tuning needed).")
    String stepSize = "auto";

    @Option(names = "--schedule", paramLabel = "S", description = "gd with a fixed step: constant (default), inv-sqrt, exp:GAMMA, step:EVERY:GAMMA.")
    String schedule = "constant";

    @Option(names = "--lbfgs-memory", paramLabel = "M", description = "lbfgs: correction pairs kept (default 10).")
    int lbfgsMemory = 10;

    @Option(names = "--momentum", paramLabel = "BETA", description = "momentum: coefficient in [0,1) (default 0.9).")
    double momentum = 0.9;

    @Option(names = "--max-dense-hessian", paramLabel = "P", description = "newton: solve with the dense Hessian (Cholesky) up to P parameters, with the trust region (TRON) beyond (default 2048).")
    int maxDenseHessian = OptimizerSettings.DEFAULT_MAX_DENSE_HESSIAN;

    @Option(names = "--statistics", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Linear models: standard errors, z/t values, p-values and 95% intervals of the coefficients (statistics.csv).")
    boolean statistics;

    @Option(names = "--init-model", paramLabel = "DIR", description = "Start from the model in this model directory (same objective and model; features matched by name when both sides name them, else by position): a warm start.")
    String initModel;

    @Option(names = "--init-model-optional", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "With --init-model: start cold when DIR holds no complete model (the first day of a daily warm start); recorded in model.json.")
    boolean initModelOptional;

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

    @Option(names = "--block-size", paramLabel = "BYTES", converter = ByteSize.class, description = "Input bytes per block: bytes, or with a suffix k, m, g (default 4m). Part of what fixes the bits.")
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
        ModelSpec modelSpec = modelSpec();
        OptimizerSpec optimizerSpec = optimizerSpec();
        GlmSettings glm = glmSettings(modelSpec.loss(), modelSpec.type(), optimizerSpec.settings());
        TrainSettings settings = new TrainSettings(dataSpec(), modelSpec, new RegularizationSpec(regL2, regL1),
                optimizerSpec, new StoppingSpec(maxIter, tol, gradTol, timeLimit, patience),
                new OutputSpec(output, overwrite, resume, checkpointEvery, checkpointInterval, statistics),
                new SparkSpec(spark.master, spark.sparkConf, treeDepth), glm);
        checkSecondOrder(settings);
        PathOptions path = PathOptions.of(regPath, pathRatio, alpha, pathEarlyEnd, cv, cvSelect, cvMetric,
                settings);
        if (path != null) {
            checkPathCombinations(settings);
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
                    settings.output(), settings.spark(), settings.glm());
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
            throw new UsageException("--block-size must be from 1024 to " + MAX_BLOCK_BYTES + " bytes (1k to "
                    + ByteSize.format(MAX_BLOCK_BYTES) + "), got " + blockSize);
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
                .parquetColumns(parquetColumns(fmt, labelCol, featuresCol, featureCols)
                        .withEncoded(List.of(), hashCols(fmt)));
        FeatureHashing hashing = hashing(fmt);
        if (hashing != null) {
            read.hashing(hashing, "--hash-features " + hashFeatures);
        }
        read.weighting(weighting(fmt, read.build().labelColumn(), weightCol, offsetCol, libsvmWeights));
        if (skip) {
            read.skipBadRecords(maxBadRecords);
        }
        return new DataSpec(data, validation, read.build(), featureNamesFile(fmt), categoricalCols(fmt),
                minCategoryCount);
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
                    .withSchedule(schedule).withLbfgsMemory(lbfgsMemory).withMomentum(momentum)
                    .withMaxDenseHessian(maxDenseHessian);
            if (regL1 > 0) {
                Optimizers.requireL1Support(opt);
            }
            // Builds the optimizer once to check that its options fit together, before any data is read.
            Optimizers.create(opt);
            return new OptimizerSpec(opt, standardize, initModel, initModelOptional);
        } catch (IllegalArgumentException e) {
            String hint = e.getMessage().startsWith("--optimizer must be")
                    ? Suggestions.hint(optimizer.trim(), Optimizers.METHODS, "") : "";
            throw new UsageException(e.getMessage() + hint);
        }
    }

    /**
     * Refuses, before any data is read, what Newton's method or {@code --statistics} cannot do: both need a linear
     * model's exact Hessian, and the statistics a likelihood and no lasso selection.
     */
    private static void checkSecondOrder(TrainSettings s) {
        boolean network = s.model().type().equals(ModelChoice.MLP);
        LossKind loss = s.model().loss();
        if (s.optimizer().method().equals(dev.fullbatch.optim.Newton.NAME) && network) {
            throw new UsageException("--optimizer newton applies to --model linear only: a network's Hessian is not"
                    + " positive definite, so Newton's quadratic model does not lead downhill; use --optimizer lbfgs"
                    + " or adam for --model mlp");
        }
        if (!s.output().statistics()) {
            return;
        }
        if (network) {
            throw new UsageException("--statistics applies to --model linear only: a network's weights are not"
                    + " identifiable (hidden units can be permuted), so they have no standard errors; drop"
                    + " --statistics or use --model linear");
        }
        if (s.regularization().l1() > 0) {
            throw new UsageException(dev.fullbatch.stats.WaldStatistics.l1Refusal());
        }
        if (!(loss == LossKind.LEAST_SQUARES || loss == LossKind.LOGISTIC || loss.isLogLink())) {
            throw new UsageException("--statistics needs a generalized linear model's likelihood, and --objective "
                    + loss.cliName() + " has none; use least-squares or logistic, or drop --statistics");
        }
    }

    /** {@code --categorical-cols}, checked against the format and the other options. */
    private List<String> categoricalCols(ReadOptions.Format fmt) {
        List<String> names = categoricalCols.stream().map(String::strip).toList();
        if (minCategoryCount < 1) {
            throw new UsageException("--min-category-count must be at least 1, got " + minCategoryCount);
        }
        if (names.isEmpty()) {
            if (minCategoryCount != 1) {
                throw new UsageException("--min-category-count applies with --categorical-cols only");
            }
            return names;
        }
        if (fmt != ReadOptions.Format.PARQUET && (fmt != ReadOptions.Format.CSV || !header)) {
            throw new UsageException("--categorical-cols names the columns of CSV files with a header line or of "
                    + "Parquet input; pass --format csv --header, or --format parquet");
        }
        if (numFeatures > 0) {
            throw new UsageException("--categorical-cols and --num-features conflict: the levels found in the data "
                    + "fix the width; drop --num-features");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (n.isEmpty() || !seen.add(n)) {
                throw new UsageException("--categorical-cols: " + (n.isEmpty() ? "an empty column name" : "'" + n
                        + "' is given twice") + "; give distinct column names, e.g. --categorical-cols color,size");
            }
        }
        return names;
    }

    /**
     * Refuses, before any data is read, what a regularization path does not fit yet: it builds the plain objective
     * of the model spec, so options that shape the objective or its solver otherwise would be silently dropped.
     */
    private static void checkPathCombinations(TrainSettings s) {
        List<String> refused = new ArrayList<>();
        if (s.model().loss().isLogLink()) {
            refused.add("--objective " + s.model().loss().cliName());
        }
        if (s.optimizer().method().equals(dev.fullbatch.optim.Newton.NAME)) {
            refused.add("--optimizer newton");
        }
        if (s.output().statistics()) {
            refused.add("--statistics");
        }
        if (s.optimizer().initModel() != null) {
            refused.add("--init-model");
        }
        if (s.glm().classWeight() != null) {
            refused.add("--class-weight");
        }
        if (s.glm().bounded()) {
            refused.add("coefficient bounds");
        }
        if (s.glm().penaltyFactorsFile() != null) {
            refused.add("--penalty-factors");
        }
        if (!refused.isEmpty()) {
            throw new UsageException("--reg-path does not combine with " + String.join(", ", refused)
                    + " yet: fit the path without them, or train one penalty (--reg-l2/--reg-l1) with them");
        }
    }

    /** {@code --hash-cols}: the Parquet columns to hash, checked against the format and {@code --hash-features}. */
    private List<String> hashCols(ReadOptions.Format fmt) {
        List<String> names = hashCols.stream().map(String::strip).toList();
        if (names.isEmpty()) {
            return names;
        }
        if (fmt != ReadOptions.Format.PARQUET) {
            throw new UsageException("--hash-cols names string columns of Parquet input (the input is read as "
                    + fmt.name().toLowerCase(Locale.ROOT) + "); for LIBSVM-like text of named features use "
                    + "--hash-features alone");
        }
        if (hashFeatures == 0) {
            throw new UsageException("--hash-cols needs --hash-features BITS: the columns are hashed into 2^BITS "
                    + "features, e.g. --hash-features 18");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (n.isEmpty() || !seen.add(n)) {
                throw new UsageException("--hash-cols: " + (n.isEmpty() ? "an empty column name" : "'" + n
                        + "' is given twice") + "; give distinct column names, e.g. --hash-cols city,tags");
            }
        }
        return names;
    }

    /** {@code --hash-features} and {@code --hash-sign}: the hashing of named text features, or null. */
    private FeatureHashing hashing(ReadOptions.Format fmt) {
        if (hashFeatures == 0) {
            if (hashSign) {
                throw new UsageException("--hash-sign applies with --hash-features BITS only");
            }
            return null;
        }
        if (hashFeatures < 1 || hashFeatures > FeatureHashing.MAX_BITS) {
            throw new UsageException("--hash-features must be from 1 to " + FeatureHashing.MAX_BITS + " (the model "
                    + "has 2^BITS features), got " + hashFeatures);
        }
        if (fmt == ReadOptions.Format.PARQUET && hashCols(fmt).isEmpty()) {
            throw new UsageException("--hash-features on Parquet input hashes the string columns named by "
                    + "--hash-cols; name them, e.g. --hash-cols city,tags");
        }
        if (fmt == ReadOptions.Format.CSV) {
            throw new UsageException("--hash-features hashes the named features of LIBSVM-like text (label word "
                    + "word:1.5 ...) or Parquet string columns (--hash-cols), but the input is read as csv; pass "
                    + "--format libsvm if the lines are of that form");
        }
        if (numFeatures > 0) {
            throw new UsageException("--hash-features and --num-features conflict: the model has 2^BITS features; "
                    + "drop --num-features");
        }
        if (libsvmWeights) {
            throw new UsageException("--hash-features and --libsvm-weights conflict: hashed text reads its first "
                    + "token as the label only; drop --libsvm-weights");
        }
        if (featureNames != null && !featureNames.isBlank()) {
            throw new UsageException("--hash-features and --feature-names conflict: hashed features are not "
                    + "numbered, so a names file cannot name them");
        }
        return new FeatureHashing(hashFeatures, hashSign);
    }

    /** {@code --feature-names}, which names LIBSVM features only (CSV headers and Parquet columns have names). */
    private String featureNamesFile(ReadOptions.Format fmt) {
        if (featureNames == null || featureNames.isBlank()) {
            return null;
        }
        if (fmt != ReadOptions.Format.LIBSVM) {
            throw new UsageException("--feature-names applies to LIBSVM input only (the input is read as "
                    + fmt.name().toLowerCase(Locale.ROOT) + ", whose " + (fmt == ReadOptions.Format.CSV
                    ? "header line (--header) names" : "columns name") + " the features)");
        }
        if (numFeatures > 0) {
            throw new UsageException("--feature-names and --num-features conflict: the names fix the width; drop "
                    + "--num-features");
        }
        return featureNames.trim();
    }

    /** Issue 16's options, checked against the objective, model and optimizer. */
    private GlmSettings glmSettings(LossKind loss, String modelType, OptimizerSettings opt) {
        if (!(tweediePower > 1 && tweediePower < 2)) {
            throw new UsageException("--tweedie-power must be strictly between 1 and 2 (1 is Poisson, 2 is Gamma: "
                    + "use --objective poisson or gamma), got " + tweediePower);
        }
        ClassWeightSpec classWeights = null;
        if (classWeight != null) {
            if (!loss.isClassification()) {
                throw new UsageException("--class-weight applies to classification objectives (logistic, "
                        + "squared-hinge, softmax), not to --objective " + loss.cliName());
            }
            try {
                classWeights = ClassWeightSpec.parse(classWeight);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        double lower = lowerBound;
        if (nonnegative) {
            if (lowerBound != Double.NEGATIVE_INFINITY) {
                throw new UsageException("--nonnegative and --lower-bound conflict: --nonnegative is --lower-bound 0; "
                        + "give one");
            }
            lower = 0;
        }
        try {
            dev.fullbatch.optim.CoefficientBounds.check(lower, upperBound, "every coefficient (--lower-bound "
                    + lower + ", --upper-bound " + upperBound + ")");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String boundsFile = bounds == null || bounds.isBlank() ? null : bounds.trim();
        String factorsFile = penaltyFactors == null || penaltyFactors.isBlank() ? null : penaltyFactors.trim();
        GlmSettings glm = new GlmSettings(loss == LossKind.TWEEDIE ? tweediePower : Double.NaN, classWeights, lower,
                upperBound, boundsFile, factorsFile);
        if (glm.bounded() || factorsFile != null) {
            String what = glm.bounded() ? "coefficient bounds (--nonnegative, --lower-bound, --upper-bound, --bounds)"
                    : "--penalty-factors";
            if (modelType.equals(ModelChoice.MLP)) {
                throw new UsageException(what + " apply to --model linear only");
            }
            if (loss == LossKind.SOFTMAX) {
                throw new UsageException(what + " apply to one-output models only, not to --objective softmax");
            }
        }
        if (glm.bounded()) {
            try {
                Optimizers.requireBoundsSupport(opt);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return glm;
    }

    /**
     * Checks {@code --weight-col}, {@code --offset-col} and {@code --libsvm-weights} against the format.
     *
     * @param labelColumn the CSV label column
     */
    static RowWeighting weighting(ReadOptions.Format fmt, int labelColumn, String weightCol, String offsetCol,
                                  boolean libsvmWeights) {
        RowWeighting w = new RowWeighting(weightCol, offsetCol, libsvmWeights);
        if (libsvmWeights && fmt != ReadOptions.Format.LIBSVM) {
            throw new UsageException("--libsvm-weights applies to LIBSVM input only (the input is read as "
                    + fmt.name().toLowerCase(Locale.ROOT) + "; use --weight-col)");
        }
        if (fmt == ReadOptions.Format.LIBSVM) {
            if (w.weightColumn() != null || w.offsetColumn() != null) {
                throw new UsageException((w.weightColumn() != null ? "--weight-col" : "--offset-col") + " applies to "
                        + "CSV and Parquet input; LIBSVM rows have no columns (for weights pass --libsvm-weights and "
                        + "write the first token as LABEL:WEIGHT; LIBSVM has no offsets: convert to CSV or Parquet)");
            }
            return w;
        }
        if (fmt == ReadOptions.Format.CSV) {
            int weight = csvColumn("--weight-col", w.weightColumn());
            int offset = csvColumn("--offset-col", w.offsetColumn());
            if (weight == labelColumn || offset == labelColumn) {
                throw new UsageException((weight == labelColumn ? "--weight-col " : "--offset-col ") + labelColumn
                        + " is the label column (--label-col " + labelColumn + ")");
            }
            if (weight >= 0 && weight == offset) {
                throw new UsageException("--weight-col and --offset-col name the same column " + weight);
            }
        } else if (w.weightColumn() != null && w.weightColumn().equals(w.offsetColumn())) {
            throw new UsageException("--weight-col and --offset-col name the same column '" + w.weightColumn() + "'");
        }
        return w;
    }

    private static int csvColumn(String option, String value) {
        if (value == null) {
            return -1;
        }
        int column;
        try {
            column = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a 0-based column number for CSV input, got '" + value + "'");
        }
        nonNegative(option, column);
        return column;
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
        if (loss == LossKind.GAMMA) {
            return LabelRule.positive(loss.cliName());
        }
        if (loss == LossKind.POISSON || loss == LossKind.TWEEDIE) {
            return LabelRule.nonNegative(loss.cliName());
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
