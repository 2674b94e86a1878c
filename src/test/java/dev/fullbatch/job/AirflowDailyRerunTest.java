package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.cluster.RequiredTool;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.spark.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily-rerun semantics of the Airflow DAG (scripts/airflow/fullbatch_daily.py), with the exact command its
 * {@code train} task runs: the DAG's templates are rendered by python3 (src/test/python/fullbatch_daily_check.py)
 * and the command is run through the real main class. A rerun with the same conf keeps the model without work; a
 * rerun after the conf file changed is refused (exit 2, not retried by the DAG) and keeps the old model; a run
 * triggered with {@code retrain} replaces it. Each day starts from the day before's model (cold when there is none,
 * or with {@code warm_start} false), and a rerun after the day before was retrained is refused.
 */
class AirflowDailyRerunTest {
    private static final String DAY = "2024-05-01";
    private static SparkSession spark;
    private static Path project;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        RequiredTool.require("python3", "the Airflow DAG's rerun test");
        project = Path.of(System.getProperty("fullbatch.project.dir", ".")).toAbsolutePath();
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-airflow-rerun-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The train task's command line for {@link #DAY}, rendered with the DAG's params updated by {@code params}. */
    private static List<String> trainCommand(Map<String, Object> params) throws Exception {
        return trainCommand(DAY, params);
    }

