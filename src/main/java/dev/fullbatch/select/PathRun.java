package dev.fullbatch.select;

import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.FeatureMoments;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.MetricSums;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import dev.fullbatch.optim.CoefficientBounds;
import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.L1Penalty;
import dev.fullbatch.optim.Optimizer;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.Problem;
import dev.fullbatch.train.LinearParametrization;
import dev.fullbatch.train.Standardization;
import dev.fullbatch.train.Trainer;
import dev.fullbatch.train.TrainingObjective;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Fits a linear model along a regularization path, and with K folds cross-validates it, all models advancing
 * together ({@link Lockstep}): the full-data model and the K fold models each run the optimizer penalty by penalty,
 * warm-started from their own previous solution, and every pass over the data serves all of them. Spark-free: it
 * runs on any {@link BlockPasses}.
 *
 * <p>Steps: the intercept-only model (the intercept fitted, every coefficient held at 0), whose gradient gives
 * lambda_max ({@link PenaltyPath#lambdaMax}) and whose loss is the null deviance; then the penalties, until the
 * sequence ends or {@link EarlyEnd} ends it. A fold model's penalty k+1 starts only once the full model has fitted
 * penalty k and the path goes on. After each penalty a fold model is scored on its held-out fold.
 *
 * <p>Everything a model computes depends only on its previous solution, so a run resumed from {@link Step}s
 * (saved after every penalty) continues with identical bits.
 */
public final class PathRun {

    /**
     * What to run.
     *
     * @param alpha the L1 share of the elastic net
     * @param penalties N, the length of the sequence
     * @param ratio lambda_min / lambda_max, or NaN for {@link PenaltyPath#defaultRatio}
     * @param earlyEnd whether {@link EarlyEnd} may end the path
     * @param folds K, or 0 for no cross-validation
     * @param seed the fold hash's seed
     * @param optimizer the optimizer (it must handle L1 when alpha > 0)
     * @param maxIter, tol, gradTol the stopping rule of each penalty's fit
     * @param standardize precondition by feature scale
     * @param metric what cross-validation scores
     */
    public record Settings(double alpha, int penalties, double ratio, boolean earlyEnd, int folds, long seed,
                           Optimizer optimizer, int maxIter, double tol, double gradTol, boolean standardize,
                           CvMetric metric) {
    }

    /**
     * One model's fit at one penalty, as saved in checkpoints.
     *
     * @param k the penalty's index
     * @param x the solution in optimizer coordinates (the next penalty's start)
     * @param objective the penalized objective there
     * @param meanLoss the mean training loss there (the objective without the penalty)
     * @param iterations the optimizer's iterations at this penalty
     * @param stop why it stopped (a {@code StopReason} code)
     * @param heldOutLoss a fold model's weighted loss sum on its held-out fold (0 for the full model)
     * @param heldOutWeight the held-out fold's weight sum (0 for the full model)
     * @param heldOutSquaredError the weighted sum of squared prediction errors on the held-out fold (0 for the full
     *     model)
     * @param heldOutCorrect the weight of the held-out rows classified correctly (binary models; else 0)
     */
    public record Step(int k, double[] x, double objective, double meanLoss, int iterations, String stop,
                       double heldOutLoss, double heldOutWeight, double heldOutSquaredError, double heldOutCorrect) {
    }

    /** Sees the run's progress on the calling thread. */
    public interface Listener {
        /**
         * Called after each round of passes in which some model finished a penalty, and once after the last round
         * if a model finished a penalty since.
         *
         * @param steps every model's steps so far (model 0 is the full model), copies
         * @param passes data passes so far
         */
        void progress(List<List<Step>> steps, long passes);
    }

    /**
     * The path's outcome.
     *
     * @param path the whole sequence (fitted or not)
     * @param nullMeanLoss the intercept-only model's mean loss
     * @param steps every model's steps (model 0, then fold 0's model, ...), each as long as the fitted path
     * @param parametrization optimizer coordinates to model parameters
     * @param cv the cross-validation summary of the run's metric, or null without folds
     * @param foldValues per fold and penalty, the metric on the held-out fold, or null
     * @param foldWeights per fold, its held-out weight, or null
     * @param passes data passes of this run (after any resume)
     */
    public record Result(PenaltyPath path, double nullMeanLoss, List<List<Step>> steps,
                         LinearParametrization parametrization, CrossValidationSummary cv, double[][] foldValues,
                         double[] foldWeights, long passes) {

        /** The number of penalties fitted (the path may end early). */
        public int fitted() {
            return steps.get(0).size();
        }

        /** The full model's parameters (weights, then the intercept) at penalty k. */
        public double[] parameters(int k) {
            return parametrization.toModel(steps.get(0).get(k).x());
        }

        /** The fraction of deviance explained at penalty k: 1 - loss / null loss. */
        public double devianceRatio(int k) {
            return 1 - steps.get(0).get(k).meanLoss() / nullMeanLoss;
        }
    }

    private PathRun() {
    }

    /**
     * Runs the path.
     *
     * @param objective a linear model with one output
     * @param resumed every model's steps from a checkpoint, or null to start afresh
     */
    public static Result run(BlockPasses data, LinearObjective objective, LossKind loss, Settings s,
                             List<List<Step>> resumed, Listener listener) {
        int d = objective.numFeatures();
        boolean intercept = objective.dimension() > d;
        ReductionEngine all = ReductionEngine.over(data);
        Standardization standardization = Standardization.identity(d);
        if (s.standardize()) {
            PartialSums moments = all.aggregate(new FeatureMoments(d), new double[0], true, "feature statistics");
            standardization = Standardization.forTraining(moments.vectorSum(), moments.weightSum(), d, intercept,
                    0, objective.loss());
        }
        LinearParametrization parametrization = new LinearParametrization(standardization, 1, intercept);

        // The intercept-only model: every coefficient held at 0 by a box.
        LinearParametrization nullParametrization = new LinearParametrization(standardization, 1, intercept,
                CoefficientBounds.uniform(d, 0, 0));
        double[] nullX = new double[objective.dimension()];
        if (intercept) {
            TrainingObjective f = new TrainingObjective(all, objective, nullParametrization, 0, () -> "null model");
            Trainer trainer = new Trainer(s.optimizer(), ConvergenceCriterion.standard(1000, 0, 1e-15, null,
                    System::nanoTime), OptimizerState::gradNorm, x -> Map.of(), List.of(), System::nanoTime);
            nullX = trainer.run(new Problem(f, null, nullParametrization.box()), nullX).state().x();
        }
        double[] nullParams = nullParametrization.toModel(nullX);
        PartialSums atNull = all.aggregate(objective, nullParams, true, "gradient at the null model");
        double nullMeanLoss = atNull.lossSum() / atNull.weightSum();
        double[] g = atNull.vectorSum();
        double[] gw = new double[d];
        for (int j = 0; j < d; j++) {
            gw[j] = g[j] / atNull.weightSum();
        }
        long rows = atNull.rows();
        double ratio = Double.isNaN(s.ratio()) ? PenaltyPath.defaultRatio(rows, d) : s.ratio();
        PenaltyPath path = PenaltyPath.logSpaced(PenaltyPath.lambdaMax(gw, s.alpha(), null), ratio, s.penalties(),
                s.alpha());
        // Start the path where the null model is, in the path's own coordinates.
        double[] start = parametrization.toOptimizer(nullParams);

        FoldAssignment folds = s.folds() > 0 ? new FoldAssignment(s.seed(), s.folds()) : null;
        RowOffsets offsets = folds == null ? null : RowOffsets.of(data);
        MetricSums.Task task = loss.isBinary() ? MetricSums.Task.BINARY : MetricSums.Task.REGRESSION;
        Lockstep lockstep = new Lockstep(data, objective, new MetricSums(objective, task), folds, offsets,
                path.size());
        int models = lockstep.models();
        List<List<Step>> steps = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            steps.add(new ArrayList<>(resumed == null ? List.of() : resumed.get(m)));
        }
        EarlyEnd rule = loss == LossKind.LEAST_SQUARES ? EarlyEnd.RELATIVE : EarlyEnd.ABSOLUTE;
        double[] dev = new double[path.size()];
        // Replay the verdicts of the penalties a resumed full model has fitted.
        boolean[] ended = {false};
        for (Step step : steps.get(0)) {
            dev[step.k()] = 1 - step.meanLoss() / nullMeanLoss;
            boolean goOn = goesOn(step.k(), path, s, rule, dev);
            lockstep.verdict(step.k(), goOn);
            ended[0] |= !goOn;
        }
        int[] reported = new int[models];
        for (int m = 0; m < models; m++) {
            reported[m] = steps.get(m).size();
        }

        Lockstep.Program program = model -> {
            List<Step> mine;
            synchronized (steps) {
                mine = steps.get(model);
            }
            double[] x;
            int first;
            synchronized (steps) {
                x = mine.isEmpty() ? start.clone() : mine.get(mine.size() - 1).x();
                first = mine.size();
            }
            if (model == 0 && ended[0]) {
                return;
            }
            String[] phase = {""};
            ReductionEngine engine = (reduction, parameters, wantVector, description) -> {
                try {
                    return lockstep.ask(model, parameters, wantVector ? FoldPass.Ask.GRADIENT : FoldPass.Ask.VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            };
            for (int k = first; k < path.size(); k++) {
                if (model > 0 && k > 0 && !lockstep.awaitVerdict(model, k - 1)) {
                    return;
                }
                phase[0] = "penalty " + (k + 1) + "/" + path.size();
                Supplier<String> name = () -> phase[0];
                TrainingObjective f = new TrainingObjective(engine, objective, parametrization, path.l2(k), name);
                L1Penalty l1 = null;
                if (path.l1(k) > 0) {
                    double[] w = parametrization.penaltyScale();
                    for (int i = 0; i < w.length; i++) {
                        w[i] *= path.l1(k);
                    }
                    l1 = new L1Penalty(w);
                }
                Problem problem = new Problem(f, l1);
                Trainer trainer = new Trainer(s.optimizer(), ConvergenceCriterion.standard(s.maxIter(), s.tol(),
                        s.gradTol(), null, System::nanoTime), OptimizerState::gradNorm, y -> Map.of(), List.of(),
                        System::nanoTime);
                Trainer.Outcome outcome = trainer.run(problem, s.optimizer().start(x, problem), List.of());
                x = outcome.state().x();
                double[] params = parametrization.toModel(x);
                double meanLoss = outcome.state().value() - penalty(params, d, path.l2(k), path.l1(k));
                double heldOutLoss = 0;
                double heldOutWeight = 0;
                double heldOutSquaredError = 0;
                double heldOutCorrect = 0;
                if (model > 0) {
                    PartialSums held = lockstep.ask(model, params, FoldPass.Ask.HELD_OUT);
                    heldOutLoss = held.lossSum();
                    heldOutWeight = held.weightSum();
                    double[] metrics = lockstep.heldOutMetrics(model).vectorSum();
                    heldOutSquaredError = metrics[MetricSums.SSE];
                    heldOutCorrect = metrics[MetricSums.CORRECT];
                }
                Step step = new Step(k, x, outcome.state().value(), meanLoss, outcome.state().iteration(),
                        outcome.reason().code(), heldOutLoss, heldOutWeight, heldOutSquaredError, heldOutCorrect);
                synchronized (steps) {
                    mine.add(step);
                }
                if (model == 0) {
                    dev[k] = 1 - meanLoss / nullMeanLoss;
                    boolean goOn = goesOn(k, path, s, rule, dev);
                    lockstep.verdict(k, goOn);
                    if (!goOn) {
                        return;
                    }
                }
            }
        };
        IntConsumer report = passes -> {
            List<List<Step>> snapshot = null;
            synchronized (steps) {
                boolean changed = false;
                for (int m = 0; m < models; m++) {
                    changed |= steps.get(m).size() != reported[m];
                    reported[m] = steps.get(m).size();
                }
                if (changed) {
                    snapshot = copy(steps);
                }
            }
            if (snapshot != null && listener != null) {
                listener.progress(snapshot, passes);
            }
        };
        lockstep.run(program, report);
        // The full model's last penalty ends after the last round when no fold model is behind it (always without
        // folds): report it too, so its progress line and checkpoint are not lost.
        report.accept((int) lockstep.passes());
        int fitted = steps.get(0).size();
        List<List<Step>> out = copy(steps);
        for (int m = 1; m < models; m++) {
            if (out.get(m).size() != fitted) {
                throw new IllegalStateException("fold model " + (m - 1) + " fitted " + out.get(m).size()
                        + " penalties, the full model " + fitted);
            }
        }
        CrossValidationSummary cv = null;
        double[][] foldValues = null;
        double[] foldWeights = null;
        if (folds != null) {
            foldValues = new double[folds.folds()][fitted];
            foldWeights = new double[folds.folds()];
            for (int f = 0; f < folds.folds(); f++) {
                List<Step> fs = out.get(f + 1);
                foldWeights[f] = fs.get(0).heldOutWeight();
                for (int k = 0; k < fitted; k++) {
                    foldValues[f][k] = s.metric().of(fs.get(k));
                }
            }
            cv = CrossValidationSummary.of(foldValues, foldWeights, fitted, s.metric().biggerIsBetter());
        }
        return new Result(path, nullMeanLoss, out, parametrization, cv, foldValues, foldWeights,
                lockstep.passes());
    }

    /** Whether the path goes on after penalty k. */
    private static boolean goesOn(int k, PenaltyPath path, Settings s, EarlyEnd rule, double[] dev) {
        return k + 1 < path.size() && !(s.earlyEnd() && rule.endsAfter(dev, k));
    }

    /** The elastic-net penalty of model parameters (weights first; the intercept is not penalized). */
    static double penalty(double[] params, int d, double l2, double l1) {
        double sq = 0;
        double abs = 0;
        for (int j = 0; j < d; j++) {
            sq += params[j] * params[j];
            abs += Math.abs(params[j]);
        }
        return 0.5 * l2 * sq + l1 * abs;
    }

    private static List<List<Step>> copy(List<List<Step>> steps) {
        List<List<Step>> out = new ArrayList<>();
        for (List<Step> s : steps) {
            out.add(List.copyOf(s));
        }
        return out;
    }
}
