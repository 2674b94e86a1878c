package dev.fullbatch.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.engine.LocalBlocks;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.MetricSums;
import dev.fullbatch.model.PartialSums;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The lockstep protocol on its own, with scripted models (each makes a fixed number of requests per penalty, as an
 * optimizer that converges after that many evaluations would) and a pass over no blocks, so only the protocol runs.
 * Each run is bounded: a hang fails the test instead of hanging the suite.
 */
class LockstepTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final LinearObjective OBJECTIVE = new LinearObjective(LossKind.LEAST_SQUARES.create(2, 1.0), 3,
            true);
    private static final MetricSums METRICS = new MetricSums(OBJECTIVE, MetricSums.Task.REGRESSION);

    private static Lockstep lockstep(BlockPasses data, int folds, int penalties) {
        return new Lockstep(data, OBJECTIVE, METRICS, new FoldAssignment(42, folds), null, penalties);
    }

    /**
     * PathRun's program with scripted fits: at penalty k model m makes {@code requests[m][k]} training requests (1:
     * its start is already optimal), then a fold model asks for its held-out sums; model 0 judges each penalty
     * (the path goes on to the end) and a fold model starts penalty k+1 only once model 0 has judged penalty k.
     */
    private static Lockstep.Program scripted(Lockstep lockstep, int[][] requests, AtomicIntegerArray made) {
        int penalties = requests[0].length;
        return model -> {
            double[] x = new double[OBJECTIVE.dimension()];
            for (int k = 0; k < penalties; k++) {
                if (model > 0 && k > 0 && !lockstep.awaitVerdict(model, k - 1)) {
                    return;
                }
                for (int i = 0; i < requests[model][k]; i++) {
                    PartialSums sums = lockstep.ask(model, x, FoldPass.Ask.GRADIENT);
                    assertNotNull(sums.vectorSum());
                    made.incrementAndGet(model);
                }
                if (model > 0) {
                    assertNotNull(lockstep.ask(model, x, FoldPass.Ask.HELD_OUT));
                    assertNotNull(lockstep.heldOutMetrics(model));
                    made.incrementAndGet(model);
                }
                if (model == 0) {
                    lockstep.verdict(k, k + 1 < penalties);
                }
            }
        };
    }

    private static long run(int[][] requests) {
        int models = requests.length;
        Lockstep lockstep = lockstep(new LocalBlocks(List.of()), models - 1, requests[0].length);
        AtomicIntegerArray made = new AtomicIntegerArray(models);
        assertTimeoutPreemptively(BOUND, () -> lockstep.run(scripted(lockstep, requests, made), passes -> { }),
                "the models stopped advancing");
        for (int m = 0; m < models; m++) {
            int expected = 0;
            for (int r : requests[m]) {
                expected += r + (m > 0 ? 1 : 0);
            }
            assertEquals(expected, made.get(m), "model " + m + "'s answered requests");
        }
        return lockstep.passes();
    }

    @Test
    void foldModelsThatFinishEachPenaltyBeforeTheFullModelParkTogetherAndTheFullModelGoesOn() {
        // The a9a 5-fold run's pattern: at every penalty several fold models converge (some at once, their start
        // already optimal) and wait, parked together, for the full model's verdict while it still iterates.
        int penalties = 40;
        int[][] requests = new int[6][penalties];
        for (int k = 0; k < penalties; k++) {
            requests[0][k] = 6;
            for (int m = 1; m < 6; m++) {
                requests[m][k] = 1 + (m + k) % 4; // 1 to 4 requests, then the held-out one: at most 5 < 6
            }
        }
        // Every fold model's requests ride in the full model's rounds: one pass per request of the full model.
        assertEquals(6L * penalties, run(requests));
    }

    @Test
    void modelsThatConvergeAtDifferentIterationsGetEveryAnswerAndTheSamePassesOnEveryRun() {
        // Fold models slower than the full model at some penalties (it runs ahead), faster at others (they park),
        // and all of them needing a single request at the first penalty (stalled at their start).
        int penalties = 30;
        int[][] requests = new int[4][penalties];
        for (int k = 0; k < penalties; k++) {
            requests[0][k] = k == 0 ? 1 : 2 + k % 5;
            for (int m = 1; m < 4; m++) {
                requests[m][k] = k == 0 ? 1 : 1 + (7 * m + 3 * k) % 9;
            }
        }
        long passes = run(requests);
        for (int repeat = 0; repeat < 5; repeat++) {
            assertEquals(passes, run(requests), "the passes do not depend on the threads' timing");
        }
    }

    @Test
    void modelsParkedOnAVerdictThatNeverComesFailWithEveryModelsStateInsteadOfWaiting() {
        Lockstep lockstep = lockstep(new LocalBlocks(List.of()), 2, 3);
        Lockstep.Program program = model -> {
            lockstep.ask(model, new double[OBJECTIVE.dimension()], FoldPass.Ask.GRADIENT);
            if (model > 0) {
                lockstep.awaitVerdict(model, 0); // model 0 returns without judging penalty 1
            }
        };
        IllegalStateException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(IllegalStateException.class, () -> lockstep.run(program, passes -> { })));
        assertTrue(e.getMessage().contains("no pass can start"), e.getMessage());
        assertTrue(e.getMessage().contains("model 0 (full data): done"), e.getMessage());
        assertTrue(e.getMessage().contains("model 2 (fold 1): parked until the full model judges penalty 1"),
                e.getMessage());
    }

    @Test
    void aPassThatReturnsNoSumsForAModelThatAskedFailsTheRun() {
        BlockPasses empty = new BlockPasses() {
            @Override
            @SuppressWarnings("unchecked")
            public <A> A reduce(BlockAggregator<A> aggregator, double[] parameters, String description) {
                return (A) new PartialSums[3 * 2 + 1];
            }
        };
        Lockstep lockstep = lockstep(empty, 2, 1);
        Lockstep.Program program = model -> lockstep.ask(model, new double[OBJECTIVE.dimension()],
                FoldPass.Ask.GRADIENT);
        IllegalStateException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(IllegalStateException.class, () -> lockstep.run(program, passes -> { })));
        assertTrue(e.getMessage().contains("returned no sums for model 0"), e.getMessage());
    }

    @Test
    void aFailingProgressListenerEndsTheRunAndReleasesTheModels() {
        int[][] requests = {{3, 3}, {2, 2}, {1, 1}};
        Lockstep lockstep = lockstep(new LocalBlocks(List.of()), 2, 2);
        AtomicIntegerArray made = new AtomicIntegerArray(3);
        IllegalStateException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(IllegalStateException.class,
                () -> lockstep.run(scripted(lockstep, requests, made), passes -> {
                    throw new IllegalStateException("cannot write a checkpoint");
                })));
        assertEquals("cannot write a checkpoint", e.getMessage());
    }
}
