package dev.fullbatch.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin for tests that must interrupt a job mid-run (kill the driver between checkpoints, kill an
 * executor while training goes on): every task sleeps {@value #DEFAULT_DELAY_MS} ms (or {@link #DELAY} ms) before
 * it starts, so that runs on tiny data last long enough. Injected from outside, never by the product:
 * {@code spark.plugins=dev.fullbatch.spark.SlowTasks} as a Spark setting or a {@code -Dspark.plugins=...} JVM
 * property, with this class on the driver's and the executors' class path.
 */
public final class SlowTasks implements SparkPlugin {
    /** The Spark setting naming the delay in milliseconds. */
    public static final String DELAY = "spark.fullbatch.test.taskDelayMs";
    /** The delay when {@link #DELAY} is not set. */
    public static final long DEFAULT_DELAY_MS = 100;

    /** The JVM options that slow every task of a job started with them by {@code delayMs}. */
    public static java.util.List<String> jvmOptions(long delayMs) {
        return java.util.List.of("-Dspark.plugins=" + SlowTasks.class.getName(), "-D" + DELAY + "=" + delayMs);
    }

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            private long delayMs = DEFAULT_DELAY_MS;

            @Override
            public void init(PluginContext context, Map<String, String> extraConf) {
                delayMs = context.conf().getLong(DELAY, DEFAULT_DELAY_MS);
            }

            @Override
            public void onTaskStart() {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
