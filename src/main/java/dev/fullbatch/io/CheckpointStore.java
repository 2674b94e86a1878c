package dev.fullbatch.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.StopReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints of a run under {@code <output>/_checkpoint/}, on any Hadoop file system.
 *
 * <p>Layout: one folder per checkpoint, {@code ckpt-NNNNNNNN} (the iteration, zero-padded), holding
 * {@code state.json} (format {@code fullbatch-checkpoint/1}: the optimizer state with every vector and scalar of
 * its memory, numbers in round-trip form; the configuration and the data fingerprint it belongs to),
 * {@code history.csv} (as in the model directory) and {@code _COMPLETE}, written last. The checkpoint written when
 * training ends also records why it stopped, so a run that crashes while committing its model is finished by
 * {@code --resume} without another iteration. A checkpoint is written
 * into a hidden temporary folder and renamed into place, so a reader never sees a half-written one; only folders
 * with {@code _COMPLETE} count. The newest two are kept. Plain JSON and CSV, never Java serialization.
 */
public final class CheckpointStore {
    /** Folder name under the output directory. */
    public static final String FOLDER = "_checkpoint";
    private static final String FORMAT = "fullbatch-checkpoint/1";
    private static final String COMPLETE = "_COMPLETE";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path root;
    private final int keep;
    private final long retryDelayMillis;

    /**
     * @param outputUri the model directory the checkpoints belong to
     * @param conf Hadoop configuration
     * @param keep how many complete checkpoints to keep, at least 1
     */
    public CheckpointStore(String outputUri, Configuration conf, int keep) throws IOException {
        this(outputUri, conf, keep, 500);
    }

