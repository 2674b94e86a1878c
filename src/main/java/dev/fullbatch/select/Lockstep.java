package dev.fullbatch.select;

import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.model.BlockReduction;
import dev.fullbatch.model.MetricSums;
import dev.fullbatch.model.PartialSums;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Advances K+1 models together: each runs its own program (an optimizer along the path) on its own thread, and every
 * time it needs its objective it asks here and waits; once every model that can ask has asked, one
 * {@link FoldPass} over the data answers all of them. So the data is read once per round, not once per model.
 *
 * <p>What each model computes depends only on its own program, never on timing, so every number is identical
 * however the threads are scheduled. Which requests share a pass is deterministic too: a round waits for every
 * model that is neither done nor parked, and a fold model parks only at a fixed point of its program (before penalty
 * k+1, until model 0 has said whether the path goes on after penalty k), so the number of passes is reproducible.
 *
 * <p>Every wait here ends only on a change of state, and a thread notifies only when it changes state: a parked
 * model announces its parking once and then waits silently (were it to notify on every wake-up, two parked models
 * would wake each other forever and starve the threads that can make progress of the monitor: the a9a 5-fold run
 * that hung at penalty 37). The coordinator never waits without a reason: when no model can act (each is done,
 * parked on a verdict or waiting for an answer) and no request is pending, no pass can ever start, so it fails with
 * every model's state instead of waiting.
 */
final class Lockstep {

    /** A model's program: runs on its own thread, asking for passes through {@link #ask}. */
    interface Program {
        void run(int model) throws Exception;
    }

    private final BlockPasses data;
    private final BlockReduction objective;
    private final MetricSums metrics;
    private final FoldAssignment folds;
    private final RowOffsets offsets;
    private final int models;
    private final int dimension;

    // guarded by this
    private final FoldPass.Ask[] asks;
    private final double[][] parameters;
    private final PartialSums[] answers;
    private final PartialSums[] heldOutMetrics;
    private final boolean[] done;
    /** The penalty whose verdict a parked model waits for, or -1 when it is not parked. */
    private final int[] parkedOn;
    /** Whether the model is inside {@link #ask}, waiting for its answer. */
    private final boolean[] waiting;
    /** Model 0's verdicts: verdict[k] = 1 to go on after penalty k, -1 to end there, 0 not yet known. */
    private final int[] verdict;
    private Throwable failure;
    private long passes;

    /**
     * @param folds the folds (null: model 0 alone)
     * @param offsets each block's first global row (null without folds)
     * @param penalties the length of the path (verdicts)
     */
    Lockstep(BlockPasses data, BlockReduction objective, MetricSums metrics, FoldAssignment folds, RowOffsets offsets,
             int penalties) {
        this.data = data;
        this.objective = objective;
        this.metrics = metrics;
        this.folds = folds;
        this.offsets = offsets;
        this.models = folds == null ? 1 : folds.folds() + 1;
        this.dimension = objective.dimension();
        this.asks = new FoldPass.Ask[models];
        java.util.Arrays.fill(asks, FoldPass.Ask.NONE);
        this.parameters = new double[models][];
        this.answers = new PartialSums[models];
        this.heldOutMetrics = new PartialSums[models];
        this.done = new boolean[models];
        this.parkedOn = new int[models];
        java.util.Arrays.fill(parkedOn, -1);
        this.waiting = new boolean[models];
        this.verdict = new int[Math.max(penalties, 1)];
    }

    /** The number of models (1 + K). */
    int models() {
        return models;
    }

    /** Passes run so far. */
    synchronized long passes() {
        return passes;
    }

    /**
     * Records model 0's verdict on penalty {@code k} and wakes the models parked on it. They count as unparked from
     * now on (not from when their threads wake), so the next round waits for their requests whatever the timing.
     */
    synchronized void verdict(int k, boolean goOn) {
        verdict[k] = goOn ? 1 : -1;
        for (int m = 0; m < models; m++) {
            if (parkedOn[m] == k) {
                parkedOn[m] = -1;
            }
        }
        notifyAll();
    }

    /** Marks every verdict up to {@code k} as "go on" (a resumed run: those penalties were fitted before). */
    synchronized void goneOnThrough(int k) {
        for (int i = 0; i <= k && i < verdict.length; i++) {
            verdict[i] = 1;
        }
    }

    /**
     * Waits (parked, so rounds go on without this model) until model 0 has judged penalty {@code k}.
     *
     * @return whether the path goes on after penalty k
     */
    synchronized boolean awaitVerdict(int model, int k) throws InterruptedException {
        if (verdict[k] == 0 && failure == null) {
            parkedOn[model] = k;
            notifyAll(); // once: a round may now start without this model
        }
        // Silent: a wake-up that changes nothing here must not wake anyone else.
        while (verdict[k] == 0 && failure == null) {
            wait();
        }
        parkedOn[model] = -1;
        checkFailure();
        return verdict[k] > 0;
    }

    /** Asks for model {@code model}'s sums at {@code params} and waits for the round that computes them. */
    synchronized PartialSums ask(int model, double[] params, FoldPass.Ask ask) throws InterruptedException {
        asks[model] = ask;
        parameters[model] = params.clone();
        answers[model] = null;
        waiting[model] = true;
        notifyAll();
        try {
            while (answers[model] == null && failure == null) {
                wait();
            }
        } finally {
            waiting[model] = false;
        }
        checkFailure();
        PartialSums out = answers[model];
        answers[model] = null;
        return out;
    }

