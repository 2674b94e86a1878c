package dev.fullbatch.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Starts the local Spark contexts tests share per class (stop them in @AfterAll). */
public final class SparkTestSession {
    private SparkTestSession() {
    }

    /**
     * A {@code local-cluster[2,1,1024]} context: two real executor JVMs that take their classes from this JVM's
     * classpath. Their launcher needs SPARK_HOME with a jars/ folder (possibly empty) and the Scala version, which
     * Maven's failsafe plugin sets (see pom.xml).
     */
    public static JavaSparkContext localCluster(String appName, int maxFailures) throws java.io.IOException {
        String sparkHome = System.getenv("SPARK_HOME");
        if (sparkHome == null || System.getenv("SPARK_SCALA_VERSION") == null) {
            throw new IllegalStateException("run with Maven's failsafe plugin, which sets SPARK_HOME and "
                    + "SPARK_SCALA_VERSION (see pom.xml)");
        }
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(sparkHome, "jars"));
        SparkConf conf = new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName(appName)
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.task.maxFailures", Integer.toString(maxFailures));
        JavaSparkContext jsc = new JavaSparkContext(conf);
        jsc.setLogLevel("ERROR");
        return jsc;
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
