package dev.fullbatch.cluster;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A system tool a test needs (python3...). In CI ({@code CI} set) and under {@code scripts/test}
 * ({@code FULLBATCH_REQUIRE_TOOLS} set), a missing tool fails the test: CI must run every test, and scripts/test
 * installs the tools first. Elsewhere the test is skipped with a message saying how to get the tool.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    /** Whether a missing tool fails the test instead of skipping it. */
    public static boolean required() {
        return set("CI") || set("FULLBATCH_REQUIRE_TOOLS");
    }

    private static boolean set(String name) {
        String v = System.getenv(name);
        return v != null && !v.isBlank() && !v.equalsIgnoreCase("false") && !v.equals("0");
    }

    /**
     * Fails or skips the calling test (see the class comment) unless {@code command --version} runs.
     *
     * @param command the tool's command, e.g. "python3"
     * @param what what the tests check with it, for the message
     */
    public static void require(String command, String what) {
        if (runs(command)) {
            return;
        }
        String message = command + " is not installed, so " + what + " cannot run; scripts/test installs it "
                + "(as root, with apt-get)";
        if (required()) {
            fail(message + " (required: CI or FULLBATCH_REQUIRE_TOOLS is set)");
        }
        assumeTrue(false, message + "; skipping");
    }

    private static boolean runs(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
