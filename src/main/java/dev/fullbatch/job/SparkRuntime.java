package dev.fullbatch.job;

import dev.fullbatch.spark.KryoRegistration;
import dev.fullbatch.spark.SparkEngine;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session a command runs in. Under {@code spark-submit} the master comes from Spark's own
 * configuration; otherwise {@code --master} (default {@code local[*]}). A session this class creates is stopped
 * by {@link #close()}; one that already existed (tests, notebooks) is left running.
 */
final class SparkRuntime implements AutoCloseable {
    /** Spark's logger of per-block cache misses, quieted in sessions fullbatch starts. */
    static final String MEMORY_STORE_LOGGER = "org.apache.spark.storage.memory.MemoryStore";

    private final SparkSession session;
    private final boolean owned;

    private SparkRuntime(SparkSession session, boolean owned) {
        this.session = session;
        this.owned = owned;
    }

    /**
     * Opens (or joins) a session.
     *
     * @param master the --master option, or null
     * @param appName shown in the Spark UI
     * @param extra further Spark settings (--spark-conf), may be empty
     */
    static SparkRuntime open(String master, String appName, Map<String, String> extra) {
        boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkConf conf = new SparkConf();
        if (master != null && !master.isBlank()) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setAppName(appName);
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.sql.shuffle.partitions", "8");
        for (Map.Entry<String, String> e : extra.entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        // Harmless under Java serialization; needed when a cluster's defaults choose Kryo.
        conf.set(KryoRegistration.SETTING, KryoRegistration.withThis(conf.get(KryoRegistration.SETTING, null)));
        SparkSession session;
        try {
            session = SparkSession.builder().config(conf).getOrCreate();
        } catch (IllegalArgumentException e) {
            // Spark rejects settings before any work starts (too little driver memory, a bad master URL...).
            throw new UsageException("Spark could not start: " + e.getMessage().lines().findFirst().orElse("")
                    + " (check --master, --spark-conf and the driver memory, e.g. FULLBATCH_DRIVER_MEMORY=2g)");
        }
        if (!existed && System.getProperty("fullbatch.spark.log.level") == null) {
            session.sparkContext().setLogLevel("WARN");
        }
        if (!existed) {
            // One WARN per block that does not fit ("Not enough space to cache rdd_1_36"); the loaders say it once,
            // with the sizes and the setting to raise (CacheFit).
            org.apache.logging.log4j.core.config.Configurator.setLevel(MEMORY_STORE_LOGGER,
                    org.apache.logging.log4j.Level.ERROR);
        }
        return new SparkRuntime(session, !existed);
    }

    SparkSession session() {
        return session;
    }

    JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    /**
     * The engine port on this session, merging every pass's partials at {@code treeDepth} ({@code --tree-depth});
     * reads say their progress, and a cache that outgrew memory, on {@code log}.
     */
    SparkEngine engine(int treeDepth, java.io.PrintWriter log) {
        return new SparkEngine(jsc(), treeDepth, log::println);
    }

    @Override
    public void close() {
        if (owned) {
            session.stop();
        }
    }
}
