package dev.fullbatch.job;

import dev.fullbatch.data.ClassWeights;
import dev.fullbatch.optim.CoefficientBounds;
import dev.fullbatch.train.PenaltyFactors;
import dev.fullbatch.data.LabelRule;
import dev.fullbatch.data.LabelStats;
import dev.fullbatch.engine.DataEngine;
import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.InputFile;
import dev.fullbatch.io.Checkpoint;
import dev.fullbatch.io.CheckpointStore;
import dev.fullbatch.io.EncodingFile;
import dev.fullbatch.data.CategoricalEncoding;
import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.io.HistoryCsv;
import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.io.OutputFolder;
import dev.fullbatch.io.Provenance;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.ReductionEngine;
import dev.fullbatch.optim.Newton;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.StopReason;
import dev.fullbatch.report.PlotPoint;
import dev.fullbatch.report.TrainingPlot;
import dev.fullbatch.stats.StatisticsRefusedException;
import dev.fullbatch.stats.WaldStatistics;
import dev.fullbatch.train.DivergenceException;
import dev.fullbatch.train.HistoryRow;
import dev.fullbatch.train.Parametrization;
import dev.fullbatch.train.Trainer;
import dev.fullbatch.train.TrainingPlan;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.metrics.ModelMetrics;
import dev.fullbatch.report.CoefficientTable;
import dev.fullbatch.report.ModelReport;
import java.io.IOException;
import java.time.Instant;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * One {@code train} run: checks the output, reads and checks the data, builds the objective, runs the optimizer
 * with progress lines and checkpoints, and commits the model directory. The steps are in the order that lets
 * every user error surface before anything is written.
 */
final class TrainJob {
    private final TrainSettings s;
    private final PrintWriter log;

    /** Where the data is read and the passes run; null to open a Spark session for this run. */
    private final DataEngine engine;
    private final SparkRuntime runtime;

    TrainJob(TrainSettings settings, PrintWriter log) {
        this(settings, log, null, null);
    }

    /** @param runtime a session to run in (left open) */
    TrainJob(TrainSettings settings, PrintWriter log, SparkRuntime runtime) {
        this(settings, log, null, runtime);
    }

    /** @param engine where to read the data and run the passes (tests run whole trainings on a local engine) */
    TrainJob(TrainSettings settings, PrintWriter log, DataEngine engine) {
        this(settings, log, engine, null);
    }

    private TrainJob(TrainSettings settings, PrintWriter log, DataEngine engine, SparkRuntime runtime) {
        this.s = settings;
        this.log = log;
        this.engine = engine;
        this.runtime = runtime;
    }

    int run() throws IOException {
        if (engine != null) {
            return run(engine);
        }
        if (runtime != null) {
            return run(runtime.engine(s.spark().treeDepth(), log));
        }
        try (SparkRuntime rt = SparkRuntime.open(s.spark().master(), "fullbatch train", s.spark().conf())) {
            return run(rt.engine(s.spark().treeDepth(), log));
        }
    }

