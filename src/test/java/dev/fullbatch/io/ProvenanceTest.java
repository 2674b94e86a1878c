package dev.fullbatch.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The build's version and commit, Spark's version, and the times, as model.json will record them. */
class ProvenanceTest {
    private static final Instant START = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final Instant END = Instant.parse("2026-01-02T03:09:00Z");

    private static Properties properties(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void thisBuildRecordsItsVersionItsCommitAndTheSparkOnTheClasspath() throws Exception {
        Provenance p = Provenance.of(START, END);
        assertEquals("4.2.0", p.sparkVersion());
        assertEquals(System.getProperty("java.version"), p.javaVersion());
        assertTrue(p.version().matches("\\d+\\.\\d+\\.\\d+.*"), p.version());
        // The test runs in the checkout Maven built: its commit is what git says HEAD is.
        File project = new File(System.getProperty("fullbatch.project.dir", "."));
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(project).redirectErrorStream(true)
                .start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(git.waitFor(60, TimeUnit.SECONDS));
        if (git.exitValue() == 0) {
            assertEquals(head, p.commit());
        } else {
            assertNull(p.commit(), "outside git, no commit");
        }
        Map<String, Object> m = p.toMap();
        assertEquals("2026-01-02T03:04:05.678Z", m.get("startedAt"));
        assertEquals("2026-01-02T03:09:00Z", m.get("finishedAt"));
        assertEquals(p.commit(), m.get("commit"));
    }

    @Test
    void aDirtyCheckoutIsSaidAndAnUnfilledOrStrangeCommitIsNone() {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        Provenance dirty = Provenance.of(properties("version", "1.2.3", "commit", sha + "-dirty"),
                properties("version", "4.2.0"), "17", START, END);
        assertEquals(sha, dirty.commit());
        assertTrue(dirty.dirty());
        Provenance clean = Provenance.of(properties("version", "1.2.3", "commit", sha), new Properties(), "17",
                START, END);
        assertEquals(sha, clean.commit());
        assertFalse(clean.dirty());
        assertNull(clean.sparkVersion());
        Provenance unfilled = Provenance.of(properties("version", "${project.version}", "commit",
                "${fullbatch.build.commit}"), new Properties(), "17", START, END);
        assertNull(unfilled.commit());
        assertEquals("unknown", unfilled.version());
        assertNull(Provenance.of(properties("commit", ""), new Properties(), "17", START, END).commit());
        assertNull(Provenance.of(properties("commit", "abc123"), new Properties(), "17", START, END).commit(),
                "a short hash is not what the build writes");
    }
}
