package dev.fullbatch.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash at any step of a commit leaves the old complete model or the new complete one, never a mix. */
class ModelDirectoryTest {
    private static final List<String> STEPS = List.of("staged model.json", "staged history.csv", "staged _SUCCESS",
            "moved old aside", "moved new in", "deleted old");

    @TempDir
    Path dir;

    static final class Crash extends IOException {
        Crash(String step) {
            super("simulated crash after " + step);
        }
    }

    private static Map<String, String> files(String version) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model.json", "{\"version\":\"" + version + "\"}");
        f.put("history.csv", version);
        return f;
    }

    /** What a reader sees: null when there is no complete model, else its version. */
    private static String completeVersion(Path out) throws IOException {
        if (!Files.exists(out.resolve("_SUCCESS"))) {
            return null;
        }
        String h = Files.readString(out.resolve("history.csv"));
        assertEquals("{\"version\":\"" + h + "\"}", Files.readString(out.resolve("model.json")),
                "model.json and history.csv of one complete directory come from the same commit");
        return h;
    }

    @Test
    void aCrashAtAnyStepLeavesTheOldOrTheNewCompleteModel() throws IOException {
        for (String crashAfter : STEPS) {
            Path out = dir.resolve("m-" + crashAfter.replace(' ', '_'));
            ModelDirectory md = new ModelDirectory(out.toUri().toString(), new Configuration());
            md.commit(files("old"), null);
            assertThrows(Crash.class, () -> md.commit(files("new"), null, step -> {
                if (step.equals(crashAfter)) {
                    throw new Crash(step);
                }
            }));
            String seen = completeVersion(out);
            assertTrue(seen == null || seen.equals("old") || seen.equals("new"), crashAfter + ": " + seen);
            if (!crashAfter.equals("moved old aside")) {
                assertTrue(seen != null, "after '" + crashAfter + "' a complete model must be visible");
            }
            new ModelDirectory(out.toUri().toString(), new Configuration()).recover();
            String recovered = completeVersion(out);
            assertTrue("old".equals(recovered) || "new".equals(recovered), crashAfter + " recovered " + recovered);
            try (var siblings = Files.list(dir)) {
                assertFalse(siblings.anyMatch(p -> p.getFileName().toString().contains("fullbatch-")),
                        "recover() leaves no staging or old folders behind");
            }
        }
    }

    @Test
    void aCrashBeforeTheFirstCommitLeavesNoModel() throws IOException {
        Path out = dir.resolve("fresh");
        ModelDirectory md = new ModelDirectory(out.toUri().toString(), new Configuration());
        assertThrows(Crash.class, () -> md.commit(files("new"), null, step -> {
            if (step.equals("staged history.csv")) {
                throw new Crash(step);
            }
        }));
        assertFalse(Files.exists(out));
        md.recover();
        assertFalse(Files.exists(out));
    }
}
