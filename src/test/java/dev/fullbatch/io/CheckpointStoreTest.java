package dev.fullbatch.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.train.HistoryRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged checkpoint is rejected loudly; a failing file system is retried, then reported; never silence. */
class CheckpointStoreTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private static Checkpoint checkpoint(int iteration) {
        List<HistoryRow> history = new ArrayList<>();
        for (int i = 1; i <= iteration; i++) {
            history.add(new HistoryRow(i, 1.0 / i, 0.5 / i, 1, 0.01, Map.of()));
        }
        OptimizerState state = new OptimizerState("gd", iteration, new double[] {iteration, 0.1}, 1.0 / iteration,
                new double[] {0.5, -0.25}, 0.5 / iteration, 1, iteration + 1, 0, Map.of(), Map.of());
        return new Checkpoint(state, history, Map.of("reg-l2", 0.1), Map.of("rows", 10), null,
                new Checkpoint.BestIterate(iteration - 1, new double[] {1.5, Math.PI}, 0.75));
    }

    private CheckpointStore store(Configuration conf, String scheme) throws IOException {
        return new CheckpointStore(scheme + dir.resolve("model"), conf, 2, 1);
    }

    @Test
    void theBestIterateRoundTripsBitForBit() throws IOException {
        CheckpointStore s = store(new Configuration(), "file://");
        s.save(checkpoint(3));
        Checkpoint back = s.latest(log::add).checkpoint().orElseThrow();
        assertEquals(2, back.best().iteration());
        assertArrayEquals(new double[] {1.5, Math.PI}, back.best().x());
        assertEquals(0.75, back.best().value());
    }

    @Test
    void aDamagedLatestCheckpointIsRejectedWithItsReasonAndTheOneBeforeIsUsed() throws IOException {
        CheckpointStore s = store(new Configuration(), "file://");
        s.save(checkpoint(3));
        s.save(checkpoint(6));
        Path state = dir.resolve("model/_checkpoint/ckpt-00000006/state.json");
        Files.writeString(state, Files.readString(state).substring(0, 100));
        Files.deleteIfExists(dir.resolve("model/_checkpoint/ckpt-00000006/.state.json.crc"));

        CheckpointStore.Latest latest = s.latest(log::add);
        assertEquals(3, latest.checkpoint().orElseThrow().state().iteration());
        assertEquals(1, latest.rejected().size());
        assertTrue(latest.rejected().get(0).startsWith("ckpt-00000006: "), latest.rejected().toString());
        assertEquals(1, log.size());
        assertTrue(log.get(0).contains("ckpt-00000006 is damaged and is not used: ")
                && log.get(0).contains("trying the one before it"), log.toString());

        Path history = dir.resolve("model/_checkpoint/ckpt-00000003/history.csv");
        Files.writeString(history, "iteration,objective\n1,oops\n");
        Files.deleteIfExists(dir.resolve("model/_checkpoint/ckpt-00000003/.history.csv.crc"));
        CheckpointStore.Latest none = s.latest(log::add);
        assertTrue(none.checkpoint().isEmpty());
        assertEquals(2, none.rejected().size(), "both rejections are reported, never a silent fresh start");
    }

    @Test
    void aTransientReadFailureIsRetried() throws IOException {
        store(new Configuration(), "file://").save(checkpoint(3));
        CheckpointStore flaky = store(FlakyFileSystem.configuration(CheckpointStore.READ_ATTEMPTS - 1), "flaky://");
        assertEquals(3, flaky.latest(log::add).checkpoint().orElseThrow().state().iteration());
        assertEquals(List.of(), log);
    }

    @Test
    void aReadFailureThatPersistsFailsWithTheReasonInsteadOfFallingBack() throws IOException {
        CheckpointStore local = store(new Configuration(), "file://");
        local.save(checkpoint(3));
        local.save(checkpoint(6));
        CheckpointStore flaky = store(FlakyFileSystem.configuration(CheckpointStore.READ_ATTEMPTS), "flaky://");
        CheckpointStore.ReadFailure e = assertThrows(CheckpointStore.ReadFailure.class, () -> flaky.latest(log::add));
        assertTrue(e.getMessage().contains("ckpt-00000006 after 3 attempts: java.io.IOException: simulated "
                + "transient failure"), e.getMessage());
        assertTrue(e.getMessage().contains("rerun with --resume when it is back"), e.getMessage());
    }
}