    /** The held-out metric sums of the model's last {@link FoldPass.Ask#HELD_OUT} answer. */
    synchronized PartialSums heldOutMetrics(int model) {
        return heldOutMetrics[model];
    }

    private void checkFailure() {
        if (failure != null) {
            throw new IllegalStateException("another model of the path failed", failure);
        }
    }

    /**
     * Runs {@code program} for every model, each on its own thread, answering their requests round by round on
     * this thread until all are done; {@code afterRound} is called on this thread after every round with the number
     * of passes so far. Rethrows the first failure of a program.
     */
    void run(Program program, IntConsumer afterRound) {
        List<Thread> threads = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            int model = m;
            Thread t = new Thread(() -> {
                try {
                    program.run(model);
                } catch (Throwable e) {
                    synchronized (this) {
                        if (failure == null) {
                            failure = e;
                        }
                    }
                } finally {
                    synchronized (this) {
                        done[model] = true;
                        notifyAll();
                    }
                }
            }, "fullbatch-path-model-" + m);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        try {
            while (true) {
                FoldPass.Ask[] round;
                double[] packed;
                synchronized (this) {
                    while (!ready()) {
                        if (stuck()) {
                            failure = new IllegalStateException("the models of the path wait for each other and no "
                                    + "pass can start: " + describe());
                            notifyAll();
                            break;
                        }
                        wait();
                    }
                    if (failure != null || allDone()) {
                        break;
                    }
                    round = asks.clone();
                    packed = new double[models * dimension];
                    for (int m = 0; m < models; m++) {
                        if (round[m] != FoldPass.Ask.NONE) {
                            System.arraycopy(parameters[m], 0, packed, m * dimension, dimension);
                        }
                    }
                }
                PartialSums[] sums;
                try {
                    sums = data.reduce(new FoldPass(objective, metrics, folds, offsets, round), packed,
                            "path pass " + (passes() + 1));
                } catch (RuntimeException | Error e) {
                    fail(e);
                    break;
                }
                synchronized (this) {
                    passes++;
                    int k = models - 1;
                    for (int m = 0; m < models; m++) {
                        if (round[m] == FoldPass.Ask.NONE) {
                            continue; // a model not in this round keeps whatever it asks meanwhile
                        }
                        if (round[m] == FoldPass.Ask.HELD_OUT) {
                            answers[m] = sums[k + m];
                            heldOutMetrics[m] = sums[2 * k + m];
                        } else {
                            answers[m] = sums[m];
                        }
                        if (answers[m] == null && failure == null) {
                            failure = new IllegalStateException("the pass returned no sums for model " + m);
                        }
                        asks[m] = FoldPass.Ask.NONE;
                    }
                    notifyAll();
                }
                try {
                    afterRound.accept((int) passes());
                } catch (RuntimeException | Error e) {
                    fail(e); // the models must not wait for a coordinator that is gone
                    break;
                }
            }
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                if (failure == null) {
                    failure = e;
                }
                notifyAll();
            }
        }
        Throwable f;
        synchronized (this) {
            f = failure;
        }
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    private synchronized void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
        notifyAll();
    }

    /**
     * Whether a round can start: no model can act any more before one (each is done, parked, or has asked) and one
     * has asked; or all are done, or one failed.
     */
    private boolean ready() {
        if (failure != null || allDone()) {
            return true;
        }
        return !anyActing() && anyAsked();
    }

    /** Whether no pass can ever start: no model can act, none has asked, and not all are done. */
    private boolean stuck() {
        return failure == null && !allDone() && !anyActing() && !anyAsked();
    }

    /**
     * Whether some model can still act by itself: it is neither done, nor parked on a verdict, nor waiting for an
     * answer it has not got (a model that has asked, or whose request was lost, can do nothing until a pass).
     */
    private boolean anyActing() {
        for (int m = 0; m < models; m++) {
            boolean awaitsAnswer = waiting[m] && answers[m] == null;
            if (!done[m] && parkedOn[m] < 0 && !awaitsAnswer) {
                return true;
            }
        }
        return false;
    }

    private boolean anyAsked() {
        for (FoldPass.Ask a : asks) {
            if (a != FoldPass.Ask.NONE) {
                return true;
            }
        }
        return false;
    }

    /** Each model's state, for the message of a run that cannot go on. */
    private String describe() {
        StringBuilder out = new StringBuilder();
        for (int m = 0; m < models; m++) {
            out.append(m == 0 ? "" : "; ").append(m == 0 ? "model 0 (full data)" : "model " + m + " (fold " + (m - 1)
                    + ")").append(": ");
            if (done[m]) {
                out.append("done");
            } else if (parkedOn[m] >= 0) {
                out.append("parked until the full model judges penalty ").append(parkedOn[m] + 1);
            } else if (waiting[m] && asks[m] == FoldPass.Ask.NONE) {
                out.append("waiting for the answer to a request no pass holds");
            } else if (waiting[m]) {
                out.append("asked for ").append(asks[m]);
            } else {
                out.append("running");
            }
        }
        return out.toString();
    }

    private boolean allDone() {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }
}
