package dev.fullbatch.job;

import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.io.Checkpoint;
import dev.fullbatch.io.CheckpointStore;
import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.optim.Optimizers;
import dev.fullbatch.optim.StopReason;
import dev.fullbatch.report.PathPlot;
import dev.fullbatch.select.CrossValidationSummary;
import dev.fullbatch.select.PathCheckpoint;
import dev.fullbatch.select.PathRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code train --reg-path} run (docs/model-selection.md): fits the path, with {@code --cv K} cross-validates it,
 * checkpoints after every penalty of the full model, and commits the model directory: the chosen model
 * (model.json), {@code path.csv}, {@code path-coefficients.csv}, {@code path.svg} and {@code metrics.json}.
 */
final class PathTraining {
    private final TrainSettings s;
    private final PathOptions p;
    private final PrintWriter log;

    PathTraining(TrainSettings settings, PrintWriter log) {
        this.s = settings;
        this.p = settings.regularization().path();
        this.log = log;
    }

    int train(ClaimedOutput output, ModelDirectory dir, CheckpointStore checkpoints, Checkpoint resumeFrom,
              LoadedData data, int classes) throws IOException {
        DataSummary summary = data.summary();
        int d = summary.numFeatures();
        ModelChoice choice = ModelChoice.forTraining(s.model(), d, classes, s.data().data());
        LinearObjective objective = (LinearObjective) choice.objective();
        Map<String, Object> config = CheckpointStore.normalized(s.resultDefining());
        Map<String, Object> fingerprint = CheckpointStore.normalized(DataFingerprint.of(summary, null));
        List<List<PathRun.Step>> resumed = null;
        if (resumeFrom != null) {
            StartingPoint.checkLoaded(resumeFrom, fingerprint, s.output().output());
            if (!PathCheckpoint.METHOD.equals(resumeFrom.state().method())) {
                throw new UsageException("the checkpoint in " + s.output().output() + " is of a single fit, not of "
                        + "a path; rerun with the original options, or use --overwrite to start over");
            }
            resumed = PathCheckpoint.steps(resumeFrom.state());
            log.println("fullbatch: resuming the path from its checkpoint (" + resumed.get(0).size()
                    + " penalties of the full model fitted)");
        }
        PathRun.Settings settings = new PathRun.Settings(p.alpha(), p.penalties(), p.ratio(), p.earlyEnd(),
                p.folds(), s.model().seed(), Optimizers.create(s.optimizer().settings()), s.stopping().maxIter(),
                s.stopping().tol(), s.stopping().gradTol(), s.optimizer().standardize(), p.metric());
        boolean checkpointing = s.output().checkpointing();
        int[] logged = {resumed == null ? 0 : resumed.get(0).size()};
        long t0 = System.nanoTime();
        log.printf(Locale.ROOT, "fullbatch: regularization path of %d penalties, alpha %s%s%n", p.penalties(),
                Double.toString(p.alpha()), p.folds() > 0 ? ", " + p.folds() + "-fold cross-validation (seed "
                + s.model().seed() + ")" : "");
        PathRun.Result result = PathRun.run(data, objective, s.model().loss(), settings, resumed, (steps, passes) -> {
            List<PathRun.Step> full = steps.get(0);
            for (int k = logged[0]; k < full.size(); k++) {
                PathRun.Step step = full.get(k);
                log.printf(Locale.ROOT, "penalty %d/%d  objective %.12g  iterations %d  %s  passes %d  %.1fs%n",
                        k + 1, p.penalties(), step.objective(), step.iterations(), step.stop(), passes,
                        (System.nanoTime() - t0) / 1e9);
            }
            if (checkpointing && full.size() > logged[0]) {
                try {
                    output.markRun();
                    checkpoints.save(new Checkpoint(PathCheckpoint.of(steps), PathCheckpoint.history(steps), config,
                            fingerprint, null));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write a checkpoint to " + s.output().output(), e);
                }
            }
            logged[0] = full.size();
        });

        int fitted = result.fitted();
        CrossValidationSummary cv = result.cv();
        int chosen = cv == null ? fitted - 1 : p.select().equals("1se") ? cv.index1se() : cv.indexMin();
        double[] params = result.parameters(chosen);
        PathRun.Step step = result.steps().get(0).get(chosen);
        TrainingMetrics metrics = new TrainingMetrics(objective, s.model().loss());
        Map<String, Object> metricsJson = metrics.json(metrics.evaluate(data, params, "training metrics"), data,
                params);
        Map<String, Object> selection = new LinkedHashMap<>();
        selection.put("rule", cv == null ? "last" : p.select());
        selection.put("index", chosen);
        selection.put("lambda", result.path().lambda(chosen));
        selection.put("alpha", p.alpha());
        selection.put("reg-l1", result.path().l1(chosen));
        selection.put("reg-l2", result.path().l2(chosen));
        selection.put("penaltiesFitted", fitted);
        if (cv != null) {
            selection.put("lambdaMin", result.path().lambda(cv.indexMin()));
            selection.put("lambda1se", result.path().lambda(cv.index1se()));
            selection.put("cvMetric", p.metric().cliName());
            selection.put("cvMean", cv.cvm()[chosen]);
            selection.put("cvStandardError", cv.cvsd()[chosen]);
        }
        selection.put("dataPasses", result.passes());
        metricsJson.put("path", selection);

        Map<String, Object> dataInfo = new LinkedHashMap<>(fingerprint);
        dataInfo.put("badRecords", summary.badRecords());
        if (s.model().loss().isBinary() && summary.labels().distinct() != null) {
            List<Double> values = new ArrayList<>();
            for (double v : summary.labels().distinct()) {
                values.add(v);
            }
            dataInfo.put("labelValues", values);
        }
        StopReason reason = new StopReason(step.stop(), !step.stop().equals("max-iter"), "penalty " + (chosen + 1)
                + " of the path (lambda " + result.path().lambda(chosen) + ", " + (cv == null ? "the last fitted"
                : "lambda." + p.select() + " of " + p.folds() + "-fold cross-validation") + "): " + step.stop());
        SavedModel model = new SavedModel(s.model().loss().cliName(), choice.type(), d, s.model().loss().isBinary() ? 2 : 0,
                choice.weights(params), choice.intercept(params), step.objective(), step.iterations(),
                reason.converged(), reason.code(), reason.message(), choice.architecture(), s.toMap(), dataInfo);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("model.json", model.toJson());
        files.put("path.csv", pathCsv(result));
        files.put("path-coefficients.csv", coefficientsCsv(result, d));
        files.put("path.svg", plot(result, d));
        files.put("metrics.json", SavedModel.json(metricsJson));
        if (summary.badRecords() > 0) {
            files.put("bad-records.txt", String.join("\n", summary.badExamples()) + "\n");
        }
        Map.Entry<String, String> marker = output.marker();
        files.put(marker.getKey(), marker.getValue());
        output.verify();
        dir.commit(files, null);
        log.printf(Locale.ROOT, "fullbatch: %d of %d penalties fitted in %d data passes%s%n", fitted, p.penalties(),
                result.passes(), fitted < p.penalties() ? " (the deviance explained stopped changing: glmnet's "
                + "early end)" : "");
        if (cv != null) {
            log.printf(Locale.ROOT, "fullbatch: lambda.min %s (penalty %d), lambda.1se %s (penalty %d); kept "
                    + "lambda.%s%n", Double.toString(result.path().lambda(cv.indexMin())), cv.indexMin() + 1,
                    Double.toString(result.path().lambda(cv.index1se())), cv.index1se() + 1, p.select());
        }
        log.println("fullbatch: model written to " + s.output().output());
        return ExitCode.OK;
    }

