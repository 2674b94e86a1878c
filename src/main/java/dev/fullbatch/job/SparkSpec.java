package dev.fullbatch.job;

import java.util.Map;

/**
 * Where the passes run ({@code --master}, {@code --spark-conf}, {@code --tree-depth}). None of it changes a
 * result's bits. Immutable.
 *
 * @param master the Spark master, or null for spark-submit's
 * @param conf extra Spark settings
 * @param treeDepth the depth of every tree reduction, at least 1
 */
record SparkSpec(String master, Map<String, String> conf, int treeDepth) implements TrainSpec {

    /** Validates. */
    SparkSpec {
        TrainCommand.positiveInt("--tree-depth", treeDepth, 1);
        conf = Map.copyOf(conf);
    }

    @Override
    public void writeTo(Map<String, Object> m) {
        m.put("tree-depth", treeDepth);
    }

    @Override
    public void writeFingerprintTo(Map<String, Object> m) {
    }
}
