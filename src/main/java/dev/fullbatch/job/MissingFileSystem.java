package dev.fullbatch.job;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.util.VersionInfo;

/**
 * Recognizes a URI whose Hadoop file system connector is not on the classpath (s3a:, abfs:, gs:... are not
 * bundled with Spark) and explains how to add it. Hadoop reports this as a {@code ClassNotFoundException} for a
 * scheme it knows of, or an {@link UnsupportedFileSystemException} for one it does not; both are user errors
 * (exit 2), never a bug to report.
 */
final class MissingFileSystem {
    /** Connector class prefix to the spark-submit option that adds it ({@code %s}: the running Hadoop version). */
    private static final Map<String, String> CONNECTORS = Map.of(
            "org.apache.hadoop.fs.s3a.", "--packages org.apache.hadoop:hadoop-aws:%s (it brings the AWS SDK bundle "
                    + "it was built with), or --jars with hadoop-aws-%<s.jar and that SDK bundle jar",
            "org.apache.hadoop.fs.azurebfs.", "--packages org.apache.hadoop:hadoop-azure:%s",
            "org.apache.hadoop.fs.azure.", "--packages org.apache.hadoop:hadoop-azure:%s",
            "org.apache.hadoop.fs.aliyun.", "--packages org.apache.hadoop:hadoop-aliyun:%s",
            "com.google.cloud.hadoop.fs.gcs.", "--jars with Google's gcs-connector (hadoop3, shaded) jar");

    private MissingFileSystem() {
    }

    /** The user-facing explanation when {@code error} (or a cause) is a missing file system, else empty. */
    static Optional<String> explain(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedFileSystemException) {
                return Optional.of(t.getMessage() + ": no Hadoop file system is installed for that URI scheme. "
                        + "Check the scheme (file:, hdfs:, s3a:, abfs:, gs:...) and add its connector jar with "
                        + "spark-submit --jars or --packages (see docs/cluster.md)");
            }
            if (t instanceof ClassNotFoundException) {
                String missing = missingClass(t.getMessage());
                for (Map.Entry<String, String> c : CONNECTORS.entrySet()) {
                    if (missing.startsWith(c.getKey())) {
                        return Optional.of("the Hadoop file system " + missing + " is not on the classpath, so "
                                + "URIs of its scheme cannot be read or written. Add it to spark-submit with "
                                + String.format(Locale.ROOT, c.getValue(), VersionInfo.getVersion())
                                + "; see docs/cluster.md");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** "Class a.b.C not found" (Hadoop's wording) or a bare class name, as the class name. */
    private static String missingClass(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip();
        if (m.startsWith("Class ") && m.endsWith(" not found")) {
            return m.substring("Class ".length(), m.length() - " not found".length());
        }
        return m;
    }
}