    private static String number(double v) {
        return Double.toString(v);
    }

    private String pathCsv(PathRun.Result r) {
        StringBuilder out = new StringBuilder("penalty,lambda,reg_l1,reg_l2,nonzeros,objective,deviance_ratio,"
                + "iterations,stop");
        CrossValidationSummary cv = r.cv();
        if (cv != null) {
            out.append(",cv_").append(p.metric().cliName()).append(",cv_").append(p.metric().cliName())
                    .append("_se,chosen");
        }
        out.append('\n');
        int d = r.parameters(0).length - (s.model().intercept() ? 1 : 0);
        for (int k = 0; k < r.fitted(); k++) {
            PathRun.Step step = r.steps().get(0).get(k);
            double[] params = r.parameters(k);
            int nonzeros = 0;
            for (int j = 0; j < d; j++) {
                nonzeros += params[j] != 0 ? 1 : 0;
            }
            out.append(k + 1).append(',').append(number(r.path().lambda(k))).append(',')
                    .append(number(r.path().l1(k))).append(',').append(number(r.path().l2(k))).append(',')
                    .append(nonzeros).append(',').append(number(step.objective())).append(',')
                    .append(number(r.devianceRatio(k))).append(',').append(step.iterations()).append(',')
                    .append(step.stop());
            if (cv != null) {
                String mark = (k == cv.indexMin() ? "min" : "") + (k == cv.index1se() ? (k == cv.indexMin() ? "+" : "")
                        + "1se" : "");
                out.append(',').append(number(cv.cvm()[k])).append(',').append(number(cv.cvsd()[k])).append(',')
                        .append(mark);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private String coefficientsCsv(PathRun.Result r, int d) {
        StringBuilder out = new StringBuilder("penalty,lambda");
        if (s.model().intercept()) {
            out.append(",intercept");
        }
        for (int j = 1; j <= d; j++) {
            out.append(",w").append(j);
        }
        out.append('\n');
        for (int k = 0; k < r.fitted(); k++) {
            double[] params = r.parameters(k);
            out.append(k + 1).append(',').append(number(r.path().lambda(k)));
            if (s.model().intercept()) {
                out.append(',').append(number(params[d]));
            }
            for (int j = 0; j < d; j++) {
                out.append(',').append(number(params[j]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private String plot(PathRun.Result r, int d) {
        int n = r.fitted();
        double[] lambdas = new double[n];
        double[] curve = new double[n];
        double[][] coefficients = new double[n][];
        for (int k = 0; k < n; k++) {
            lambdas[k] = r.path().lambda(k);
            curve[k] = r.cv() == null ? r.devianceRatio(k) : r.cv().cvm()[k];
            coefficients[k] = java.util.Arrays.copyOf(r.parameters(k), d);
        }
        String title = "fullbatch " + s.model().loss().cliName() + " path, alpha " + p.alpha();
        if (r.cv() == null) {
            return PathPlot.svg(lambdas, curve, null, "deviance ratio (training)", coefficients, new int[0],
                    new String[0], title);
        }
        return PathPlot.svg(lambdas, curve, r.cv().cvsd(), p.folds() + "-fold CV " + p.metric().cliName(), coefficients,
                new int[] {r.cv().indexMin(), r.cv().index1se()}, new String[] {"lambda.min", "lambda.1se"}, title);
    }
}
