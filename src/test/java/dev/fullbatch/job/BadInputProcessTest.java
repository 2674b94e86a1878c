package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad-input exit prints one message and never a stack trace, in a real process with the launcher's logging
 * (conf/log4j2.properties), where Spark's own warnings reach stderr: the session is stopped right after a failed
 * read, and removals of the cached blocks still in flight used to print rejected-completion traces first.
 */
class BadInputProcessTest {
    @TempDir
    static Path dir;

    private static Path overflow;

    @BeforeAll
    static void writeData() throws IOException {
        // Many cached blocks, and the value beyond the double range in the middle of the input.
        SplittableRandom rnd = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 120_000; i++) {
            String first = i == 60_000 ? "1e400" : String.format(Locale.ROOT, "%.4f", rnd.nextDouble());
            sb.append(i % 2).append(" 1:").append(first).append(String.format(Locale.ROOT, " 2:%.4f 3:%.4f%n",
                    rnd.nextDouble(), rnd.nextDouble()));
        }
        overflow = Files.writeString(dir.resolve("overflow.libsvm"), sb.toString());
    }

    private static List<String> launcherLogging() {
        Path project = Path.of(System.getProperty("fullbatch.project.dir", ".")).toAbsolutePath();
        return List.of("-Dlog4j2.configurationFile=" + project.resolve("conf/log4j2.properties"));
    }

    @Test
    void aValueBeyondTheDoubleRangeExitsTwoWithOneLineAndNoTraceEveryTime() throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            Path log = dir.resolve("run-" + attempt + ".log");
            int code;
            try (ChildJob job = ChildJob.start(log, launcherLogging(), "train", "--data", overflow.toString(),
                    "--output", dir.resolve("model-" + attempt).toString(), "--block-size", "262144",
                    "--master", "local[2]")) {
                code = job.waitFor(180);
            }
            String out = Files.readString(log);
            assertEquals(2, code, out);
            assertTrue(out.contains("overflow.libsvm:60001: value '1e400' of feature 1 is too large for a double"),
                    out);
            assertFalse(out.contains("Exception") || out.contains("\tat ") || out.contains(" ERROR "),
                    "attempt " + attempt + " printed a stack trace:\n" + out);
            String last = out.strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("fullbatch: file:"), "the message is the last line:\n" + out);
        }
    }
}
