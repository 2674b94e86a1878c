package dev.fullbatch.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a model or a set of metrics came from: the fullbatch version and the git commit it was built from, the
 * Spark and Java versions it ran on, and when the run started and ended. For model.json (and metrics.json), so a
 * result can be traced to the code that made it.
 *
 * <p>The version and commit come from {@code dev/fullbatch/build.properties}, which the build writes (Maven
 * filters in {@code project.version} and the output of {@code git describe --always --abbrev=40 --dirty} in the
 * checkout being built, see pom.xml); a build outside git, or one whose resources were not filtered, records no
 * commit (null) rather than a wrong one. The Spark version is the one on the classpath at run time (Spark's own
 * {@code spark-version-info.properties}), which on a cluster is the cluster's. Immutable; the times are given by the
 * caller.
 *
 * @param version fullbatch's version, e.g. "0.1.0-SNAPSHOT"
 * @param commit the full commit hash, or null when unknown
 * @param dirty whether the build's checkout had changes beyond that commit
 * @param sparkVersion the Spark version at run time, or null when Spark is not on the classpath
 * @param javaVersion the JVM's {@code java.version}
 * @param startedAt when the run started
 * @param finishedAt when it ended (or the metrics were computed)
 */
public record Provenance(String version, String commit, boolean dirty, String sparkVersion, String javaVersion,
                         Instant startedAt, Instant finishedAt) {
    private static final String BUILD = "/dev/fullbatch/build.properties";
    private static final String SPARK = "/spark-version-info.properties";
    private static final String DIRTY = "-dirty";

    /** The provenance of a run in this JVM, from the build's and Spark's version files. */
    public static Provenance of(Instant startedAt, Instant finishedAt) {
        return of(load(BUILD), load(SPARK), System.getProperty("java.version"), startedAt, finishedAt);
    }

    /** The provenance from the two version files' contents (either may be empty). */
    static Provenance of(Properties build, Properties spark, String javaVersion, Instant startedAt,
                         Instant finishedAt) {
        String version = resolved(build.getProperty("version"));
        String described = resolved(build.getProperty("commit"));
        boolean dirty = described != null && described.endsWith(DIRTY);
        String commit = dirty ? described.substring(0, described.length() - DIRTY.length()) : described;
        if (commit != null && !commit.matches("[0-9a-f]{40}")) {
            commit = null; // not what git describe --abbrev=40 prints: better none than a wrong one
            dirty = false;
        }
        return new Provenance(version == null ? "unknown" : version, commit, dirty,
                resolved(spark.getProperty("version")), javaVersion, startedAt, finishedAt);
    }

    /** A value, or null when it is missing, empty, or a placeholder the build did not fill in. */
    private static String resolved(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value.trim();
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the classpath", e);
        }
        return p;
    }

    /**
     * The JSON form: {@code fullbatchVersion}, {@code commit} (null when unknown), {@code commitDirty},
     * {@code sparkVersion}, {@code javaVersion}, {@code startedAt}, {@code finishedAt} (ISO-8601 instants in UTC).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fullbatchVersion", version);
        m.put("commit", commit);
        m.put("commitDirty", dirty);
        m.put("sparkVersion", sparkVersion);
        m.put("javaVersion", javaVersion);
        m.put("startedAt", startedAt.toString());
        m.put("finishedAt", finishedAt.toString());
        return m;
    }
}
