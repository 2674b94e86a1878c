package dev.fullbatch.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fullbatch.io.Checkpoint;
import dev.fullbatch.io.CheckpointStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A path run's steps survive the checkpoint store's files bit for bit (what --resume of a path relies on). */
class PathCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void stepsComeBackFromTheCheckpointFilesWithTheirExactBits() throws Exception {
        PathRun.Step a = new PathRun.Step(0, new double[] {0.1, -1e-300, Math.PI, 0.0}, 1.0 / 3, 2.0 / 7, 17,
                "grad-tol", 0, 0, 0, 0);
        PathRun.Step b = new PathRun.Step(1, new double[] {Math.nextUp(0.1), -0.0, Math.E, 5e-324}, 0.1 + 0.2,
                Math.ulp(1.0), 3, "max-iter", 0, 0, 0, 0);
        PathRun.Step fold = new PathRun.Step(0, new double[] {1, 2, 3, 4}, 0.7, 0.6, 9, "tol", 1234.5678901234567,
                1623.0, 98765.4321, 1201.5);
        List<List<PathRun.Step>> steps = List.of(List.of(a, b), List.of(fold), List.of());
        CheckpointStore store = new CheckpointStore(dir.toUri().toString(), new Configuration(), 2);
        store.save(new Checkpoint(PathCheckpoint.of(steps), PathCheckpoint.history(steps), Map.of("reg-path", 50),
                Map.of(), null));
        List<String> rejected = new java.util.ArrayList<>();
        CheckpointStore.Latest latest = store.latest(rejected::add);
        assertEquals(List.of(), rejected);
        List<List<PathRun.Step>> back = PathCheckpoint.steps(latest.checkpoint().orElseThrow().state());
        assertEquals(3, back.size());
        for (int m = 0; m < steps.size(); m++) {
            assertEquals(steps.get(m).size(), back.get(m).size());
            for (int k = 0; k < steps.get(m).size(); k++) {
                PathRun.Step x = steps.get(m).get(k);
                PathRun.Step y = back.get(m).get(k);
                assertEquals(x.k(), y.k());
                assertArrayEquals(x.x(), y.x());
                assertEquals(Double.doubleToRawLongBits(x.objective()), Double.doubleToRawLongBits(y.objective()));
                assertEquals(Double.doubleToRawLongBits(x.meanLoss()), Double.doubleToRawLongBits(y.meanLoss()));
                assertEquals(x.iterations(), y.iterations());
                assertEquals(x.stop(), y.stop());
                assertEquals(x.heldOutLoss(), y.heldOutLoss());
                assertEquals(x.heldOutWeight(), y.heldOutWeight());
                assertEquals(x.heldOutSquaredError(), y.heldOutSquaredError());
                assertEquals(x.heldOutCorrect(), y.heldOutCorrect());
            }
        }
    }
}