    private int run(DataEngine engine) throws IOException {
        Instant started = Instant.now();
        Configuration hconf = engine.hadoopConfiguration();
        // read before anything is claimed or written: a missing file is a usage error like a bad option
        PerFeatureFile boundsFile = s.glm().boundsFile() == null ? null
                : PerFeatureFile.read("--bounds", s.glm().boundsFile(), hconf);
        PerFeatureFile factorsFile = s.glm().penaltyFactorsFile() == null ? null
                : PerFeatureFile.read("--penalty-factors", s.glm().penaltyFactorsFile(), hconf);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("--data", s.data().data());
        inputs.put("--validation", s.data().validation());
        inputs.put("--init-model", s.optimizer().initModel());
        try (ClaimedOutput output = ClaimedOutput.open("--output", s.output().output(), OutputFolder.Kind.MODEL,
                inputs, hconf, log)) {
            ModelDirectory dir = new ModelDirectory(s.output().output(), hconf);
            CheckpointStore checkpoints = new CheckpointStore(s.output().output(), hconf, 2);
            StartingPoint from = StartingPoint.decide(output, s, checkpoints, hconf, log);
            if (from.nothingToDo()) {
                return ExitCode.OK;
            }
            List<String> givenNames = null;
            ReadOptions read = s.data().read();
            String namesFile = s.data().featureNames();
            if (namesFile != null) {
                givenNames = FeatureNames.read(namesFile, hconf);
                read = read.withNumFeatures(givenNames.size(), "the " + TrainCommand.count(givenNames.size(),
                        "name") + " of --feature-names " + namesFile);
            }
            CategoricalEncoding categorical = categorical(engine);
            read = read.withCategorical(categorical);
            log.println("fullbatch: reading " + s.data().data());
            long readStart = System.nanoTime();
            try (LoadedData train = engine.load(s.data().data(), read)) {
                DataSummary summary = train.summary();
                int d = summary.numFeatures();
                int classes = checkLabels(summary.labels(), "training data " + s.data().data());
                log.printf(Locale.ROOT, "fullbatch: %,d rows, %d features, %s, %d blocks, read and cached in %.1f s%s%n",
                        summary.rows(), d, summary.dense() ? "dense" : "sparse", summary.blocks(),
                        (System.nanoTime() - readStart) / 1e9, summary.badRecords() > 0
                                ? ", " + summary.badRecords() + " malformed lines skipped" : "");
                noteTooManyPartitions(summary);
                LoadedData validation = s.data().validation() == null ? null
                        : engine.load(s.data().validation(), read.withLabels(heldOutLabels(classes))
                                .withNumFeatures(d, "the " + TrainCommand.count(d, "feature") + " of the training data")
                                .withLayout(
                                summary.dense() ? dev.fullbatch.input.ReadOptions.Layout.DENSE
                                        : dev.fullbatch.input.ReadOptions.Layout.SPARSE)
                                .withParquetColumns(summary.columns()));
                try {
                    if (validation != null) {
                        checkValidationLabels(validation.summary().labels(), classes);
                    }
                    List<String> names = FeatureNames.of(s.data().data(), summary, read, givenNames, hconf);
                    return train(output, dir, checkpoints, from.checkpoint(), train, validation, classes, hconf,
                            new Description(names, started, categorical), boundsFile, factorsFile);
                } finally {
                    if (validation != null) {
                        validation.close();
                    }
                }
            }
        }
    }

    /**
     * Says once when {@code --partitions} asks for more tasks than the input has blocks: a block is the unit the
     * exact sums are made of, so it is never split (splitting it would change the bits), and the extra partitions
     * stay empty. A smaller {@code --block-size} makes more blocks.
     */
    private void noteTooManyPartitions(DataSummary summary) {
        int asked = s.data().read().partitions();
        if (asked <= summary.blocks()) {
            return;
        }
        long bytes = 0;
        for (dev.fullbatch.input.InputFile f : summary.files()) {
            bytes += f.length();
        }
        long suggested = Math.max(1024, bytes / asked / 1024 * 1024);
        log.printf(Locale.ROOT, "fullbatch: --partitions %d asks for more tasks than the input has blocks (%s of "
                + "--block-size %d bytes), so %s the work. A block is never split: it is the unit the exact sums are "
                + "made of. For more parallelism lower --block-size (about --block-size %d for %d blocks); the same "
                + "data and --block-size give the same bits for any --partitions%n", asked,
                TrainCommand.count(summary.blocks(), "block").replaceFirst(" blocks?$", ""), s.data().read().blockBytes(),
                summary.blocks() == 1 ? "1 task does" : summary.blocks() + " tasks do", suggested, asked);
    }

    /**
     * Bytes of driver memory a model needs per parameter at the very least: the optimizer's point, gradient, direction
     * and previous point and gradient, the merged gradient and its rounded copy, and the standardization (eight
     * vectors of doubles; L-BFGS keeps more).
     */
    static final long MIN_DRIVER_BYTES_PER_PARAMETER = 64;

