package dev.fullbatch.select;

import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.train.HistoryRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A path run's progress as an {@link OptimizerState} of method {@value #METHOD}, so that the checkpoint store,
 * {@code --resume}'s checks and the exact number format serve path runs as they serve single fits. Its vectors hold
 * every model's solution at every penalty it has fitted ({@code m<model>.k<penalty>.x}), its scalars the numbers
 * of each {@link PathRun.Step}; its iteration is the number of penalties the full model has fitted (so checkpoints
 * sort in run order), with one {@link #history} row each, and its x is the full model's latest solution.
 */
public final class PathCheckpoint {
    /** The state's method name. */
    public static final String METHOD = "path";

    private PathCheckpoint() {
    }

    private static String key(int model, int k, String what) {
        return String.format(Locale.ROOT, "m%d.k%04d.%s", model, k, what);
    }

    /** The state holding {@code steps} (every model's, model 0 first). */
    public static OptimizerState of(List<List<PathRun.Step>> steps) {
        Map<String, double[]> vectors = new TreeMap<>();
        Map<String, Double> scalars = new TreeMap<>();
        for (int m = 0; m < steps.size(); m++) {
            for (PathRun.Step s : steps.get(m)) {
                vectors.put(key(m, s.k(), "x"), s.x());
                byte[] stop = s.stop().getBytes(StandardCharsets.UTF_8);
                double[] stopChars = new double[stop.length];
                for (int i = 0; i < stop.length; i++) {
                    stopChars[i] = stop[i];
                }
                vectors.put(key(m, s.k(), "stop"), stopChars);
                scalars.put(key(m, s.k(), "objective"), s.objective());
                scalars.put(key(m, s.k(), "meanLoss"), s.meanLoss());
                scalars.put(key(m, s.k(), "iterations"), (double) s.iterations());
                scalars.put(key(m, s.k(), "heldOutLoss"), s.heldOutLoss());
                scalars.put(key(m, s.k(), "heldOutWeight"), s.heldOutWeight());
                scalars.put(key(m, s.k(), "heldOutSquaredError"), s.heldOutSquaredError());
                scalars.put(key(m, s.k(), "heldOutCorrect"), s.heldOutCorrect());
            }
        }
        scalars.put("models", (double) steps.size());
        List<PathRun.Step> full = steps.get(0);
        double[] x = full.isEmpty() ? new double[0] : full.get(full.size() - 1).x();
        double value = full.isEmpty() ? 0 : full.get(full.size() - 1).objective();
        return new OptimizerState(METHOD, full.size(), x, value, new double[x.length], 0, 0, 0, 0, vectors, scalars);
    }

    /** The history rows saved beside {@link #of}'s state: one per penalty of the full model (its objective). */
    public static List<HistoryRow> history(List<List<PathRun.Step>> steps) {
        List<HistoryRow> rows = new ArrayList<>();
        for (PathRun.Step s : steps.get(0)) {
            rows.add(new HistoryRow(s.k() + 1, s.objective(), 0, 0, 0, Map.of()));
        }
        return rows;
    }

    /** The steps a state made by {@link #of} holds. */
    public static List<List<PathRun.Step>> steps(OptimizerState state) {
        if (!METHOD.equals(state.method())) {
            throw new IllegalArgumentException("not a path checkpoint: method " + state.method());
        }
        Map<String, double[]> v = state.vectors();
        Map<String, Double> s = state.scalars();
        int models = s.get("models").intValue();
        List<List<PathRun.Step>> out = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            List<PathRun.Step> mine = new ArrayList<>();
            for (int k = 0; v.containsKey(key(m, k, "x")); k++) {
                double[] stopChars = v.get(key(m, k, "stop"));
                byte[] stop = new byte[stopChars.length];
                for (int i = 0; i < stop.length; i++) {
                    stop[i] = (byte) stopChars[i];
                }
                mine.add(new PathRun.Step(k, v.get(key(m, k, "x")), s.get(key(m, k, "objective")),
                        s.get(key(m, k, "meanLoss")), s.get(key(m, k, "iterations")).intValue(),
                        new String(stop, StandardCharsets.UTF_8), s.get(key(m, k, "heldOutLoss")),
                        s.get(key(m, k, "heldOutWeight")), s.get(key(m, k, "heldOutSquaredError")),
                        s.get(key(m, k, "heldOutCorrect"))));
            }
            out.add(mine);
        }
        return out;
    }
}
