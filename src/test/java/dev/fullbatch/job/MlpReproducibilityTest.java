package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.io.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network's trained weights are the same bits for 1, 3 and 16 partitions and for {@code local[1]} and
 * {@code local[2]}: each master gets its own session, started and stopped here in turn.
 */
class MlpReproducibilityTest {

    @TempDir
    Path dir;

    private static SparkSession session(String master) {
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        SparkSession s = SparkSession.builder().master(master).appName("fullbatch-mlp-bits")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        s.sparkContext().setLogLevel("ERROR");
        return s;
    }

    /** The bits that must not change: every weight and bias, the objective, and the history's numeric columns. */
    private static List<String> fingerprint(Path model) throws Exception {
        SavedModel saved = SavedModel.fromJson(Files.readString(model.resolve("model.json")), model.toString());
        List<String> bits = new ArrayList<>();
        for (double v : saved.weights()) {
            bits.add(Long.toHexString(Double.doubleToRawLongBits(v)));
        }
        for (double v : saved.intercept()) {
            bits.add(Long.toHexString(Double.doubleToRawLongBits(v)));
        }
        bits.add("objective " + Double.doubleToRawLongBits(saved.objectiveValue()));
        for (String line : Files.readAllLines(model.resolve("history.csv"))) {
            String[] f = line.split(",");
            bits.add(f[0] + "," + f[1] + "," + f[2]);
        }
        return bits;
    }

    private JobRun train(Path data, Path out, int partitions) {
        // Tiny blocks (1 KiB of text, about 30 rows each) so that 16 partitions really split the data.
        return JobRun.of("train", "--data", data.toString(), "--objective", "logistic", "--model", "mlp", "--hidden",
                "8,6", "--activation", "relu", "--optimizer", "lbfgs", "--max-iter", "12", "--block-size", "1024",
                "--partitions", Integer.toString(partitions), "--output", out.toString());
    }

    @Test
    void weightsAreBitIdenticalAcrossPartitionCountsAndLocalThreadCounts() throws Exception {
        Path data = dir.resolve("circles");
        List<String> reference = null;
        int runs = 0;
        SparkSession one = session("local[1]");
        try {
            JobRun gen = JobRun.of("generate", "--task", "circles", "--rows", "700", "--seed", "5", "--partitions",
                    "3", "--output", data.toString());
            assertEquals(0, gen.exitCode(), gen::toString);
            for (int partitions : new int[] {1, 3, 16}) {
                Path out = dir.resolve("local1-p" + partitions);
                JobRun run = train(data, out, partitions);
                assertEquals(0, run.exitCode(), run::toString);
                List<String> bits = fingerprint(out);
                if (reference == null) {
                    reference = bits;
                } else {
                    assertEquals(reference, bits, "local[1] with " + partitions + " partitions");
                }
                runs++;
            }
        } finally {
            one.stop();
        }
        SparkSession two = session("local[2]");
        try {
            assertEquals("local[2]", two.sparkContext().master());
            for (int partitions : new int[] {16}) {
                Path out = dir.resolve("local2-p" + partitions);
                JobRun run = train(data, out, partitions);
                assertEquals(0, run.exitCode(), run::toString);
                assertEquals(reference, fingerprint(out), "local[2] with " + partitions + " partitions");
                runs++;
            }
        } finally {
            two.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
        assertEquals(4, runs);
        // 85 parameters, the objective, the history header and at least a few iterations.
        assertTrue(reference.size() >= 85 + 1 + 1 + 5, "weights and history were compared: " + reference);
    }
}
