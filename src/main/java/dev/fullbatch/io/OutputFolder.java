package dev.fullbatch.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What an output folder holds, as far as fullbatch may touch it: fullbatch deletes or replaces only a folder it can
 * prove it wrote.
 *
 * <p>The proof is the marker {@value #MARKER}, which a run writes into the folder before its first checkpoint and
 * into every folder it commits, naming the command that wrote it; or, for folders written before the marker
 * existed, a {@code model.json} in fullbatch's format, checkpoints in fullbatch's layout, or a complete
 * {@code predict} output. Every top-level entry must moreover be one fullbatch writes there (Hadoop's {@code .crc}
 * companions of them included). A folder that fails either test is {@link State#FOREIGN}: no option makes
 * fullbatch delete it.
 */
public final class OutputFolder {
    /** The marker file in every folder fullbatch writes. */
    public static final String MARKER = "_FULLBATCH";
    private static final String MARKER_FORMAT = "fullbatch-output/1";
    private static final int NAMED = 5;
    private static final Pattern CHECKPOINT = Pattern.compile("\\.?ckpt-\\d{8}(\\.tmp)?");

    /** What kind of folder a command writes. */
    public enum Kind {
        /** A model directory, written by {@code train}. */
        MODEL("train", "a model", Set.of("model.json", "history.csv", "metrics.json", "training.svg",
                "coefficients.csv", "report.html", "statistics.csv", "path.csv", "path-coefficients.csv", "path.svg",
                "bad-records.txt", EncodingFile.NAME, ModelDirectory.SUCCESS, CheckpointStore.FOLDER, MARKER)),
        /** Predictions, written by {@code predict}. */
        PREDICTIONS("predict", "predictions", Set.of("predictions", "metrics.json", "bad-records.txt",
                ModelDirectory.SUCCESS, MARKER));

        private final String command;
        private final String noun;
        private final Set<String> entries;

        Kind(String command, String noun, Set<String> entries) {
            this.command = command;
            this.noun = noun;
            this.entries = entries;
        }

        /** The subcommand that writes this kind. */
        public String command() {
            return command;
        }

        /** "a model", "predictions". */
        public String noun() {
            return noun;
        }

        /** The top-level names it writes. */
        public Set<String> entries() {
            return entries;
        }
    }

    /** The states of an output folder. */
    public enum State {
        /** Nothing there. */
        ABSENT,
        /** An empty folder. */
        EMPTY,
        /** A complete folder of this kind ({@code _SUCCESS}). */
        COMPLETE,
        /** An unfinished run of this kind (its marker or checkpoints, no {@code _SUCCESS}). */
        UNFINISHED,
        /** A folder fullbatch wrote for another command (predictions where a model goes, or the reverse). */
        OTHER_KIND,
        /** Anything else: fullbatch did not write it, and never deletes it. */
        FOREIGN
    }

    /**
     * The result of an inspection.
     *
     * @param state the state
     * @param entries a few top-level entries fullbatch did not write (FOREIGN), else empty
     * @param reason for FOREIGN and OTHER_KIND, why, as a phrase; else empty
     */
    public record Inspection(State state, List<String> entries, String reason) {
        /** Copies. */
        public Inspection {
            entries = List.copyOf(entries);
        }
    }

    private OutputFolder() {
    }

    /** Inspects {@code folder} for a command writing {@code kind}. */
    public static Inspection inspect(FileSystem fs, Path folder, Kind kind) throws IOException {
        FileStatus[] listed;
        try {
            if (!fs.getFileStatus(folder).isDirectory()) {
                return new Inspection(State.FOREIGN, List.of(folder.getName()), "it is a file");
            }
            listed = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            return new Inspection(State.ABSENT, List.of(), "");
        }
        if (listed.length == 0) {
            return new Inspection(State.EMPTY, List.of(), "");
        }
        Set<String> names = new TreeSet<>();
        for (FileStatus s : listed) {
            names.add(s.getPath().getName());
        }
        String markerKind = markerCommand(fs, folder, names);
        if (markerKind != null && !markerKind.equals(kind.command())) {
            return new Inspection(State.OTHER_KIND, List.of(), "it holds the output of fullbatch " + markerKind);
        }
        List<String> foreign = new ArrayList<>();
        for (String n : names) {
            if (!writtenBy(kind, n)) {
                foreign.add(n);
            }
        }
        if (!foreign.isEmpty()) {
            Kind other = kind == Kind.MODEL ? Kind.PREDICTIONS : Kind.MODEL;
            if (markerKind == null && foreign.stream().allMatch(n -> writtenBy(other, n))
                    && legacyProof(fs, folder, other, names)) {
                return new Inspection(State.OTHER_KIND, List.of(), "it holds the output of fullbatch "
                        + other.command());
            }
            return new Inspection(State.FOREIGN, foreign.subList(0, Math.min(NAMED, foreign.size())),
                    foreign.size() > NAMED ? (foreign.size() - NAMED) + " more entries fullbatch did not write" : "");
        }
        if (markerKind == null && !legacyProof(fs, folder, kind, names)) {
            return new Inspection(State.FOREIGN, new ArrayList<>(names).subList(0, Math.min(NAMED, names.size())),
                    "it has no " + MARKER + " marker, so fullbatch cannot tell that it wrote these");
        }
        return new Inspection(names.contains(ModelDirectory.SUCCESS) ? State.COMPLETE : State.UNFINISHED,
                List.of(), "");
    }

    /** Whether {@code name} is a top-level entry a run of {@code kind} writes (or Hadoop's checksum of one). */
    static boolean writtenBy(Kind kind, String name) {
        if (kind.entries().contains(name)) {
            return true;
        }
        return name.startsWith(".") && name.endsWith(".crc")
                && kind.entries().contains(name.substring(1, name.length() - ".crc".length()));
    }

    /** The command named by the folder's marker, or null when there is none (or it is not fullbatch's). */
    private static String markerCommand(FileSystem fs, Path folder, Set<String> names) {
        if (!names.contains(MARKER)) {
            return null;
        }
        try (InputStream in = fs.open(new Path(folder, MARKER))) {
            var node = SavedModel.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (node != null && MARKER_FORMAT.equals(node.path("format").asText())) {
                return node.path("command").asText();
            }
        } catch (IOException | RuntimeException e) {
            // Not a marker fullbatch wrote.
        }
        return null;
    }

    /** Evidence in folders written before the marker existed. */
    private static boolean legacyProof(FileSystem fs, Path folder, Kind kind, Set<String> names) {
        try {
            if (kind == Kind.PREDICTIONS) {
                return names.contains(ModelDirectory.SUCCESS) && names.contains("metrics.json")
                        && names.contains("predictions");
            }
            if (names.contains("model.json")) {
                try (InputStream in = fs.open(new Path(folder, "model.json"))) {
                    var node = SavedModel.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    if (node != null && SavedModel.FORMAT.equals(node.path("format").asText())) {
                        return true;
                    }
                }
            }
            if (names.contains(CheckpointStore.FOLDER)) {
                FileStatus[] checkpoints = fs.listStatus(new Path(folder, CheckpointStore.FOLDER));
                for (FileStatus c : checkpoints) {
                    if (!CHECKPOINT.matcher(c.getPath().getName()).matches()) {
                        return false;
                    }
                }
                return checkpoints.length > 0;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The marker's content for a command writing {@code kind}. */
    public static String marker(Kind kind) {
        return "{\"format\": \"" + MARKER_FORMAT + "\", \"command\": \"" + kind.command() + "\"}\n";
    }

    /** Creates {@code folder} if needed and writes the marker into it, unless it is there. */
    public static void mark(FileSystem fs, Path folder, Kind kind) throws IOException {
        Path marker = new Path(folder, MARKER);
        if (fs.exists(marker)) {
            return;
        }
        fs.mkdirs(folder);
        try (OutputStream out = fs.create(marker, true)) {
            out.write(marker(kind).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** "a, b and 3 more entries fullbatch did not write". */
    public static String describe(Inspection i) {
        String names = String.join(", ", i.entries());
        return i.reason().isEmpty() ? names : names.isEmpty() ? i.reason() : names + "; " + i.reason();
    }
}
