package dev.fullbatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real Spark standalone cluster on 127.0.0.1 for a test class, started and stopped with
 * {@code scripts/cluster} in its own state folder. {@link #close()} always stops it, and kills by PID whatever
 * the script could not stop.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    private final ProjectScripts scripts;
    private final Path state;
    private final Path log;
    private final String masterUrl;
    private final double startSeconds;

    private StandaloneCluster(ProjectScripts scripts, Path state, Path log, String masterUrl, double startSeconds) {
        this.scripts = scripts;
        this.state = state;
        this.log = log;
        this.masterUrl = masterUrl;
        this.startSeconds = startSeconds;
    }

    /**
     * Starts one Master and {@code workers} Workers of {@code cores} cores and {@code memory} each. A cluster a
     * crashed earlier run left in the same state folder is stopped first.
     */
    static StandaloneCluster start(ProjectScripts scripts, Path state, int workers, int cores, String memory)
            throws IOException, InterruptedException {
        Files.createDirectories(state);
        Path log = state.resolve("cluster-script.log");
        scripts.run(STOP_TIMEOUT, log, "cluster", "stop", "--state-dir", state.toString());
        long t0 = System.nanoTime();
        int code;
        try {
            code = scripts.run(START_TIMEOUT, log, "cluster", "start", "--workers", Integer.toString(workers),
                    "--cores", Integer.toString(cores), "--memory", memory, "--state-dir", state.toString());
        } catch (AssertionError | IOException | InterruptedException e) {
            killLeftovers(state);
            throw e;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            killLeftovers(state);
        }
        assertEquals(0, code, () -> "scripts/cluster start failed:\n" + tailOrError(log));
        String url = Files.readString(state.resolve("master.url"), StandardCharsets.UTF_8).strip();
        return new StandaloneCluster(scripts, state, log, url, seconds);
    }

    String masterUrl() {
        return masterUrl;
    }

    /** Wall-clock seconds scripts/cluster start took until every Worker had registered. */
    double startSeconds() {
        return startSeconds;
    }

    Path state() {
        return state;
    }

    /** The summary line scripts/cluster start printed last (with its own timings). */
    String startReport() throws IOException {
        return ProjectScripts.read(log).lines().filter(l -> l.startsWith("fullbatch cluster:"))
                .reduce((a, b) -> b).orElse("(none)");
    }

    /** The PID of Worker {@code i} (1-based). */
    long workerPid(int i) throws IOException {
        return Long.parseLong(Files.readString(state.resolve("worker-" + i + ".pid")).strip());
    }

    /** The executor JVMs Worker {@code i} runs now: its children whose main class is the executor backend. */
    List<ProcessHandle> executors(int i) throws IOException {
        Optional<ProcessHandle> worker = ProcessHandle.of(workerPid(i));
        if (worker.isEmpty()) {
            return List.of();
        }
        return worker.get().children()
                .filter(p -> commandLine(p).contains("org.apache.spark.executor.CoarseGrainedExecutorBackend"))
                .toList();
    }

    static String commandLine(ProcessHandle p) {
        Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException e) {
            // The process exited meanwhile; fall back to what the JDK knows.
        }
        return p.info().commandLine().orElse("");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            int code = scripts.run(STOP_TIMEOUT, log, "cluster", "stop", "--state-dir", state.toString());
            assertEquals(0, code, () -> "scripts/cluster stop failed:\n" + tailOrError(log));
        } finally {
            killLeftovers(state);
        }
    }

    /** Kills (SIGKILL) the Master and Workers whose PID files remain, with their executors. */
    static void killLeftovers(Path state) throws IOException {
        List<Path> pidFiles = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(state, "*.pid")) {
            ds.forEach(pidFiles::add);
        }
        for (Path f : pidFiles) {
            long pid;
            try {
                pid = Long.parseLong(Files.readString(f).strip());
            } catch (NumberFormatException e) {
                continue;
            }
            ProcessHandle.of(pid)
                    .filter(p -> commandLine(p).contains("org.apache.spark.deploy."))
                    .ifPresent(ProjectScripts::kill);
        }
    }

    private static String tailOrError(Path log) {
        try {
            return ProjectScripts.tail(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
