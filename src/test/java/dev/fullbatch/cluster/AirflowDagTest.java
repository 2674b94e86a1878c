package dev.fullbatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Airflow DAG (scripts/airflow/fullbatch_daily.py) is valid Python, and with stand-ins for the Airflow
 * classes it imports it has the promised tasks, templates and exit-code handling. Needs python3 (see
 * {@link RequiredTool}: fails without it in CI and under scripts/test, skips elsewhere); Airflow itself is not
 * needed.
 */
class AirflowDagTest {
    private static Path project;
    private static Path dag;

    @BeforeAll
    static void findPython() throws Exception {
        project = Path.of(System.getProperty("fullbatch.project.dir", ".")).toAbsolutePath();
        dag = project.resolve("scripts/airflow/fullbatch_daily.py");
        RequiredTool.require("python3", "the Airflow DAG checks");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // Bytecode goes under target/, never next to the DAG in the source tree.
        pb.environment().put("PYTHONPYCACHEPREFIX", project.resolve("target/pycache").toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-2, "python3 did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void dagFileCompiles() throws Exception {
        assertTrue(Files.exists(dag), dag.toString());
        Result r = python("-m", "py_compile", dag.toString());
        assertEquals(0, r.exitCode, r.output);
    }

    @Test
    void dagHasTheTasksTemplatesAndExitCodeHandlingItPromises() throws Exception {
        Result r = python(project.resolve("src/test/python/fullbatch_daily_check.py").toString(), dag.toString());
        assertEquals(0, r.exitCode, r.output);
    }
}
