package dev.fullbatch.report;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, on a local page: the network features that would reach out are switched off,
 * each run has its own profile folder, the wait is bounded and the browser's process tree is killed afterwards.
 * For tests that look at report.html as a browser shows it.
 */
public final class HeadlessChromium {
    private static final long WAIT_SECONDS = 120;

    private HeadlessChromium() {
    }

    /**
     * Runs chromium on {@code page} with extra arguments (e.g. {@code --dump-dom}) and returns its stdout.
     *
     * @param work a folder for the profile and the captured output
     */
    public static String run(Path work, Path page, String... arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "profile");
        Path out = work.resolve("stdout-" + profile.getFileName() + ".txt");
        Path err = work.resolve("stderr-" + profile.getFileName() + ".txt");
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        command.add(page.toUri().toString());
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                fail("chromium did not finish within " + WAIT_SECONDS + " s: " + command);
            }
            if (p.exitValue() != 0) {
                fail("chromium exited " + p.exitValue() + ": " + Files.readString(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The text of the element with this id, from its opening to its closing tag. */
    public static String element(String dom, String id, String tag) {
        int start = dom.indexOf("id=\"" + id + "\"");
        assertTrue(start >= 0, "the DOM has no element #" + id);
        int end = dom.indexOf("</" + tag + ">", start);
        assertTrue(end > start, "#" + id + " is not closed");
        return dom.substring(start, end);
    }
}
