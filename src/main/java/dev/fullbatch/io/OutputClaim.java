package dev.fullbatch.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An exclusive claim of an output folder for the whole life of one run, so that two runs never write the same
 * folder.
 *
 * <p><b>Files.</b> Claims are small JSON files beside the folder, in its parent: {@code .NAME.fullbatch-claim-N}
 * for a folder {@code NAME}, holding the run's host, process id, process start, start time, command and a random
 * token. Beside the folder, not in it, because the model commit swaps the folder itself. The current claim is
 * the one with the largest {@code N}.
 *
 * <p><b>Acquiring.</b> A run lists the claims. If the newest is live, it stops ({@link HeldException}, naming the
 * holder). Otherwise it creates claim {@code N+1} (1 when there is none) with an atomic create-if-absent
 * ({@link ExclusiveFiles}); of two runs that try at once, one creates it, and the other lists again and finds it
 * live. So one claim is live at a time, and a second run exits instead of writing.
 *
 * <p><b>Stale claims.</b> A claim is stale, and may be taken over by the next run, when
 * <ul>
 *   <li>it was made on this host and its process is gone (no process with that id, or one that started at
 *       another time: the id was reused), or
 *   <li>its heartbeat is older than {@link #EXPIRY}: the holder rewrites its claim every {@link #HEARTBEAT}, which
 *       renews the file's modification time on every file system (HDFS, S3, local).
 * </ul>
 * A run killed with SIGKILL thus blocks nothing on its own host, and nothing anywhere after ten minutes.
 *
 * <p><b>Holding.</b> {@link #verify()} checks that the claim is still this run's (its file is there with this
 * run's token and no newer claim exists), before every checkpoint and before the commit: a run that lost its
 * claim (paused for longer than the expiry, and taken over) stops without writing. {@link #close()} stops the
 * heartbeat and deletes the claim, and the empty parent folders acquiring created.
 */
public final class OutputClaim implements AutoCloseable {
    /** How often the holder renews its claim. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** A claim not renewed for this long is stale. */
    public static final Duration EXPIRY = Duration.ofMinutes(10);
    private static final String FORMAT = "fullbatch-claim/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 20;

    /**
     * Who holds (or held) a claim.
     *
     * @param file the claim's file name
     * @param sequence its N
     * @param command the subcommand, e.g. "train"
     * @param host the host name of the run
     * @param pid its process id
     * @param processStart when its process started (epoch ms; 0 when unknown), to tell a reused id
     * @param started when it took the claim
     * @param token random, unique to the claim
     * @param heartbeat when the claim file was last written (the file system's clock)
     */
    public record Holder(String file, long sequence, String command, String host, long pid, long processStart,
                         Instant started, String token, Instant heartbeat) {

        /** "train on host h, process 123, started 2024-05-01T10:00:00Z". */
        public String describe() {
            return command + " on host " + host + ", process " + pid + ", started " + started;
        }
    }

    /** The folder is claimed by a live run. */
    public static final class HeldException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Holder holder;

        HeldException(String message, Holder holder) {
            super(message);
            this.holder = holder;
        }

        /** The live holder. */
        public Holder holder() {
            return holder;
        }
    }

    /** The run lost its claim to another run, which judged it stale. */
    public static final class LostException extends IOException {
        private static final long serialVersionUID = 1L;

        LostException(String message) {
            super(message);
        }
    }

    /** What this process is: host, pid, process start. */
    record Self(String host, long pid, long processStart) {
        static Self current() {
            ProcessHandle me = ProcessHandle.current();
            return new Self(hostName(), me.pid(), me.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
        }
    }

    private final ExclusiveFiles files;
    private final String display;
    private final Holder mine;
    private final List<Path> createdFolders;
    private final FileSystem fs;
    private final ScheduledExecutorService heartbeat;
    private final Consumer<String> log;
    private volatile String heartbeatFailure;

    private OutputClaim(ExclusiveFiles files, String display, Holder mine, FileSystem fs, List<Path> createdFolders,
                        Consumer<String> log, boolean beat) {
        this.files = files;
        this.display = display;
        this.mine = mine;
        this.fs = fs;
        this.createdFolders = createdFolders;
        this.log = log;
        if (beat) {
            this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fullbatch claim heartbeat " + mine.file());
                t.setDaemon(true);
                return t;
            });
            long every = HEARTBEAT.toMillis();
            heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        } else {
            this.heartbeat = null;
        }
    }

    /**
     * Claims {@code folder} for {@code command}, taking over a stale claim (saying so through {@code log}).
     *
     * @throws HeldException when a live run holds it
     */
    public static OutputClaim acquire(FileSystem fs, Path folder, String command, Consumer<String> log)
            throws IOException {
        return acquire(fs, folder, command, log, Self.current(), true);
    }

    static OutputClaim acquire(FileSystem fs, Path folder, String command, Consumer<String> log, Self self,
                               boolean beat) throws IOException {
        Path qualified = fs.makeQualified(folder);
        Path parent = qualified.getParent();
        if (parent == null) {
            throw new IOException("cannot claim the root folder " + qualified + "; give a folder below it");
        }
        List<Path> created = new ArrayList<>();
        for (Path p = parent; p != null && !fs.exists(p); p = p.getParent()) {
            created.add(p);
        }
        if (!created.isEmpty()) {
            fs.mkdirs(parent);
        }
        ExclusiveFiles files = new ExclusiveFiles(fs, parent);
        String prefix = prefix(qualified);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Holder> newest = newest(files, prefix);
            long next = 1;
            if (newest.isPresent()) {
                Holder h = newest.get();
                Optional<String> stale = whyStale(h, self, Instant.now());
                if (stale.isEmpty()) {
                    removeCreated(fs, created);
                    throw new HeldException(heldMessage(qualified, h), h);
                }
                next = h.sequence() + 1;
                log.accept("taking over the claim on " + qualified + " of a run that is gone (" + h.describe()
                        + "): " + stale.get());
            }
            Instant now = Instant.now();
            String token = UUID.randomUUID().toString();
            String name = prefix + next;
            Holder mine = new Holder(name, next, command, self.host(), self.pid(), self.processStart(), now, token,
                    now);
            if (files.createIfAbsent(name, content(mine, qualified))) {
                OutputClaim claim = new OutputClaim(files, qualified.toString(), mine, fs, created, log, beat);
                claim.dropOlder(prefix);
                return claim;
            }
            // Another run created claim `next` first: list again, and find it live.
            sleepQuietly(50L * (attempt + 1));
        }
        removeCreated(fs, created);
        throw new IOException("could not claim " + qualified + " after " + ATTEMPTS + " attempts: other runs keep "
                + "claiming it");
    }

    /** This run's claim. */
    public Holder holder() {
        return mine;
    }

    /** How the claim's create-if-absent is atomic on this file system. */
    public String atomicity() {
        return files.atomicity();
    }

    /**
     * Checks that the claim is still this run's.
     *
     * @throws LostException naming the run that took it over
     */
    public void verify() throws IOException {
        String prefix = mine.file().substring(0, mine.file().length() - Long.toString(mine.sequence()).length());
        Optional<Holder> newest = newest(files, prefix);
        if (newest.isEmpty() || !newest.get().token().equals(mine.token())) {
            throw new LostException("this run lost its claim on " + display + (newest.isPresent()
                    ? " to another run (" + newest.get().describe() + "), which judged it stale" : " (its claim file "
                    + mine.file() + " was removed)") + (heartbeatFailure != null ? "; renewing it had failed: "
                    + heartbeatFailure : "") + ". This run stops without writing; the other run owns the folder now");
        }
    }

    private void beat() {
        try {
            files.replace(mine.file(), content(mine, null));
            heartbeatFailure = null;
        } catch (IOException | RuntimeException e) {
            if (heartbeatFailure == null) {
                log.accept("warning: cannot renew the claim " + mine.file() + " on " + display + ": " + e
                        + " (retrying every " + HEARTBEAT.toSeconds() + " s)");
            }
            heartbeatFailure = e.toString();
        }
    }

    /** Stops the heartbeat, deletes the claim and the empty folders {@link #acquire} created. */
    @Override
    public void close() throws IOException {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            try {
                heartbeat.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Optional<byte[]> current = files.read(mine.file());
        if (current.isPresent() && mine.token().equals(parse(mine.file(), current.get(), 0).map(Holder::token)
                .orElse(null))) {
            files.delete(mine.file());
        }
        removeCreated(fs, createdFolders);
    }

    private void dropOlder(String prefix) throws IOException {
        for (ExclusiveFiles.Entry e : files.list(prefix)) {
            long n = sequence(e.name(), prefix);
            if (n > 0 && n < mine.sequence()) {
                files.delete(e.name());
            }
        }
    }

    /** Removes folders acquiring created, deepest first, while they are empty (never a non-empty one). */
    private static void removeCreated(FileSystem fs, List<Path> created) {
        for (Path p : created) {
            try {
                if (fs.exists(p) && fs.listStatus(p).length == 0) {
                    fs.delete(p, false);
                }
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    static String prefix(Path qualifiedFolder) {
        return "." + qualifiedFolder.getName() + ".fullbatch-claim-";
    }

    private static long sequence(String name, String prefix) {
        if (!name.startsWith(prefix)) {
            return -1;
        }
        String digits = name.substring(prefix.length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    /** The claim with the largest sequence number, if any. */
    static Optional<Holder> newest(ExclusiveFiles files, String prefix) throws IOException {
        List<ExclusiveFiles.Entry> claims = new ArrayList<>();
        for (ExclusiveFiles.Entry e : files.list(prefix)) {
            if (sequence(e.name(), prefix) > 0) {
                claims.add(e);
            }
        }
        claims.sort(Comparator.comparingLong((ExclusiveFiles.Entry e) -> sequence(e.name(), prefix)).reversed());
        for (ExclusiveFiles.Entry e : claims) {
            Optional<byte[]> bytes = files.read(e.name());
            for (int tries = 0; bytes.isPresent() && bytes.get().length == 0 && tries < 20; tries++) {
                // Being written (HDFS shows a file before its content is closed): wait for the content.
                sleepQuietly(100);
                bytes = files.read(e.name());
            }
            if (bytes.isEmpty()) {
                continue; // deleted since it was listed
            }
            Optional<Holder> h = parse(e.name(), bytes.get(), e.modificationTime());
            return Optional.of(h.orElseGet(() -> unreadable(e, prefix)));
        }
        return Optional.empty();
    }

    /** A claim file that cannot be read: live until its heartbeat expires, as nothing else is known of it. */
    private static Holder unreadable(ExclusiveFiles.Entry e, String prefix) {
        Instant t = Instant.ofEpochMilli(e.modificationTime());
        return new Holder(e.name(), sequence(e.name(), prefix), "an unknown command", "an unknown host", -1, 0, t,
                "unreadable:" + e.name(), t);
    }

    /**
     * Why a claim is stale, or empty when it is live.
     *
     * @param now the current time
     */
    static Optional<String> whyStale(Holder h, Self self, Instant now) {
        if (h.host().equals(self.host()) && h.pid() > 0) {
            Optional<ProcessHandle> p = ProcessHandle.of(h.pid());
            if (p.isEmpty() || !p.get().isAlive()) {
                return Optional.of("no process " + h.pid() + " runs on this host");
            }
            long start = p.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            if (h.processStart() > 0 && start > 0 && Math.abs(start - h.processStart()) > 2000) {
                return Optional.of("process " + h.pid() + " on this host is another program, started at "
                        + Instant.ofEpochMilli(start));
            }
        }
        Duration silent = Duration.between(h.heartbeat(), now);
        if (silent.compareTo(EXPIRY) > 0) {
            return Optional.of("its last heartbeat was " + minutes(silent) + " ago (a claim expires after "
                    + EXPIRY.toMinutes() + " minutes without one)");
        }
        return Optional.empty();
    }

    private static String heldMessage(Path folder, Holder h) {
        Duration silent = Duration.between(h.heartbeat(), Instant.now());
        return "output " + folder + " is in use by another fullbatch run: " + h.describe() + "; its claim "
                + h.file() + " was renewed " + Math.max(0, silent.toSeconds()) + " s ago. Wait for that run to "
                + "finish (or stop it); a claim left by a killed run is taken over once its process is gone (same "
                + "host) or after " + EXPIRY.toMinutes() + " minutes without a heartbeat";
    }

    private static String minutes(Duration d) {
        return String.format(Locale.ROOT, "%.1f minutes", d.toMillis() / 60000.0);
    }

    private static byte[] content(Holder h, Path folder) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        if (folder != null) {
            n.put("folder", folder.toString());
        }
        n.put("command", h.command());
        n.put("host", h.host());
        n.put("pid", h.pid());
        n.put("processStart", h.processStart());
        n.put("started", h.started().toString());
        n.put("token", h.token());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n).concat("\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a claim", e);
        }
    }

    private static Optional<Holder> parse(String name, byte[] bytes, long modificationTime) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !FORMAT.equals(n.path("format").asText())) {
                return Optional.empty();
            }
            String digits = name.substring(name.lastIndexOf('-') + 1);
            return Optional.of(new Holder(name, Long.parseLong(digits), n.path("command").asText("?"),
                    n.path("host").asText("?"), n.path("pid").asLong(-1), n.path("processStart").asLong(0),
                    Instant.parse(n.path("started").asText()), n.path("token").asText(),
                    Instant.ofEpochMilli(modificationTime)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown-host" : env;
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
