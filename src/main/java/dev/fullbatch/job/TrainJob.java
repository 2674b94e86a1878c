package dev.fullbatch.job;

import dev.fullbatch.data.LabelRule;
import dev.fullbatch.data.LabelStats;
import dev.fullbatch.engine.DataEngine;
import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.InputFile;
import dev.fullbatch.io.Checkpoint;
import dev.fullbatch.io.CheckpointStore;
import dev.fullbatch.io.HistoryCsv;
import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.io.OutputFolder;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.ReductionEngine;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.StopReason;
import dev.fullbatch.report.PlotPoint;
import dev.fullbatch.report.TrainingPlot;
import dev.fullbatch.train.DivergenceException;
import dev.fullbatch.train.HistoryRow;
import dev.fullbatch.train.Parametrization;
import dev.fullbatch.train.Trainer;
import dev.fullbatch.train.TrainingPlan;
import java.io.IOException;
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
            return run(runtime.engine(s.spark().treeDepth()));
        }
        try (SparkRuntime rt = SparkRuntime.open(s.spark().master(), "fullbatch train", s.spark().conf())) {
            return run(rt.engine(s.spark().treeDepth()));
        }
    }

    private int run(DataEngine engine) throws IOException {
        Configuration hconf = engine.hadoopConfiguration();
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("--data", s.data().data());
        inputs.put("--validation", s.data().validation());
        try (ClaimedOutput output = ClaimedOutput.open("--output", s.output().output(), OutputFolder.Kind.MODEL,
                inputs, hconf, log)) {
            ModelDirectory dir = new ModelDirectory(s.output().output(), hconf);
            CheckpointStore checkpoints = new CheckpointStore(s.output().output(), hconf, 2);
            StartingPoint from = StartingPoint.decide(output, s, checkpoints, hconf, log);
            if (from.nothingToDo()) {
                return ExitCode.OK;
            }
            log.println("fullbatch: reading " + s.data().data());
            long readStart = System.nanoTime();
            try (LoadedData train = engine.load(s.data().data(), s.data().read())) {
                DataSummary summary = train.summary();
                int d = summary.numFeatures();
                int classes = checkLabels(summary.labels(), "training data " + s.data().data());
                log.printf(Locale.ROOT, "fullbatch: %,d rows, %d features, %s, %d blocks, read and cached in %.1f s%s%n",
                        summary.rows(), d, summary.dense() ? "dense" : "sparse", summary.blocks(),
                        (System.nanoTime() - readStart) / 1e9, summary.badRecords() > 0
                                ? ", " + summary.badRecords() + " malformed lines skipped" : "");
                noteTooManyPartitions(summary);
                LoadedData validation = s.data().validation() == null ? null
                        : engine.load(s.data().validation(), s.data().read().withLabels(heldOutLabels(classes))
                                .withNumFeatures(d, "the " + TrainCommand.count(d, "feature") + " of the training data")
                                .withLayout(
                                summary.dense() ? dev.fullbatch.input.ReadOptions.Layout.DENSE
                                        : dev.fullbatch.input.ReadOptions.Layout.SPARSE)
                                .withParquetColumns(summary.columns()));
                try {
                    if (validation != null) {
                        checkValidationLabels(validation.summary().labels(), classes);
                    }
                    return train(output, dir, checkpoints, from.checkpoint(), train, validation, classes);
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

    private int train(ClaimedOutput output, ModelDirectory dir, CheckpointStore checkpoints, Checkpoint resumeFrom,
                      LoadedData data, LoadedData validation, int classes) throws IOException {
        if (s.regularization().path() != null) {
            return new PathTraining(s, log).train(output, dir, checkpoints, resumeFrom, data, classes);
        }
        DataSummary summary = data.summary();
        int d = summary.numFeatures();
        ModelChoice choice = ModelChoice.forTraining(s.model(), d, classes, s.data().data());
        checkDriverMemory(choice.objective().dimension(), d);
        String[] phase = {"start"};
        TrainingPlan plan = TrainingPlan.build(ReductionEngine.over(data), recipe(choice, d), () -> phase[0]);
        Map<String, Object> config = CheckpointStore.normalized(s.resultDefining());
        Map<String, Object> fingerprint = CheckpointStore.normalized(DataFingerprint.of(summary,
                validation == null ? null : validation.summary().files()));
        if (resumeFrom != null) {
            StartingPoint.checkLoaded(resumeFrom, fingerprint, s.output().output());
        }
        TrainingMetrics metrics = new TrainingMetrics(choice.objective(), s.model().loss());
        Result result = run(plan, choice, phase, output, checkpoints, resumeFrom, config, fingerprint, validation,
                metrics, summary);
        phase[0] = "final metrics";
        commit(output, dir, plan, choice, result, metrics, fingerprint, data, validation, classes);
        return ExitCode.OK;
    }

    /** The plan's recipe from the settings, for a model of {@code d} features. */
    private TrainingPlan.Recipe recipe(ModelChoice choice, int d) {
        StoppingSpec stop = s.stopping();
        return new TrainingPlan.Recipe(choice.objective(), d, choice::parametrization, s.optimizer().standardize(),
                s.model().intercept(), s.regularization().l2(), s.regularization().l1(), s.optimizer().settings(),
                new TrainingPlan.Stopping(stop.maxIter(), stop.tol(), stop.gradTol(), stop.timeLimit()));
    }

    /**
     * Runs the plan's trainer from the checkpoint or afresh, with progress lines, early stopping and checkpoints as
     * listeners; a run resumed after it finished, or beyond its budget, runs no iteration.
     */
    private Result run(TrainingPlan plan, ModelChoice choice, String[] phase, ClaimedOutput output,
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
            start = plan.start(choice.initialPoint());
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
                        LoadedData validation, int classes) throws IOException {
        DataSummary summary = data.summary();
        Trainer.Outcome outcome = result.outcome();
        Checkpoint.BestIterate best = result.best();
        // With early stopping the model is the iterate with the best validation score.
        double[] kept = best != null ? best.x() : outcome.state().x();
        double keptValue = best != null ? best.value() : outcome.state().value();
        double[] params = plan.parametrization().toModel(kept);
        Map<String, Object> metricsJson = new LinkedHashMap<>(metrics.full(data, params));
        if (validation != null) {
            metricsJson.put("validation", metrics.full(validation, params));
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
        SavedModel model = new SavedModel(loss.cliName(), choice.type(), summary.numFeatures(),
                loss == LossKind.SOFTMAX ? classes : loss.isBinary() ? 2 : 0, choice.weights(params),
                choice.intercept(params), keptValue, outcome.state().iteration(), best != null ? best.iteration() : 0,
                reason.converged(),
                reason.code(), reason.message(), choice.architecture(), s.toMap(), dataInfo);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("model.json", model.toJson());
        files.put("history.csv", HistoryCsv.format(outcome.history()));
        files.put("metrics.json", SavedModel.json(metricsJson));
        files.put("training.svg", TrainingPlot.svg(plotPoints(outcome.history()), "fullbatch " + loss.cliName()
                + " / " + s.optimizer().method()));
        if (summary.badRecords() > 0) {
            files.put("bad-records.txt", String.join("\n", summary.badExamples()) + "\n");
        }
        Map.Entry<String, String> marker = output.marker();
        files.put(marker.getKey(), marker.getValue());
        output.verify();
        dir.commit(files, null);
        log.printf(Locale.ROOT, "fullbatch: %s after %d iterations (%d gradient + %d objective-only passes): %s%n",
                reason.converged() ? "converged" : "stopped", outcome.state().iteration(),
                outcome.state().gradientPasses(), outcome.state().valuePasses(), reason.message());
        if (best != null) {
            log.printf(Locale.ROOT, "fullbatch: kept the iterate of iteration %d, the best on validation data "
                    + "(--patience)%n", best.iteration());
        }
        log.printf(Locale.ROOT, "fullbatch: objective %s; metrics %s%n", Double.toString(keptValue),
                SavedModel.json(metricsJson).replaceAll("\\s+", " ").trim());
        log.println("fullbatch: model written to " + s.output().output());
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
