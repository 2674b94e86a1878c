package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * {@code target/fullbatch.jar} is the product only: the job's classes (with picocli shaded in), never the
 * benchmarks (compiled apart, into target/bench-classes), test hooks, or Spark and Hadoop (which the cluster brings).
 */
class ProductJarIT {

    @Test
    void theJarHoldsTheProductWithoutBenchmarksTestHooksOrSpark() throws IOException {
        Path jar = Path.of(System.getProperty("fullbatch.jar", "target/fullbatch.jar"));
        assertTrue(Files.isRegularFile(jar), "no jar at " + jar);
        List<String> unwanted = new ArrayList<>();
        boolean main = false;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (var it = file.entries(); it.hasMoreElements(); ) {
                String name = it.nextElement().getName();
                main |= name.equals("dev/fullbatch/job/Main.class");
                if (name.startsWith("dev/fullbatch/bench/") || name.equals("dev/fullbatch/spark/SlowTasks.class")
                        || name.startsWith("org/apache/spark/") || name.startsWith("org/apache/hadoop/")) {
                    unwanted.add(name);
                }
            }
            assertEquals("dev.fullbatch.job.Main", file.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        assertTrue(main, "the jar should hold the job's main class");
        assertEquals(List.of(), unwanted.subList(0, Math.min(10, unwanted.size())), "classes that are not the product");
    }
}
