package dev.fullbatch.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Starts the local Spark contexts tests share per class (stop them in @AfterAll). */
public final class SparkTestSession {
    private SparkTestSession() {
    }

    /** A context on {@code master} with the UI off and quiet logs. */
    public static JavaSparkContext start(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("fullbatch-test")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "4");
        JavaSparkContext jsc = new JavaSparkContext(conf);
        jsc.setLogLevel("ERROR");
        return jsc;
    }
}
