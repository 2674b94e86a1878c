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
import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.FeatureMoments;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.L1Penalty;
import dev.fullbatch.optim.Optimizer;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.Optimizers;
import dev.fullbatch.optim.Problem;
import dev.fullbatch.optim.StopReason;
import dev.fullbatch.report.PlotPoint;
import dev.fullbatch.report.TrainingPlot;
import dev.fullbatch.train.DivergenceException;
import dev.fullbatch.train.HistoryRow;
import dev.fullbatch.train.Parametrization;
import dev.fullbatch.train.Standardization;
import dev.fullbatch.train.Trainer;
import dev.fullbatch.train.TrainingObjective;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
            return run(runtime.engine(s.treeDepth()));
        }
        try (SparkRuntime rt = SparkRuntime.open(s.master(), "fullbatch train", s.sparkConf())) {
            return run(rt.engine(s.treeDepth()));
        }
    }

    private int run(DataEngine engine) throws IOException {
        Configuration hconf = engine.hadoopConfiguration();
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("--data", s.data());
        inputs.put("--validation", s.validation());
        try (ClaimedOutput output = ClaimedOutput.open("--output", s.output(), OutputFolder.Kind.MODEL, inputs,
                hconf, log)) {
            ModelDirectory dir = new ModelDirectory(s.output(), hconf);
            CheckpointStore checkpoints = new CheckpointStore(s.output(), hconf, 2);
            StartingPoint from = StartingPoint.decide(output, s, checkpoints, hconf, log);
            if (from.nothingToDo()) {
                return ExitCode.OK;
            }
            log.println("fullbatch: reading " + s.data());
            long readStart = System.nanoTime();
            try (LoadedData train = engine.load(s.data(), s.read())) {
                DataSummary summary = train.summary();
                int d = summary.numFeatures();
                int classes = checkLabels(summary.labels(), "training data " + s.data());
                log.printf(Locale.ROOT, "fullbatch: %,d rows, %d features, %s, %d blocks, read and cached in %.1f s%s%n",
                        summary.rows(), d, summary.dense() ? "dense" : "sparse", summary.blocks(),
                        (System.nanoTime() - readStart) / 1e9, summary.badRecords() > 0
                                ? ", " + summary.badRecords() + " malformed lines skipped" : "");
                noteTooManyPartitions(summary);
                LoadedData validation = s.validation() == null ? null
                        : engine.load(s.validation(), s.read().withLabels(heldOutLabels(classes))
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
        int asked = s.read().partitions();
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
                TrainCommand.count(summary.blocks(), "block").replaceFirst(" blocks?$", ""), s.read().blockBytes(),
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

    private int train(ClaimedOutput output, ModelDirectory dir, CheckpointStore checkpoints, Checkpoint resumeFrom,
                      LoadedData data, LoadedData validation, int classes) throws IOException {
        DataSummary summary = data.summary();
        int d = summary.numFeatures();
        ModelChoice choice = ModelChoice.forTraining(s, d, classes);
        BlockObjective objective = choice.objective();
        checkDriverMemory(objective.dimension(), d);
        ReductionEngine engine = ReductionEngine.over(data);
        Standardization standardization = Standardization.identity(d);
        if (s.standardize()) {
            PartialSums moments = engine.aggregate(new FeatureMoments(d), new double[0], true,
                    "feature statistics");
            standardization = Standardization.forTraining(moments.vectorSum(), moments.weightSum(), d,
                    s.intercept(), s.regL2(), choice.loss());
        }
        Parametrization parametrization = choice.parametrization(standardization);
        int maxIter = s.maxIter();
        String[] phase = {"start"};
        TrainingObjective f = new TrainingObjective(engine, objective, parametrization, s.regL2(), () -> phase[0]);
        L1Penalty l1 = null;
        if (s.regL1() > 0) {
            double[] w = parametrization.penaltyScale();
            for (int i = 0; i < w.length; i++) {
                w[i] *= s.regL1();
            }
            l1 = new L1Penalty(w);
        }
        Problem problem = new Problem(f, l1);
        Optimizer optimizer = Optimizers.create(s.optimizer());
        Map<String, Object> config = CheckpointStore.normalized(s.resultDefining());
        Map<String, Object> fingerprint = CheckpointStore.normalized(DataFingerprint.of(summary,
                validation == null ? null : validation.summary().files()));

        OptimizerState start = null;
        List<HistoryRow> history = List.of();
        StopReason finished = null;
        if (resumeFrom != null) {
            StartingPoint.checkLoaded(resumeFrom, fingerprint, s.output());
            start = resumeFrom.state();
            history = resumeFrom.history();
            finished = resumeFrom.stop();
            log.println("fullbatch: resuming from the checkpoint at iteration " + start.iteration()
                    + (finished != null ? " (training had finished; writing the model)" : ""));
        }
        if (start == null) {
            phase[0] = "iteration 0/" + maxIter;
            start = optimizer.start(choice.initialPoint(), problem);
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
        EarlyStopping early = validation != null && s.patience() > 0 ? new EarlyStopping(s.patience(),
                s.loss().isClassification() ? "logLoss" : "rmse", history,
                resumeFrom == null ? null : resumeFrom.best()) : null;
        if (early != null) {
            // Before the checkpoint listener, so that a checkpoint holds the best iterate including this one.
            listeners.add(early);
        }
        boolean checkpointing = s.checkpointEvery() > 0 || s.checkpointSeconds() > 0;
        int[] lastCheckpoint = {resumeFrom != null ? start.iteration() : -1};
        if (checkpointing) {
            long[] lastSave = {System.nanoTime()};
            List<HistoryRow> sofar = new ArrayList<>(history);
            listeners.add((state, row) -> {
                sofar.add(row);
                boolean byCount = s.checkpointEvery() > 0 && state.iteration() % s.checkpointEvery() == 0;
                boolean byTime = s.checkpointSeconds() > 0
                        && (System.nanoTime() - lastSave[0]) / 1e9 >= s.checkpointSeconds();
                if (byCount || byTime) {
                    try {
                        output.markRun();
                        checkpoints.save(new Checkpoint(state, sofar, config, fingerprint, null,
                                early == null ? null : early.best()));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write a checkpoint to " + s.output(), e);
                    }
                    lastSave[0] = System.nanoTime();
                    lastCheckpoint[0] = state.iteration();
                }
                return Optional.empty();
            });
        }
        Trainer.Validator validator = x -> Map.of();
        TrainingMetrics metrics = new TrainingMetrics(objective, s.loss());
        if (validation != null) {
            validator = x -> metrics.quick(validation, parametrization.toModel(x));
        }
        ConvergenceCriterion criterion = ConvergenceCriterion.standard(maxIter, s.tol(), s.gradTol(),
                s.timeLimitSeconds() > 0 ? java.time.Duration.ofMillis((long) (s.timeLimitSeconds() * 1000)) : null,
                System::nanoTime);
        phase[0] = "iteration " + (start.iteration() + 1) + "/" + maxIter;
        Trainer trainer = new Trainer(optimizer, criterion, OptimizerState::gradNorm, validator, listeners,
                System::nanoTime);
        Trainer.Outcome outcome;
        Checkpoint.BestIterate best = resumeFrom == null ? null : resumeFrom.best();
        if (finished != null) {
            outcome = new Trainer.Outcome(start, finished, history);
        } else if (start.iteration() >= maxIter) {
            outcome = new Trainer.Outcome(start, new StopReason("max-iter", false, "reached --max-iter " + maxIter
                    + " before resuming"), history);
        } else {
            try {
                outcome = trainer.run(problem, start, history);
            } catch (DivergenceException e) {
                throw new DivergenceException(e.iteration(), DivergenceAdvice.explain(e, s, summary.labels())
                        + (lastCheckpoint[0] >= 0 ? ". The last good checkpoint (iteration " + lastCheckpoint[0]
                        + ") is kept in " + s.output() + "/" + CheckpointStore.FOLDER + " for inspection" : ""));
            }
            best = early == null ? null : early.best();
            if (checkpointing) {
                // The final state with its stop reason: a crash while committing is finished by --resume.
                output.markRun();
                checkpoints.save(new Checkpoint(outcome.state(), outcome.history(), config, fingerprint,
                        outcome.reason(), best));
            }
        }

        // With early stopping the model is the iterate with the best validation score.
        double[] kept = best != null ? best.x() : outcome.state().x();
        double keptValue = best != null ? best.value() : outcome.state().value();
        double[] params = parametrization.toModel(kept);
        phase[0] = "final metrics";
        Map<String, Object> metricsJson = new LinkedHashMap<>(metrics.full(data, params));
        if (validation != null) {
            metricsJson.put("validation", metrics.full(validation, params));
        }
        StopReason reason = outcome.reason();
        Map<String, Object> dataInfo = new LinkedHashMap<>(fingerprint);
        dataInfo.put("badRecords", summary.badRecords());
        if (s.loss().isBinary() && summary.labels().distinct() != null) {
            // The data's label convention (-1/+1 or 0/1), which predict answers in.
            List<Double> values = new ArrayList<>();
            for (double v : summary.labels().distinct()) {
                values.add(v);
            }
            dataInfo.put("labelValues", values);
        }
        SavedModel model = new SavedModel(s.loss().cliName(), choice.type(), d,
                s.loss() == LossKind.SOFTMAX ? classes : s.loss().isBinary() ? 2 : 0, choice.weights(params),
                choice.intercept(params), keptValue, outcome.state().iteration(), best != null ? best.iteration() : 0,
                reason.converged(),
                reason.code(), reason.message(), choice.architecture(), s.toMap(), dataInfo);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("model.json", model.toJson());
        files.put("history.csv", HistoryCsv.format(outcome.history()));
        files.put("metrics.json", SavedModel.json(metricsJson));
        files.put("training.svg", TrainingPlot.svg(plotPoints(outcome.history()), "fullbatch " + s.loss().cliName()
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
        log.println("fullbatch: model written to " + s.output());
        return ExitCode.OK;
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
        return TrainCommand.labelRule(s.loss(), s.classes(), "--classes " + s.classes()).classCount(labels, where);
    }

    /** The labels held-out data may have: the training classes. */
    private LabelRule heldOutLabels(int classes) {
        return TrainCommand.labelRule(s.loss(), s.classes(), "--classes " + s.classes())
                .withClasses(classes, "the " + classes + " classes of the training data");
    }

    private void checkValidationLabels(LabelStats labels, int classes) {
        heldOutLabels(classes).checkHeldOut(labels, "validation data " + s.validation());
    }
}