    /** Stops a model that cannot possibly fit in the driver before any pass, rather than with an OutOfMemoryError. */
    private static void checkDriverMemory(int parameters, int features) {
        long heap = Runtime.getRuntime().maxMemory();
        long needed = parameters * MIN_DRIVER_BYTES_PER_PARAMETER;
        if (needed > heap) {
            throw new UsageException(String.format(Locale.ROOT, "the model has %,d parameters (%,d features), which "
                    + "needs at least %.1f GiB of driver memory; this driver has %.1f GiB: check --num-features, or "
                    + "give the driver more memory (FULLBATCH_DRIVER_MEMORY, or --driver-memory under spark-submit)",
                    parameters, features, needed / (double) (1L << 30), heap / (double) (1L << 30)));
        }
    }

    /** The model trained, and what the run kept of it. */
    private record Result(Trainer.Outcome outcome, Checkpoint.BestIterate best) {
    }

    /** What the model directory says about the run beyond the model: the features' names and when it started. */
    private record Description(List<String> featureNames, Instant started, CategoricalEncoding categorical) {
    }

    /**
     * {@code --categorical-cols}: the dictionaries, from a counting pass over the training data (the validation
     * data is encoded with them, never counted), or null without categorical columns.
     */
    private CategoricalEncoding categorical(DataEngine engine) {
        List<String> names = s.data().categoricalCols();
        if (names.isEmpty()) {
            return null;
        }
        long start = System.nanoTime();
        CategoryCounts counts = engine.countCategories(s.data().data(), s.data().read(), names,
                CategoryCounts.DEFAULT_MAX_DISTINCT);
        for (int c = 0; c < names.size(); c++) {
            if (counts.overflowed(c)) {
                throw new UsageException(String.format(Locale.ROOT, "--categorical-cols: column '%s' of %s has "
                        + "more than %,d distinct values, too many to count for a dictionary (every value is "
                        + "counted before --min-category-count drops the rare ones); leave it out of "
                        + "--categorical-cols, or hash it into a bounded set of features (--hash-features with "
                        + "--hash-cols for Parquet string columns; docs/features.md)", names.get(c),
                        s.data().data(), CategoryCounts.DEFAULT_MAX_DISTINCT));
            }
        }
        CategoricalEncoding encoding = counts.encoding(s.data().minCategoryCount());
        for (dev.fullbatch.data.CategoricalColumn c : encoding.columns()) {
            log.printf(Locale.ROOT, "fullbatch: categorical column %s: %d levels kept, %d values (%,d rows) to "
                    + "%s%n", c.name(), c.levels().size(), c.otherValues(), c.otherRows(), c.featureName(c.otherLevel()));
        }
        log.printf(Locale.ROOT, "fullbatch: categories counted in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return encoding;
    }

    private int train(ClaimedOutput output, ModelDirectory dir, CheckpointStore checkpoints, Checkpoint resumeFrom,
                      LoadedData data, LoadedData validation, int classes, Configuration hconf,
                      Description description, PerFeatureFile boundsFile, PerFeatureFile factorsFile)
            throws IOException {
        if (s.regularization().path() != null) {
            return new PathTraining(s, log).train(output, dir, checkpoints, resumeFrom, data, classes);
        }
        DataSummary summary = data.summary();
        int d = summary.numFeatures();
        ClassWeights classWeights = null;
        if (s.glm().classWeight() != null) {
            classWeights = s.glm().classWeight().resolve(TrainCommand.labelRule(s.model().loss(), s.model().classes(),
                    "--classes " + s.model().classes()), Math.max(classes, 2), summary.labels(), "training data "
                    + s.data().data());
        }
        CoefficientBounds bounds = null;
        if (s.glm().bounded()) {
            bounds = CoefficientBounds.uniform(d, s.glm().lowerBound(), s.glm().upperBound());
            if (boundsFile != null) {
                bounds = boundsFile.bounds(bounds);
            }
        }
        PenaltyFactors factors = factorsFile == null ? null : factorsFile.penaltyFactors(d);
        ModelChoice choice = ModelChoice.forTraining(s.model(), s.glm(), classWeights, d, classes, s.data().data());
        checkDriverMemory(choice.objective().dimension(), d);
        checkStatisticsSize(choice.objective().dimension());
        // Before any pass: a model of another layout is refused without reading the data again.
        InitialModel init = s.optimizer().initModel() == null ? null
                : InitialModel.read(s.optimizer().initModel(), s.optimizer().initModelOptional(), hconf, choice, s, d,
                classes, description.featureNames());
        String[] phase = {"start"};
        TrainingPlan plan = TrainingPlan.build(ReductionEngine.over(data), recipe(choice, d, bounds, factors),
                () -> phase[0]);
        Map<String, Object> config = CheckpointStore.normalized(s.resultDefining());
        Map<String, Object> rawFingerprint = DataFingerprint.of(summary,
                validation == null ? null : validation.summary().files());
        if (boundsFile != null) {
            rawFingerprint.put(DataFingerprint.BOUNDS_SHA256, boundsFile.sha256());
        }
        if (factorsFile != null) {
            rawFingerprint.put(DataFingerprint.PENALTY_FACTORS_SHA256, factorsFile.sha256());
        }
        double[] x0 = choice.initialPoint();
        List<String> startNotes = new ArrayList<>();
        if (init != null) {
            if (init.found()) {
                // model.json holds the data's scale; the parametrization maps it as it maps any point
                x0 = plan.parametrization().toOptimizer(init.parameters());
                startNotes.add("fullbatch: starting from the model in " + init.uri() + " (--init-model)");
                if (init.matching() != null) {
                    startNotes.add(init.matching());
                }
            } else {
                startNotes.add("fullbatch: --init-model " + init.uri() + " holds no complete model; starting cold"
                        + " (--init-model-optional)");
            }
            rawFingerprint.put(DataFingerprint.INIT_MODEL, init.fingerprint());
        }
        Map<String, Object> fingerprint = CheckpointStore.normalized(rawFingerprint);
        if (resumeFrom != null) {
            StartingPoint.checkLoaded(resumeFrom, fingerprint, s.output().output());
        }
        TrainingMetrics metrics = new TrainingMetrics(choice.objective(), s.model().loss(), s.glm().tweediePower(),
                s.model().intercept());
        Result result = run(plan, x0, startNotes, phase, output, checkpoints, resumeFrom, config, fingerprint,
                validation, metrics, summary);
        phase[0] = "final metrics";
        commit(output, dir, plan, choice, result, metrics, fingerprint, data, validation, classes, phase,
                description);
        return ExitCode.OK;
    }

    /** The plan's recipe from the settings, for a model of {@code d} features. */
    private TrainingPlan.Recipe recipe(ModelChoice choice, int d, CoefficientBounds bounds, PenaltyFactors factors) {
        StoppingSpec stop = s.stopping();
        return new TrainingPlan.Recipe(choice.objective(), d, st -> choice.parametrization(st, bounds),
                s.optimizer().standardize(), s.model().intercept(), s.regularization().l2(), s.regularization().l1(),
                s.optimizer().settings(), new TrainingPlan.Stopping(stop.maxIter(), stop.tol(), stop.gradTol(),
                stop.timeLimit()), factors);
    }

    /**
     * Runs the plan's trainer from the checkpoint or afresh, with progress lines, early stopping and checkpoints as
     * listeners; a run resumed after it finished, or beyond its budget, runs no iteration.
     *
     * @param startNotes the lines saying where a fresh start begins (a warm start's model, its feature match)
     */
    private Result run(TrainingPlan plan, double[] x0, List<String> startNotes, String[] phase, ClaimedOutput output,
                       CheckpointStore checkpoints, Checkpoint resumeFrom, Map<String, Object> config,
                       Map<String, Object> fingerprint, LoadedData validation, TrainingMetrics metrics,
                       DataSummary summary) throws IOException {
        int maxIter = s.stopping().maxIter();
        OptimizerState start = null;
        List<HistoryRow> history = List.of();
        StopReason finished = null;
        if (resumeFrom != null) {
            start = resumeFrom.state();
            history = resumeFrom.history();
            finished = resumeFrom.stop();
            log.println("fullbatch: resuming from the checkpoint at iteration " + start.iteration()
                    + (finished != null ? " (training had finished; writing the model)" : ""));
        }
        if (start == null) {
            phase[0] = "iteration 0/" + maxIter;
            startNotes.forEach(log::println);
            start = plan.start(x0);
        }

        long t0 = System.nanoTime();
        int startIteration = start.iteration();
        List<Trainer.Listener> listeners = new ArrayList<>();
        listeners.add((state, row) -> {
            double elapsed = (System.nanoTime() - t0) / 1e9;
            int done = state.iteration() - startIteration;
            double eta = done > 0 ? elapsed / done * (maxIter - state.iteration()) : 0;
            log.printf(Locale.ROOT, "iteration %d/%d  objective %.12g  grad %.3e  step %.3e  %.2fs  ETA %s%s%n",
                    row.iteration(), maxIter, row.objective(), row.gradNorm(), row.stepSize(), row.seconds(),
                    formatSeconds(eta), validationText(row.validation()));
            phase[0] = "iteration " + (state.iteration() + 1) + "/" + maxIter;
            return Optional.empty();
        });
        EarlyStopping early = validation != null && s.stopping().patience() > 0
                ? new EarlyStopping(s.stopping().patience(), s.model().loss().isClassification() ? "logLoss" : "rmse",
                history, resumeFrom == null ? null : resumeFrom.best()) : null;
        if (early != null) {
            // Before the checkpoint listener, so that a checkpoint holds the best iterate including this one.
            listeners.add(early);
        }
        int resumedAt = resumeFrom != null ? start.iteration() : -1;
        CheckpointListener checkpointing = s.output().checkpointing() ? new CheckpointListener(s.output(), output,
                checkpoints, config, fingerprint, history, resumedAt, early) : null;
        if (checkpointing != null) {
            listeners.add(checkpointing);
        }
        Trainer.Validator validator = x -> Map.of();
        if (validation != null) {
            Parametrization parametrization = plan.parametrization();
            validator = x -> metrics.quick(validation, parametrization.toModel(x));
        }
        phase[0] = "iteration " + (start.iteration() + 1) + "/" + maxIter;
        Trainer trainer = plan.trainer(validator, listeners, System::nanoTime);
        if (finished != null) {
            return new Result(new Trainer.Outcome(start, finished, history), resumeFrom.best());
        }
        if (start.iteration() >= maxIter) {
            return new Result(new Trainer.Outcome(start, new StopReason("max-iter", false, "reached --max-iter "
                    + maxIter + " before resuming"), history), resumeFrom == null ? null : resumeFrom.best());
        }
        Trainer.Outcome outcome;
        try {
            outcome = trainer.run(plan.problem(), start, history);
        } catch (DivergenceException e) {
            int lastCheckpoint = checkpointing != null ? checkpointing.lastIteration() : resumedAt;
            throw new DivergenceException(e.iteration(), DivergenceAdvice.explain(e, s, summary.labels())
                    + (lastCheckpoint >= 0 ? ". The last good checkpoint (iteration " + lastCheckpoint
                    + ") is kept in " + s.output().output() + "/" + CheckpointStore.FOLDER + " for inspection" : ""));
        }
        Checkpoint.BestIterate best = early == null ? null : early.best();
        if (checkpointing != null) {
            checkpointing.saveFinal(outcome, best);
        }
        return new Result(outcome, best);
    }

    /** Writes the model directory (model.json, history, metrics, plot) all or nothing, and says what it holds. */
    private void commit(ClaimedOutput output, ModelDirectory dir, TrainingPlan plan, ModelChoice choice,
                        Result result, TrainingMetrics metrics, Map<String, Object> fingerprint, LoadedData data,
                        LoadedData validation, int classes, String[] phase, Description description)
            throws IOException {
        DataSummary summary = data.summary();
        Trainer.Outcome outcome = result.outcome();
        Checkpoint.BestIterate best = result.best();
        // With early stopping the model is the iterate with the best validation score.
        double[] kept = best != null ? best.x() : outcome.state().x();
        double keptValue = best != null ? best.value() : outcome.state().value();
        double[] params = plan.parametrization().toModel(kept);
        ModelMetrics trainingMetrics = metrics.evaluate(data, params, "training metrics");
        ModelMetrics validationMetrics = validation == null ? null
                : metrics.evaluate(validation, params, "validation metrics");
        Map<String, Object> metricsJson = metrics.json(trainingMetrics, data, params);
        if (validationMetrics != null) {
            metricsJson.put("validation", metrics.json(validationMetrics, validation, params));
        }
        StopReason reason = outcome.reason();
        LossKind loss = s.model().loss();
        Map<String, Object> dataInfo = new LinkedHashMap<>(fingerprint);
        dataInfo.put("badRecords", summary.badRecords());
        if (loss.isBinary() && summary.labels().distinct() != null) {
            // The data's label convention (-1/+1 or 0/1), which predict answers in.
            List<Double> values = new ArrayList<>();
            for (double v : summary.labels().distinct()) {
                values.add(v);
            }
            dataInfo.put("labelValues", values);
        }
        int d = summary.numFeatures();
        double[] weights = choice.weights(params);
        double[] intercept = choice.intercept(params);
        List<String> featureNames = description.featureNames();
        List<String> names = featureNames != null ? featureNames : CoefficientTable.indexNames(d);
        Map<String, Object> sections = new LinkedHashMap<>();
        WaldStatistics.Table statistics = null;
        if (s.output().statistics()) {
            phase[0] = "coefficient statistics";
            statistics = statistics((LinearObjective) choice.objective(), params, ReductionEngine.over(data), names);
            sections.put("statistics", statisticsJson(statistics, choice.objective().dimension()
                    - choice.weightCount()));
        }
        SavedModel model = new SavedModel(loss.cliName(), choice.type(), d,
                loss == LossKind.SOFTMAX ? classes : loss.isBinary() ? 2 : 0, weights, intercept, keptValue,
                outcome.state().iteration(), best != null ? best.iteration() : 0, reason.converged(), reason.code(),
                reason.message(), choice.architecture(), s.toMap(), dataInfo, featureNames,
                Provenance.of(description.started(), Instant.now()).toMap());
        CoefficientTable coefficients = !choice.type().equals(ModelChoice.LINEAR) ? null
                : statistics == null ? new CoefficientTable(names, loss == LossKind.SOFTMAX ? classes : 1, weights,
                        intercept)
                : new CoefficientTable(names, 1, weights, intercept, standardErrors(statistics, 0, d),
                        standardErrors(statistics, d, statistics.coefficients().size()));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("model.json", model.toJson(sections));
        if (statistics != null) {
            files.put(STATISTICS_FILE, statistics.csv(s.model().intercept()));
        }
        files.put("history.csv", HistoryCsv.format(outcome.history()));
        files.put("metrics.json", SavedModel.json(metricsJson));
        files.put("training.svg", TrainingPlot.svg(plotPoints(outcome.history()), "fullbatch " + loss.cliName()
                + " / " + s.optimizer().method()));
        if (coefficients != null) {
            files.put("coefficients.csv", coefficients.csv());
        }
        if (s.data().read().hashing() != null || description.categorical() != null) {
            files.put(EncodingFile.NAME, new EncodingFile(description.categorical(), s.data().read().hashing())
                    .toJson());
        }
        files.put("report.html", new ModelReport("fullbatch model: " + loss.cliName(),
                reportFacts(model, summary, reason), plotPoints(outcome.history()), trainingMetrics,
                validationMetrics, coefficients, REPORT_COEFFICIENTS).html());
        if (summary.badRecords() > 0) {
            files.put("bad-records.txt", String.join("\n", summary.badExamples()) + "\n");
        }
        Map.Entry<String, String> marker = output.marker();
        files.put(marker.getKey(), marker.getValue());
        output.verify();
        dir.commit(files, null);
        boolean newton = s.optimizer().method().equals(Newton.NAME);
        log.printf(Locale.ROOT, "fullbatch: %s after %d iterations (%d gradient + %d objective-only%s passes): %s%n",
                reason.converged() ? "converged" : "stopped", outcome.state().iteration(),
                outcome.state().gradientPasses(), outcome.state().valuePasses(),
                newton ? " + " + outcome.state().hessianPasses() + " Hessian" : "", reason.message());
        if (statistics != null) {
            log.printf(Locale.ROOT, "fullbatch: coefficient statistics (%s, dispersion %s, %d residual degrees of"
                    + " freedom) written to %s%n", statistics.studentT() ? "t" : "z",
                    Double.toString(statistics.dispersion()), statistics.residualDf(), STATISTICS_FILE);
            if (!reason.converged()) {
                log.println("fullbatch: warning: training stopped before it converged, so the statistics describe the"
                        + " last iterate, not the optimum they assume; raise --max-iter (or use --optimizer newton)");
            }
        }
        if (best != null) {
            log.printf(Locale.ROOT, "fullbatch: kept the iterate of iteration %d, the best on validation data "
                    + "(--patience)%n", best.iteration());
        }
        if (coefficients != null) {
            log.print(coefficients.largestText(10));
        }
        log.printf(Locale.ROOT, "fullbatch: objective %s; metrics %s%n", Double.toString(keptValue),
                SavedModel.json(metricsJson).replaceAll("\\s+", " ").trim());
        log.println("fullbatch: model written to " + s.output().output());
    }

    /** The file {@code --statistics} writes into the model directory. */
    static final String STATISTICS_FILE = "statistics.csv";

    /**
     * Refuses {@code --statistics} before training when the dense information matrix would be too large: the same
     * limit as Newton's dense Hessian ({@code --max-dense-hessian}).
     */
    private void checkStatisticsSize(int parameters) {
        int limit = s.optimizer().settings().maxDenseHessian();
        if (s.output().statistics() && parameters > limit) {
            throw new UsageException(String.format(Locale.ROOT, "--statistics needs the inverse of the dense %,d x %,d"
                    + " information matrix, and --max-dense-hessian is %,d: raise --max-dense-hessian to at least"
                    + " %d (the matrix has %,d entries), or drop --statistics", parameters, parameters, limit,
                    parameters, (long) parameters * (parameters + 1) / 2));
        }
    }

    /** The Wald statistics of the trained model, or a usage error saying why they cannot be given. */
    private WaldStatistics.Table statistics(LinearObjective objective, double[] params, ReductionEngine engine,
                                            List<String> names) {
        int d = objective.numFeatures();
        try {
            return WaldStatistics.compute(engine, objective, params, s.regularization().l2(),
                    s.regularization().l1(), j -> j >= d ? CoefficientTable.INTERCEPT : names.get(j));
        } catch (StatisticsRefusedException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** model.json's {@code statistics}: how they were computed and each coefficient's standard error and p-value. */
    private static Map<String, Object> statisticsJson(WaldStatistics.Table t, int intercepts) {
        int features = t.coefficients().size() - intercepts;
        List<Double> se = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        List<Double> interceptSe = new ArrayList<>();
        List<Double> interceptP = new ArrayList<>();
        for (int j = 0; j < t.coefficients().size(); j++) {
            dev.fullbatch.stats.CoefficientStatistics c = t.coefficients().get(j);
            (j < features ? se : interceptSe).add(c.standardError());
            (j < features ? p : interceptP).add(c.pValue());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", STATISTICS_FILE);
        m.put("distribution", t.studentT() ? "t" : "normal");
        m.put("dispersion", t.dispersion());
        m.put("dispersionEstimated", t.studentT());
        m.put("residualDf", t.residualDf());
        m.put("level", WaldStatistics.LEVEL);
        m.put("standardErrors", se);
        m.put("interceptStandardErrors", interceptSe);
        m.put("pValues", p);
        m.put("interceptPValues", interceptP);
        return m;
    }

    /** The standard errors of the statistics' coefficients from index {@code from} (inclusive) to {@code to}. */
    private static double[] standardErrors(WaldStatistics.Table t, int from, int to) {
        double[] se = new double[to - from];
        for (int j = from; j < to; j++) {
            se[j - from] = t.coefficients().get(j).standardError();
        }
        return se;
    }

    /** How many of the largest coefficients report.html lists (coefficients.csv has them all). */
    private static final int REPORT_COEFFICIENTS = 30;

    /**
     * The facts report.html starts with: what was trained, on what, how it ended, and by which build. No times: the
     * page is the same bytes for the same model.
     */
    private List<Map.Entry<String, String>> reportFacts(SavedModel model, DataSummary summary, StopReason reason) {
        List<Map.Entry<String, String>> facts = new ArrayList<>();
        facts.add(Map.entry("objective", s.model().loss().cliName()));
        facts.add(Map.entry("model", model.modelType()));
        facts.add(Map.entry("optimizer", s.optimizer().method()));
        facts.add(Map.entry("reg-l2 / reg-l1", s.regularization().l2() + " / " + s.regularization().l1()));
        facts.add(Map.entry("data", s.data().data()));
        facts.add(Map.entry("rows / features", String.format(Locale.ROOT, "%,d / %,d", summary.rows(),
                summary.numFeatures())));
        if (s.data().validation() != null) {
            facts.add(Map.entry("validation", s.data().validation()));
        }
        facts.add(Map.entry("iterations", model.iterations() + (model.bestIteration() > 0
                ? " (kept iteration " + model.bestIteration() + ", the best on validation data)" : "")));
        facts.add(Map.entry("stopped", reason.message()));
        facts.add(Map.entry("objective value", Double.toString(model.objectiveValue())));
        Object version = model.provenance().get("fullbatchVersion");
        Object commit = model.provenance().get("commit");
        facts.add(Map.entry("fullbatch", version + (commit != null ? " (" + commit + ")" : "")));
        return facts;
    }

    private static List<PlotPoint> plotPoints(List<HistoryRow> history) {
        List<PlotPoint> points = new ArrayList<>();
        for (HistoryRow r : history) {
            Double v = r.validation().get("logLoss");
            if (v == null) {
                v = r.validation().get("objective");
            }
            points.add(new PlotPoint(r.iteration(), r.objective(), r.gradNorm(), v));
        }
        return points;
    }

    private static String validationText(Map<String, Double> v) {
        if (v.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("  validation");
        for (Map.Entry<String, Double> e : new TreeMap<>(v).entrySet()) {
            sb.append(String.format(Locale.ROOT, " %s %.6g", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    static String formatSeconds(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.0fs", seconds);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", (long) seconds / 60, (long) seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", (long) seconds / 3600, ((long) seconds % 3600) / 60);
    }

    /** Checks the labels against the objective and returns the class count (0 for regression). */
    private int checkLabels(LabelStats labels, String where) {
        return labelRule().classCount(labels, where);
    }

    /** The labels held-out data may have: the training classes. */
    private LabelRule heldOutLabels(int classes) {
        return labelRule().withClasses(classes, "the " + classes + " classes of the training data");
    }

    private LabelRule labelRule() {
        return TrainCommand.labelRule(s.model().loss(), s.model().classes(), "--classes " + s.model().classes());
    }

    private void checkValidationLabels(LabelStats labels, int classes) {
        heldOutLabels(classes).checkHeldOut(labels, "validation data " + s.data().validation());
    }
}