    /** The train task's command line for the logical date {@code day}. */
    private static List<String> trainCommand(String day, Map<String, Object> params) throws Exception {
        String json = SavedModel.json(params).replaceAll("\\s+", " ");
        ProcessBuilder pb = new ProcessBuilder("python3", project.resolve("src/test/python/fullbatch_daily_check.py")
                .toString(), project.resolve("scripts/airflow/fullbatch_daily.py").toString(), "--render", "train", day,
                json).redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, p.exitValue(), out);
        List<String> args = new ArrayList<>();
        for (JsonNode a : SavedModel.parse(out)) {
            args.add(a.asText());
        }
        return args;
    }

    private static JobRun run(List<String> args) {
        return JobRun.of(args.toArray(String[]::new));
    }

    @Test
    void aRerunKeepsTheModelAndARerunWithAChangedConfIsRefusedUntilRetrainIsAsked() throws Exception {
        Path dataRoot = dir.resolve("train");
        TestData.libsvm(dataRoot.resolve("dt=" + DAY).resolve("part-00000"), 800, 6, 0.8, "binary", 3);
        Path modelRoot = dir.resolve("models");
        Path conf = dir.resolve("train.properties");
        Files.writeString(conf, "objective = logistic\nreg-l2 = 0.001\nmax-iter = 6\n");
        Map<String, Object> params = Map.of("train_conf", conf.toString(), "data_root", dataRoot.toString(),
                "model_root", modelRoot.toString());
        List<String> command = trainCommand(params);
        assertTrue(command.contains("--resume") && !command.contains("--overwrite"), command::toString);
        Path model = modelRoot.resolve(DAY);

        JobRun first = run(command);
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(Files.exists(model.resolve("_SUCCESS")));
        byte[] trained = Files.readAllBytes(model.resolve("model.json"));

        JobRun rerun = run(trainCommand(params));
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertTrue(rerun.err().contains("nothing to do"), rerun::toString);
        assertFalse(rerun.err().contains("fullbatch: reading"), rerun::toString);

        Files.writeString(conf, "objective = logistic\nreg-l2 = 0.01\nmax-iter = 6\n");
        JobRun changed = run(trainCommand(params));
        assertEquals(2, changed.exitCode(), changed::toString);
        assertTrue(changed.err().contains("holds a complete model trained with other options or data: --reg-l2 "
                + "changed from 0.001 to 0.01"), changed::toString);
        assertTrue(java.util.Arrays.equals(trained, Files.readAllBytes(model.resolve("model.json"))),
                "the refused rerun keeps the old model");

        Map<String, Object> retrain = new java.util.HashMap<>(params);
        retrain.put("retrain", true);
        List<String> replace = trainCommand(retrain);
        assertTrue(replace.contains("--overwrite") && !replace.contains("--resume"), replace::toString);
        JobRun replaced = run(replace);
        assertEquals(0, replaced.exitCode(), replaced::toString);
        assertTrue(Files.readString(model.resolve("model.json")).contains("\"reg-l2\" : 0.01"));
        JobRun after = run(trainCommand(params));
        assertEquals(0, after.exitCode(), after::toString);
        assertTrue(after.err().contains("nothing to do"), after::toString);
    }

    @Test
    void eachDayStartsFromTheDayBeforesModelByFeatureNameAndARerunNamesARetrainedDayBefore() throws Exception {
        String dayBefore = "2024-04-30";
        String nextDay = "2024-05-02";
        Path dataRoot = dir.resolve("train");
        // a new categorical level on the second day: it starts at 0, the others carry the first day's coefficients
        WarmStartTest.day(dataRoot.resolve("dt=" + DAY).resolve("part-00000.csv"), 1, new String[] {"x", "z"},
                "a", "b");
        WarmStartTest.day(dataRoot.resolve("dt=" + nextDay).resolve("part-00000.csv"), 2, new String[] {"x", "z"},
                "a", "b", "c");
        Path modelRoot = dir.resolve("models");
        Path conf = dir.resolve("train.properties");
        Files.writeString(conf, "objective = logistic\nformat = csv\nheader = true\ncategorical-cols = color\n"
                + "reg-l2 = 0.01\nmax-iter = 6\n");
        Map<String, Object> params = Map.of("train_conf", conf.toString(), "data_root", dataRoot.toString(),
                "model_root", modelRoot.toString());
        Path first = modelRoot.resolve(DAY);
        Path second = modelRoot.resolve(nextDay);

        List<String> firstCommand = trainCommand(DAY, params);
        assertEquals(modelRoot.resolve(dayBefore).toString(), firstCommand.get(firstCommand.indexOf("--init-model")
                + 1));
        JobRun cold = run(firstCommand);
        assertEquals(0, cold.exitCode(), cold::toString);
        assertTrue(cold.err().contains("--init-model " + modelRoot.resolve(dayBefore) + " holds no complete model;"
                + " starting cold"), cold::toString);

        JobRun warm = run(trainCommand(nextDay, params));
        assertEquals(0, warm.exitCode(), warm::toString);
        assertTrue(warm.err().contains("starting from the model in " + first + " (--init-model)"), warm::toString);
        assertTrue(warm.err().contains("5 matched (x, z, color=a, color=b, color=(other)), 1 new (starting at 0:"
                + " color=c), 0 dropped"), warm::toString);
        JsonNode model = SavedModel.parse(Files.readString(second.resolve("model.json")));
        assertEquals(first.toString(), model.get("config").get("init-model").asText());
        assertEquals(WarmStartTest.sha256(first.resolve("model.json")),
                model.get("data").get("initModel").get("modelSha256").asText());

        JobRun rerun = run(trainCommand(nextDay, params));
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertTrue(rerun.err().contains("nothing to do"), rerun::toString);

        // the first day's data is corrected and its model retrained: the second day's model no longer follows from
        // it, and a rerun says so instead of keeping it
        WarmStartTest.day(dataRoot.resolve("dt=" + DAY).resolve("part-00000.csv"), 11, new String[] {"x", "z"},
                "a", "b");
        Map<String, Object> retrain = new java.util.HashMap<>(params);
        retrain.put("retrain", true);
        assertEquals(0, run(trainCommand(DAY, retrain)).exitCode());
        JobRun stale = run(trainCommand(nextDay, params));
        assertEquals(2, stale.exitCode(), stale::toString);
        assertTrue(stale.err().contains("the --init-model changed (" + first + " with model SHA-256 "
                + WarmStartTest.sha256(first.resolve("model.json"))), stale::toString);
        JobRun replaced = run(trainCommand(nextDay, retrain));
        assertEquals(0, replaced.exitCode(), replaced::toString);

        Map<String, Object> cold2 = new java.util.HashMap<>(retrain);
        cold2.put("warm_start", false);
        JobRun coldAgain = run(trainCommand(nextDay, cold2));
        assertEquals(0, coldAgain.exitCode(), coldAgain::toString);
        assertFalse(coldAgain.err().contains("--init-model"), coldAgain::toString);
        assertTrue(SavedModel.parse(Files.readString(second.resolve("model.json"))).get("config").get("init-model")
                .isNull());
    }
}
