package dev.fullbatch.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every shell example the documentation marks as runnable, so the docs cannot drift from the program: each
 * fenced block whose info string is exactly {@code bash runnable} in README.md and docs/*.md is run by
 * {@code bash -e -o pipefail} from the project root, after {@code mvn package} built {@code target/fullbatch.jar}
 * and the launcher's class path (so {@code scripts/fullbatch} runs without building). Each block gets a fresh
 * empty folder in {@code $TMP} for what it writes, and must exit 0 within {@value #TIMEOUT_SECONDS} s; a failure
 * names the file and line of the block and shows the end of its output. Blocks that use {@code ../shared/data}
 * are skipped where that folder is absent.
 *
 * <p>The launcher's JVM runs with the quick C1 compiler ({@code FULLBATCH_JAVA_OPTS}) unless the environment sets
 * options: on small data starting the JVM dominates, and the arithmetic, hence every printed number, is the same.
 */
class DocExamplesIT {
    static final String RUNNABLE = "bash runnable";
    /**
     * Generous for a few JVM launches on small data: the README's example (two launches) took 83 s on 2 cores at a
     * load average of 27, shared with other builds.
     */
    private static final int TIMEOUT_SECONDS = 180;
    private static final int SHOWN_LINES = 60;

    @TempDir
    static Path work;

    @TestFactory
    Stream<DynamicTest> everyRunnableExampleInTheDocsExitsZero() {
        Path project = Path.of(System.getProperty("fullbatch.project.dir", "."));
        List<DynamicTest> tests = new ArrayList<>();
        for (MarkdownFile file : MarkdownFile.projectDocs(project)) {
            for (MarkdownFile.CodeBlock block : file.codeBlocks()) {
                if (block.info().equals(RUNNABLE)) {
                    String where = file.name() + ":" + block.line();
                    tests.add(DynamicTest.dynamicTest(where, () -> run(project, where, block.text())));
                }
            }
        }
        assertTrue(!tests.isEmpty(), "no ```" + RUNNABLE + " block in README.md or docs/*.md");
        return tests.stream();
    }

    private static void run(Path project, String where, String script) throws IOException, InterruptedException {
        Path jar = project.resolve("target/fullbatch.jar");
        Path classpath = project.resolve("target/classpath.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classpath)) {
            fail("run through `mvn verify` (after package): " + jar + " and " + classpath + " must exist, or "
                    + "scripts/fullbatch would build inside the test");
        }
        if (script.contains("../shared/data")) {
            assumeTrue(Files.isDirectory(project.resolve("../shared/data")),
                    where + " uses ../shared/data, which is absent here; skipped");
        }
        String name = where.replaceAll("[^A-Za-z0-9.-]", "_");
        Path tmp = Files.createDirectories(work.resolve(name).resolve("tmp"));
        Path scriptFile = Files.writeString(work.resolve(name).resolve("block.sh"), script + "\n",
                StandardCharsets.UTF_8);
        Path log = work.resolve(name).resolve("output.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", scriptFile.toString())
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("TMP", tmp.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putIfAbsent("FULLBATCH_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
        Process p = pb.start();
        Duration limit = Duration.ofSeconds(TIMEOUT_SECONDS);
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            kill(p.toHandle());
            fail(where + ": the ```" + RUNNABLE + " block still ran after " + TIMEOUT_SECONDS + " s and was "
                    + "killed; mark only examples that finish in seconds as runnable. Its output:\n" + tail(log));
        }
        if (p.exitValue() != 0) {
            fail(where + ": the ```" + RUNNABLE + " block exited with " + p.exitValue() + " (run by bash -e from "
                    + "the project root, TMP=" + tmp + "). Its output:\n" + tail(log));
        }
    }

    private static void kill(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // gone or unkillable: nothing more a test can do; the failure below says what ran too long
            }
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - SHOWN_LINES), lines.size()));
    }
}
