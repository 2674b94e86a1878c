package dev.fullbatch.job;

import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.optim.OptimizerSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code train} was asked to do, validated. Immutable; recorded in full in model.json, and its
 * result-affecting part in checkpoints (so {@code --resume} can refuse a changed configuration).
 *
 * @param data training input URI
 * @param read how to read it
 * @param loss the objective
 * @param classes softmax classes, or 0 to infer
 * @param huberDelta Huber threshold
 * @param regL2 L2 strength
 * @param regL1 L1 strength
 * @param intercept fit intercepts
 * @param standardize precondition by feature scale
 * @param optimizer optimizer settings
 * @param maxIter iteration budget
 * @param tol relative objective change tolerance (0: off)
 * @param gradTol gradient norm tolerance (0: off)
 * @param timeLimitSeconds wall-clock budget (0: none)
 * @param patience early stopping on validation (0: off)
 * @param treeDepth treeAggregate depth
 * @param output the model directory
 * @param overwrite replace an existing model directory
 * @param resume continue from the newest checkpoint
 * @param validation held-out data URI, or null
 * @param seed seed for anything random
 * @param checkpointEvery iterations between checkpoints (0: never)
 * @param checkpointSeconds seconds between checkpoints (0: never)
 * @param model "linear" or "mlp"
 * @param hidden hidden layer sizes (mlp)
 * @param activation hidden activation (mlp)
 * @param master the Spark master, or null for spark-submit's
 * @param sparkConf extra Spark settings
 */
public record TrainSettings(String data, ReadOptions read, LossKind loss, int classes, double huberDelta,
                            double regL2, double regL1, boolean intercept, boolean standardize,
                            OptimizerSettings optimizer, int maxIter, double tol, double gradTol,
                            double timeLimitSeconds, int patience, int treeDepth, String output, boolean overwrite,
                            boolean resume, String validation, long seed, int checkpointEvery,
                            double checkpointSeconds, String model, List<Integer> hidden, String activation,
                            String master, Map<String, String> sparkConf) {

    /** The configuration as option name to value, as written to model.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("format", read.format().name().toLowerCase(java.util.Locale.ROOT));
        m.put("num-features", read.numFeatures());
        if (read.format() == ReadOptions.Format.PARQUET) {
            m.put("label-col", read.parquetColumns().labelColumn());
            m.put("features-col", read.parquetColumns().vectorColumn());
            m.put("feature-cols", read.parquetColumns().numericColumns());
        } else {
            m.put("label-col", read.labelColumn());
        }
        m.put("header", read.header());
        m.put("objective", loss.cliName());
        m.put("classes", classes);
        m.put("huber-delta", huberDelta);
        m.put("reg-l2", regL2);
        m.put("reg-l1", regL1);
        m.put("intercept", intercept);
        m.put("standardize", standardize);
        m.put("model", model);
        m.put("hidden", hidden);
        m.put("activation", activation);
        m.put("optimizer", optimizer.method());
        m.put("step-size", optimizer.stepSize());
        m.put("schedule", optimizer.schedule());
        m.put("lbfgs-memory", optimizer.lbfgsMemory());
        m.put("momentum", optimizer.momentum());
        m.put("max-iter", maxIter);
        m.put("tol", tol);
        m.put("grad-tol", gradTol);
        m.put("time-limit", timeLimitSeconds);
        m.put("patience", patience);
        m.put("partitions", read.partitions());
        m.put("tree-depth", treeDepth);
        m.put("block-size", read.blockBytes());
        m.put("feature-storage", read.floatStorage() ? "float32" : "float64");
        m.put("layout", read.layout().name().toLowerCase(java.util.Locale.ROOT));
        m.put("storage-level", read.storageLevel());
        m.put("bad-records", read.skipBadRecords() ? "skip" : "fail");
        m.put("max-bad-records", read.maxBadRecords());
        m.put("validation", validation);
        m.put("seed", seed);
        m.put("checkpoint-every", checkpointEvery);
        m.put("checkpoint-interval", checkpointSeconds);
        m.put("output", output);
        return m;
    }

    /**
     * The settings that decide the result's bits, for comparing a checkpoint with a resumed run. Budgets
     * (iterations, time), the cluster shape (partitions, tree depth, master) and where things go may change.
     */
    public Map<String, Object> resultDefining() {
        Map<String, Object> m = toMap();
        for (String k : List.of("max-iter", "time-limit", "partitions", "tree-depth", "storage-level", "output",
                "checkpoint-every", "checkpoint-interval")) {
            m.remove(k);
        }
        return m;
    }
}
