package dev.fullbatch.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's scripts ({@code scripts/cluster}, {@code scripts/submit}) as separate processes, the way a
 * user does, with the jar Maven just built ({@code FULLBATCH_JAR}) and output to a log file. Every wait is
 * bounded; a process that overruns is killed with its descendants.
 */
final class ProjectScripts {
    private final Path projectDir;
    private final Path jar;

    private ProjectScripts(Path projectDir, Path jar) {
        this.projectDir = projectDir;
        this.jar = jar;
    }

    /** From the system properties failsafe sets (see pom.xml). */
    static ProjectScripts fromSystemProperties() {
        String dir = System.getProperty("fullbatch.project.dir");
        String jar = System.getProperty("fullbatch.jar");
        if (dir == null || jar == null || !Files.isRegularFile(Path.of(jar))) {
            fail("run with Maven's failsafe plugin after `package` (needs -Dfullbatch.project.dir and an existing "
                    + "-Dfullbatch.jar, got " + dir + " and " + jar + ")");
        }
        return new ProjectScripts(Path.of(dir), Path.of(jar));
    }

    Path projectDir() {
        return projectDir;
    }

    /** Starts {@code scripts/NAME ARGS...}, stdout and stderr appended to {@code log}. */
    Process start(Path log, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(projectDir.resolve("scripts").resolve(name).toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(projectDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("FULLBATCH_JAR", jar.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    /** Runs {@code scripts/NAME ARGS...} to completion within {@code timeout}; returns the exit code. */
    int run(Duration timeout, Path log, String name, String... args) throws IOException, InterruptedException {
        return await(start(log, name, args), timeout, log);
    }

    /** Waits for {@code p}; on timeout kills it and its descendants and fails the test. */
    static int await(Process p, Duration timeout, Path log) throws InterruptedException, IOException {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill(p.toHandle());
            fail("process " + p.pid() + " still ran after " + timeout + "; killed. Log " + log + ":\n" + tail(log));
        }
        return p.exitValue();
    }

    /** SIGKILLs a process and its descendants, waiting up to 10 s for each to go. */
    static void kill(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process);
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Best effort: the process may already be gone, or be a zombie its parent reaps later.
            }
        }
    }

    /** A log's text (undecodable bytes replaced, never an error). */
    static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    /** The last lines of a log, for failure messages. */
    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = read(log).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
