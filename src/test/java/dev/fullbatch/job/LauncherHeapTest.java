package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap {@code scripts/fullbatch} gives the JVM: a copy of the script in a project of its own (a built jar and
 * class path, so it does not build) runs a stand-in {@code java} that prints its arguments.
 */
class LauncherHeapTest {
    @TempDir
    Path project;

    private List<String> javaArguments(Map<String, String> env) throws Exception {
        Path scripts = Files.createDirectories(project.resolve("scripts"));
        Files.copy(Path.of("scripts/fullbatch"), scripts.resolve("fullbatch"));
        Path target = Files.createDirectories(project.resolve("target"));
        Files.writeString(target.resolve("fullbatch.jar"), "");
        Files.writeString(target.resolve("classpath.txt"), "/deps.jar");
        Path bin = Files.createDirectories(project.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", scripts.resolve("fullbatch").toString(), "--version");
        pb.environment().remove("FULLBATCH_DRIVER_MEMORY");
        pb.environment().remove("FULLBATCH_JAVA_OPTS");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void byDefaultTheHeapIsHalfOfTheMachinesMemoryNotAFixedSize() throws Exception {
        List<String> args = javaArguments(Map.of());
        assertTrue(args.contains("-XX:MaxRAMPercentage=50"), args::toString);
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-Xmx")), args::toString);
        assertEquals("--version", args.get(args.size() - 1), args::toString);
    }

    @Test
    void fullbatchDriverMemorySetsTheHeap() throws Exception {
        List<String> args = javaArguments(Map.of("FULLBATCH_DRIVER_MEMORY", "3g"));
        assertTrue(args.contains("-Xmx3g"), args::toString);
        assertFalse(args.contains("-XX:MaxRAMPercentage=50"), args::toString);
    }
}
