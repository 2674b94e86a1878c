package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A --conf file is read before Spark starts, with the spark.hadoop.* settings spark-submit passed. */
class ConfigFileHadoopTest {

    @Test
    void sparkHadoopSystemPropertiesReachTheFileSystemSettings() {
        String key = "spark.hadoop.fullbatch.test.endpoint";
        System.setProperty(key, "http://127.0.0.1:9000");
        try {
            assertEquals("http://127.0.0.1:9000", ConfigFile.hadoopConfiguration().get("fullbatch.test.endpoint"));
        } finally {
            System.clearProperty(key);
        }
        assertNull(ConfigFile.hadoopConfiguration().get("fullbatch.test.endpoint"));
    }
}