    /** As above, waiting {@code retryDelayMillis} (doubling) between attempts to read a checkpoint. */
    CheckpointStore(String outputUri, Configuration conf, int keep, long retryDelayMillis) throws IOException {
        this.retryDelayMillis = retryDelayMillis;
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        }
        Path out = new Path(outputUri);
        this.fs = out.getFileSystem(conf);
        this.root = new Path(out, FOLDER);
        this.keep = keep;
    }

    /** Writes a checkpoint atomically and drops all but the newest {@code keep}. */
    public void save(Checkpoint c) throws IOException {
        String name = String.format(java.util.Locale.ROOT, "ckpt-%08d", c.state().iteration());
        Path tmp = new Path(root, "." + name + ".tmp");
        Path dst = new Path(root, name);
        if (fs.exists(tmp)) {
            fs.delete(tmp, true);
        }
        fs.mkdirs(tmp);
        write(new Path(tmp, "state.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(c)));
        write(new Path(tmp, "history.csv"), HistoryCsv.format(c.history()));
        write(new Path(tmp, COMPLETE), "");
        if (fs.exists(dst)) {
            fs.delete(dst, true);
        }
        if (!fs.rename(tmp, dst)) {
            throw new IOException("cannot rename " + tmp + " to " + dst);
        }
        List<Path> all = complete();
        for (int i = 0; i + keep < all.size(); i++) {
            fs.delete(all.get(i), true);
        }
    }

    /** The newest complete, readable checkpoint, if any (rejections are dropped: see {@link #latest(Consumer)}). */
    public Optional<Checkpoint> latest() throws IOException {
        return latest(message -> { }).checkpoint();
    }

    /**
     * What {@link #latest(Consumer)} found.
     *
     * @param checkpoint the newest readable checkpoint, if any
     * @param rejected the newer ones that could not be read, newest first, each as "ckpt-N: reason"
     */
    public record Latest(Optional<Checkpoint> checkpoint, List<String> rejected) {
        /** Copies. */
        public Latest {
            rejected = List.copyOf(rejected);
        }
    }

    /** A checkpoint could not be read, even after retries: the file system failed, not the checkpoint. */
    public static final class ReadFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ReadFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The newest complete checkpoint that reads back. A damaged one (its JSON or CSV cannot be parsed, a file is
     * missing, the format is not fullbatch's) is rejected, reported through {@code log} with the reason, and the
     * one before it is tried. A read that fails for another reason (the file system: a lost connection, a missing
     * block) is retried {@value #READ_ATTEMPTS} times in all, then fails with the reason: never a silent fallback
     * to an older checkpoint or a fresh start.
     *
     * @throws ReadFailure when the file system keeps failing
     */
    public Latest latest(Consumer<String> log) throws IOException {
        List<Path> all = complete();
        List<String> rejected = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path dir = all.get(i);
            try {
                return new Latest(Optional.of(readWithRetries(dir)), rejected);
            } catch (Damaged e) {
                String reason = dir.getName() + ": " + e.getMessage();
                rejected.add(reason);
                log.accept("checkpoint " + dir + " is damaged and is not used: " + e.getMessage()
                        + (i > 0 ? "; trying the one before it" : ""));
            }
        }
        return new Latest(Optional.empty(), rejected);
    }

    /** Reads attempted per checkpoint before a file system failure is reported. */
    static final int READ_ATTEMPTS = 3;

    /** The checkpoint's own content is unusable; retrying cannot help. */
    private static final class Damaged extends Exception {
        private static final long serialVersionUID = 1L;

        Damaged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Checkpoint readWithRetries(Path dir) throws Damaged, ReadFailure {
        IOException last = null;
        for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
            try {
                return read(dir);
            } catch (com.fasterxml.jackson.core.JacksonException | java.io.FileNotFoundException
                     | NotACheckpoint e) {
                throw new Damaged(e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst()
                        .orElse(e.toString()), e);
            } catch (IOException e) {
                last = e;
                if (attempt < READ_ATTEMPTS) {
                    sleep(retryDelayMillis << (attempt - 1));
                }
            } catch (RuntimeException e) {
                throw new Damaged("unexpected content (" + e + ")", e);
            }
        }
        throw new ReadFailure("cannot read the checkpoint " + dir + " after " + READ_ATTEMPTS + " attempts: " + last
                + ". The file system failed, not the checkpoint; rerun with --resume when it is back", last);
    }

    /** A checkpoint's content is not fullbatch's format. */
    private static final class NotACheckpoint extends IOException {
        private static final long serialVersionUID = 1L;

        NotACheckpoint(String message) {
            super(message);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes every checkpoint (of a run that {@code --overwrite} discards). */
    public void clear() throws IOException {
        if (fs.exists(root)) {
            fs.delete(root, true);
        }
    }

    /** Complete checkpoint folders, oldest first. */
    public List<Path> complete() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!fs.exists(root)) {
            return out;
        }
        for (FileStatus s : fs.listStatus(root)) {
            String n = s.getPath().getName();
            if (s.isDirectory() && n.startsWith("ckpt-") && fs.exists(new Path(s.getPath(), COMPLETE))) {
                out.add(s.getPath());
            }
        }
        out.sort((a, b) -> a.getName().compareTo(b.getName()));
        return out;
    }

    private Checkpoint read(Path dir) throws IOException {
        JsonNode root = JSON.readTree(readText(new Path(dir, "state.json")));
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new NotACheckpoint("state.json is not a " + FORMAT + " checkpoint");
        }
        JsonNode s = root.get("optimizer");
        Map<String, double[]> vectors = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.get("vectors").properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            vectors.put(e.getKey(), NumberText.values(e.getValue()));
        }
        Map<String, Double> scalars = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.get("scalars").properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            scalars.put(e.getKey(), NumberText.value(e.getValue()));
        }
        OptimizerState state = new OptimizerState(s.get("method").asText(), s.get("iteration").asInt(),
                NumberText.values(s.get("x")), NumberText.value(s.get("value")),
                NumberText.values(s.get("gradient")), NumberText.value(s.get("gradNorm")),
                NumberText.value(s.get("stepSize")), s.get("gradientPasses").asLong(),
                s.get("valuePasses").asLong(), vectors, scalars);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = JSON.convertValue(root.get("config"), LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = JSON.convertValue(root.get("data"), LinkedHashMap.class);
        JsonNode stop = root.get("stop");
        StopReason reason = stop == null || stop.isNull() ? null : new StopReason(stop.get("code").asText(),
                stop.get("converged").asBoolean(), stop.get("message").asText());
        JsonNode best = root.get("best");
        Checkpoint.BestIterate kept = best == null || best.isNull() ? null : new Checkpoint.BestIterate(
                best.get("iteration").asInt(), NumberText.values(best.get("x")), NumberText.value(best.get("value")));
        List<dev.fullbatch.train.HistoryRow> history = HistoryCsv.parse(readText(new Path(dir, "history.csv")));
        if (history.size() != state.iteration()) {
            throw new NotACheckpoint("history.csv has " + history.size() + " rows for iteration " + state.iteration());
        }
        return new Checkpoint(state, history, config, data, reason, kept);
    }

    /**
     * A map as it reads back from a checkpoint (numbers and lists in JSON's types), so that a configuration or
     * fingerprint can be compared with a saved one by {@code equals}.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> normalized(Map<String, Object> map) {
        try {
            // Through text, exactly as a checkpoint is read back (JSON decides Integer or Long by size).
            return JSON.readValue(JSON.writeValueAsString(map), LinkedHashMap.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot normalize " + map, e);
        }
    }

    private static ObjectNode toJson(Checkpoint c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        OptimizerState st = c.state();
        ObjectNode s = root.putObject("optimizer");
        s.put("method", st.method());
        s.put("iteration", st.iteration());
        s.set("x", NumberText.array(st.x()));
        s.set("value", NumberText.node(st.value()));
        s.set("gradient", NumberText.array(st.gradient()));
        s.set("gradNorm", NumberText.node(st.gradNorm()));
        s.set("stepSize", NumberText.node(st.stepSize()));
        s.put("gradientPasses", st.gradientPasses());
        s.put("valuePasses", st.valuePasses());
        ObjectNode vectors = s.putObject("vectors");
        for (Map.Entry<String, double[]> e : st.vectors().entrySet()) {
            vectors.set(e.getKey(), NumberText.array(e.getValue()));
        }
        ObjectNode scalars = s.putObject("scalars");
        for (Map.Entry<String, Double> e : st.scalars().entrySet()) {
            scalars.set(e.getKey(), NumberText.node(e.getValue()));
        }
        root.set("config", JSON.valueToTree(c.config()));
        root.set("data", JSON.valueToTree(c.data()));
        if (c.stop() != null) {
            ObjectNode stop = root.putObject("stop");
            stop.put("code", c.stop().code());
            stop.put("converged", c.stop().converged());
            stop.put("message", c.stop().message());
        }
        if (c.best() != null) {
            ObjectNode best = root.putObject("best");
            best.put("iteration", c.best().iteration());
            best.set("x", NumberText.array(c.best().x()));
            best.set("value", NumberText.node(c.best().value()));
        }
        return root;
    }

    private void write(Path file, String text) throws IOException {
        try (OutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String readText(Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
