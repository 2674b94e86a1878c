package dev.fullbatch.job;

import dev.fullbatch.spark.KryoRegistration;
import dev.fullbatch.spark.SparkEngine;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark context a command runs in. Under {@code spark-submit} the master comes from Spark's own configuration;
 * otherwise {@code --master} (default {@code local[*]}). A context this class creates is stopped by
 * {@link #close()}; one that already existed (tests, notebooks, {@code spark-shell}) is left running.
 *
 * <p>A fresh process starts a bare {@link SparkContext}, not a {@link SparkSession}: reading text and running the
 * passes need only RDDs, and a session's SQL machinery costs about 5 s of CPU to start (more than training a9a).
 * The code that needs SQL (Parquet, writing predictions) builds a session on this context when it runs, and that
 * session sees these settings. A context that already existed with a session keeps getting the settings the way
 * {@code SparkSession.builder().config(...).getOrCreate()} applies them.
 */
final class SparkRuntime implements AutoCloseable {
    /** Spark's logger of per-block cache misses, quieted in sessions fullbatch starts. */
    static final String MEMORY_STORE_LOGGER = "org.apache.spark.storage.memory.MemoryStore";

    private final SparkContext context;
    private final boolean owned;

    private SparkRuntime(SparkContext context, boolean owned) {
        this.context = context;
        this.owned = owned;
    }

    /**
     * Opens (or joins) a context.
     *
     * @param master the --master option, or null
     * @param appName shown in the Spark UI and the cluster manager
     * @param extra further Spark settings (--spark-conf), may be empty
     */
    static SparkRuntime open(String master, String appName, Map<String, String> extra) {
        // SparkEnv is set while a context runs in this JVM: a cheap test that needs none of SQL's classes.
        boolean existed = SparkEnv.get() != null;
        SparkConf conf = new SparkConf();
        boolean masterChosenHere = true;
        if (master != null && !master.isBlank()) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        } else {
            masterChosenHere = false;
        }
        conf.setAppName(appName);
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.sql.shuffle.partitions", "8");
        if (masterChosenHere) {
            localDefaults(conf);
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        // Harmless under Java serialization; needed when a cluster's defaults choose Kryo.
        conf.set(KryoRegistration.SETTING, KryoRegistration.withThis(conf.get(KryoRegistration.SETTING, null)));
        SparkContext context;
        try {
            context = existed && hasSession()
                    ? SparkSession.builder().config(conf).getOrCreate().sparkContext()
                    : SparkContext.getOrCreate(conf);
        } catch (IllegalArgumentException e) {
            // Spark rejects settings before any work starts (too little driver memory, a bad master URL...).
            throw new UsageException("Spark could not start: " + e.getMessage().lines().findFirst().orElse("")
                    + " (check --master, --spark-conf and the driver memory, e.g. FULLBATCH_DRIVER_MEMORY=2g)");
        }
        if (!existed && System.getProperty("fullbatch.spark.log.level") == null) {
            context.setLogLevel("WARN");
        }
        if (!existed) {
            // One WARN per block that does not fit ("Not enough space to cache rdd_1_36"); the loaders say it once,
            // with the sizes and the setting to raise (CacheFit).
            org.apache.logging.log4j.core.config.Configurator.setLevel(MEMORY_STORE_LOGGER,
                    org.apache.logging.log4j.Level.ERROR);
        }
        return new SparkRuntime(context, !existed);
    }

    /**
     * Settings for a master fullbatch chose itself ({@code --master} or its default), never for spark-submit's: in
     * local mode ({@code local}, {@code local[N]}, {@code local[*]}) the web UI is off unless asked for
     * ({@code --spark-conf spark.ui.enabled=true}). It takes about a second of CPU to start, the job prints its own
     * progress, and a local run's UI dies with the process anyway.
     */
    private static void localDefaults(SparkConf conf) {
        String m = conf.get("spark.master").trim().toLowerCase(Locale.ROOT);
        if (m.equals("local") || m.startsWith("local[")) {
            conf.setIfMissing("spark.ui.enabled", "false");
        }
    }

    /** Whether a session is active on this thread or is the default one (only asked when a context runs). */
    private static boolean hasSession() {
        return SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    }

    JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(context);
    }

    /**
     * The engine port on this context, merging every pass's partials at {@code treeDepth} ({@code --tree-depth});
     * reads say their progress, and a cache that outgrew memory, on {@code log}.
     */
    SparkEngine engine(int treeDepth, java.io.PrintWriter log) {
        return new SparkEngine(jsc(), treeDepth, log::println);
    }

    @Override
    public void close() {
        if (owned) {
            context.stop();
        }
    }
}
