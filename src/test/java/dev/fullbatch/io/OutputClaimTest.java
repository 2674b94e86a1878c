package dev.fullbatch.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One live claim per output folder; a claim left by a dead run is taken over; a lost claim is noticed. */
class OutputClaimTest {
    @TempDir
    Path dir;

    private final List<String> notes = new ArrayList<>();

    private static FileSystem fs() throws IOException {
        return FileSystem.getLocal(new Configuration());
    }

    private org.apache.hadoop.fs.Path out() {
        return new org.apache.hadoop.fs.Path(dir.resolve("model").toUri());
    }

    private OutputClaim acquire(OutputClaim.Self self) throws IOException {
        return OutputClaim.acquire(fs(), out(), "train", notes::add, self, false);
    }

    private static OutputClaim.Self me() {
        return OutputClaim.Self.current();
    }

    private List<String> claimFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains("fullbatch-claim")).sorted()
                    .toList();
        }
    }

    /** Writes a claim file as another run would have. */
    private void foreignClaim(int sequence, String host, long pid, long processStart, Instant heartbeat)
            throws IOException {
        Path f = dir.resolve(".model.fullbatch-claim-" + sequence);
        Files.writeString(f, "{\"format\": \"fullbatch-claim/1\", \"command\": \"train\", \"host\": \"" + host
                + "\", \"pid\": " + pid + ", \"processStart\": " + processStart + ", \"started\": \"" + heartbeat
                + "\", \"token\": \"t" + sequence + "\"}\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(heartbeat));
    }

    @Test
    void aSecondClaimOnAHeldFolderIsRefusedNamingTheHolder() throws IOException {
        try (OutputClaim first = acquire(me())) {
            OutputClaim.HeldException e = assertThrows(OutputClaim.HeldException.class, () -> acquire(me()));
            assertTrue(e.getMessage().contains("is in use by another fullbatch run: train on host " + me().host()
                    + ", process " + ProcessHandle.current().pid() + ", started " + first.holder().started()),
                    e.getMessage());
            assertEquals(List.of(".model.fullbatch-claim-1"), claimFiles());
        }
        assertEquals(List.of(), claimFiles(), "closing removes the claim");
        try (OutputClaim again = acquire(me())) {
            assertEquals(1, again.holder().sequence());
        }
    }

    @Test
    void ofRunsClaimingTogetherExactlyOneWins() throws Exception {
        int runs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<OutputClaim>> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            results.add(pool.submit(() -> {
                go.await();
                try {
                    return acquire(me());
                } catch (OutputClaim.HeldException e) {
                    return null;
                }
            }));
        }
        go.countDown();
        List<OutputClaim> won = new ArrayList<>();
        for (Future<OutputClaim> f : results) {
            OutputClaim c = f.get(60, TimeUnit.SECONDS);
            if (c != null) {
                won.add(c);
            }
        }
        pool.shutdown();
        assertEquals(1, won.size(), "exactly one run holds the folder");
        won.get(0).verify();
        won.get(0).close();
    }

    @Test
    void aClaimOfAProcessThatIsGoneIsTakenOver() throws Exception {
        Process done = new ProcessBuilder("true").start();
        assertTrue(done.waitFor(30, TimeUnit.SECONDS));
        foreignClaim(4, me().host(), done.pid(), 1L, Instant.now());
        try (OutputClaim claim = acquire(me())) {
            assertEquals(5, claim.holder().sequence());
            assertEquals(List.of(".model.fullbatch-claim-5"), claimFiles(), "the stale claim is removed");
            assertTrue(notes.get(0).contains("taking over the claim") && notes.get(0).contains("no process "
                    + done.pid() + " runs on this host"), notes.toString());
        }
    }

    @Test
    void aClaimWhoseProcessIdWasReusedIsTakenOver() throws Exception {
        OutputClaim.Self self = me();
        // This very process, but the claim says it started a day earlier: another process had the id.
        foreignClaim(1, self.host(), self.pid(), self.processStart() - 86_400_000L, Instant.now());
        try (OutputClaim claim = acquire(self)) {
            assertEquals(2, claim.holder().sequence());
            assertTrue(notes.get(0).contains("is another program"), notes.toString());
        }
    }

    @Test
    void aClaimFromAnotherHostIsLiveUntilItsHeartbeatExpires() throws Exception {
        foreignClaim(1, "elsewhere.example", 4242, 1L, Instant.now().minusSeconds(60));
        OutputClaim.HeldException held = assertThrows(OutputClaim.HeldException.class, () -> acquire(me()));
        assertTrue(held.getMessage().contains("train on host elsewhere.example, process 4242"), held.getMessage());
        assertEquals("elsewhere.example", held.holder().host());

        foreignClaim(1, "elsewhere.example", 4242, 1L,
                Instant.now().minus(OutputClaim.EXPIRY).minusSeconds(60));
        try (OutputClaim claim = acquire(me())) {
            assertEquals(2, claim.holder().sequence());
            assertTrue(notes.get(0).contains("its last heartbeat was 11.0 minutes ago"), notes.toString());
        }
    }

    @Test
    void anUnreadableClaimCountsAsLiveUntilItExpires() throws Exception {
        Files.writeString(dir.resolve(".model.fullbatch-claim-1"), "not json");
        assertThrows(OutputClaim.HeldException.class, () -> acquire(me()));
        Files.setLastModifiedTime(dir.resolve(".model.fullbatch-claim-1"),
                FileTime.from(Instant.now().minus(OutputClaim.EXPIRY).minusSeconds(1)));
        try (OutputClaim claim = acquire(me())) {
            assertEquals(2, claim.holder().sequence());
        }
    }

    @Test
    void aRunThatLostItsClaimNoticesBeforeWriting() throws Exception {
        try (OutputClaim claim = acquire(me())) {
            claim.verify();
            // Another run judged this one stale and took over.
            foreignClaim(2, "elsewhere.example", 4242, 1L, Instant.now());
            OutputClaim.LostException lost = assertThrows(OutputClaim.LostException.class, claim::verify);
            assertTrue(lost.getMessage().contains("lost its claim") && lost.getMessage().contains("elsewhere"),
                    lost.getMessage());
        }
        assertEquals(List.of(".model.fullbatch-claim-2"), claimFiles(), "closing leaves the new holder's claim");
    }

    @Test
    void theHeartbeatRenewsTheClaim() throws Exception {
        try (OutputClaim claim = acquire(me())) {
            Path f = dir.resolve(claim.holder().file());
            FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
            Files.setLastModifiedTime(f, old);
            java.lang.reflect.Method beat = OutputClaim.class.getDeclaredMethod("beat");
            beat.setAccessible(true);
            beat.invoke(claim);
            assertTrue(Files.getLastModifiedTime(f).toInstant().isAfter(Instant.now().minusSeconds(60)));
            claim.verify();
        }
    }

    @Test
    void parentFoldersCreatedForTheClaimAreRemovedWhenEmpty() throws IOException {
        org.apache.hadoop.fs.Path nested = new org.apache.hadoop.fs.Path(dir.resolve("a/b/model").toUri());
        try (OutputClaim claim = OutputClaim.acquire(fs(), nested, "train", notes::add, me(), false)) {
            assertTrue(Files.exists(dir.resolve("a/b/.model.fullbatch-claim-1")));
        }
        assertFalse(Files.exists(dir.resolve("a")), "the folders the claim created are gone again");
    }
}
