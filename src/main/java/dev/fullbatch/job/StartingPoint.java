package dev.fullbatch.job;

import dev.fullbatch.input.InputFile;
import dev.fullbatch.input.InputListing;
import dev.fullbatch.io.Checkpoint;
import dev.fullbatch.io.CheckpointStore;
import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * Where a {@code train} run starts, decided from what its output folder holds and from {@code --overwrite} and
 * {@code --resume}, before any data is read:
 *
 * <table>
 *   <caption>the output folder's state against the options</caption>
 *   <tr><th>folder</th><th>neither</th><th>--overwrite</th><th>--resume</th></tr>
 *   <tr><td>absent or empty</td><td>fresh</td><td>fresh</td><td>fresh (said)</td></tr>
 *   <tr><td>complete model</td><td>exit 2</td><td>fresh; the old model is replaced at the commit</td>
 *       <td>nothing to do when options and data are unchanged, else exit 2 naming each difference</td></tr>
 *   <tr><td>unfinished run</td><td>exit 2</td><td>its checkpoints deleted, fresh</td>
 *       <td>from the newest readable checkpoint, if options and data are unchanged, else exit 2</td></tr>
 * </table>
 *
 * Folders fullbatch did not write were refused before ({@link ClaimedOutput}). The data is compared by its file
 * list (paths, sizes, modification times) here, and in full (rows, width, columns) once read
 * ({@link #checkLoaded}).
 *
 * @param nothingToDo the folder already holds the model asked for
 * @param checkpoint the checkpoint to continue from, or null to start fresh
 */
record StartingPoint(boolean nothingToDo, Checkpoint checkpoint) {

    /** Options that never change a model's bits (the cluster shape, where things go, checkpointing). */
    static final Set<String> SHAPE_OPTIONS = Set.of("partitions", "tree-depth", "storage-level", "output",
            "checkpoint-every", "checkpoint-interval");

    /**
     * Decides where the run starts.
     *
     * @throws UsageException when the folder holds a model or run that the options do not allow touching, or that
     *     was made with other options or data
     */
    static StartingPoint decide(ClaimedOutput output, TrainSettings s, CheckpointStore checkpoints,
                                Configuration conf, PrintWriter log) throws IOException {
        String where = s.output().output();
        switch (output.state()) {
            case COMPLETE -> {
                if (s.output().resume()) {
                    return completeModel(s, conf, log);
                }
                if (!s.output().overwrite()) {
                    throw new UsageException("output " + where + " already holds a complete model. Pass "
                            + "--overwrite to train a new one in its place (the old model stays intact until the "
                            + "new one is complete), or --resume to keep it if it was trained with these options and "
                            + "this data");
                }
                checkpoints.clear();
                return new StartingPoint(false, null);
            }
            case UNFINISHED -> {
                if (s.output().overwrite()) {
                    log.println("fullbatch: discarding the unfinished run in " + where + " (--overwrite)");
                    checkpoints.clear();
                    return new StartingPoint(false, null);
                }
                CheckpointStore.Latest latest = checkpoints.latest(m -> log.println("fullbatch: " + m));
                if (!s.output().resume()) {
                    throw new UsageException("output " + where + " holds an unfinished run"
                            + latest.checkpoint().map(c -> " (checkpoints up to iteration " + c.state().iteration()
                            + ")").orElse("") + ". Pass --resume to continue it with the same options and data, "
                            + "or --overwrite to discard it and start over");
                }
                if (latest.checkpoint().isEmpty()) {
                    if (!latest.rejected().isEmpty()) {
                        throw new UsageException("no checkpoint in " + where + "/" + CheckpointStore.FOLDER
                                + " can be read (" + String.join("; ", latest.rejected()) + "), so --resume cannot "
                                + "continue the run. Pass --overwrite to discard it and start over");
                    }
                    log.println("fullbatch: no checkpoint in " + where + "; starting fresh");
                    return new StartingPoint(false, null);
                }
                Checkpoint c = latest.checkpoint().get();
                List<String> changed = new ArrayList<>(DataFingerprint.optionDifferences(c.config(),
                        CheckpointStore.normalized(s.resultDefining()), Set.of()));
                changed.addAll(DataFingerprint.listingDifferences(c.data(), files(s.data().data(), conf),
                        s.data().validation() == null ? null : files(s.data().validation(), conf)));
                refuseChanges(c, changed, where);
                return new StartingPoint(false, c);
            }
            default -> {
                if (s.output().resume()) {
                    log.println("fullbatch: no checkpoint in " + where + "; starting fresh");
                }
                return new StartingPoint(false, null);
            }
        }
    }

    /** {@code --resume} on a complete model: nothing to do when it was trained with these options and data. */
    private static StartingPoint completeModel(TrainSettings s, Configuration conf, PrintWriter log)
            throws IOException {
        String where = s.output().output();
        SavedModel saved;
        try {
            saved = SavedModel.fromJson(new ModelDirectory(where, conf).read("model.json"), where + "/model.json");
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot compare the model in " + where + " with this run: " + e.getMessage()
                    + ". Pass --overwrite to train a new one in its place");
        }
        List<String> changed = new ArrayList<>(DataFingerprint.optionDifferences(saved.config(),
                CheckpointStore.normalized(s.toMap()), SHAPE_OPTIONS));
        List<InputFile> training = files(s.data().data(), conf);
        List<InputFile> validation = s.data().validation() == null ? null : files(s.data().validation(), conf);
        changed.addAll(DataFingerprint.listingDifferences(saved.data(), training, validation));
        changed.addAll(perFeatureFileChanges(saved.data(), s, conf));
        changed.addAll(initModelChanges(saved.data(), s, conf));
        if (!changed.isEmpty()) {
            throw new UsageException("output " + where + " holds a complete model trained with other options or "
                    + "data: " + String.join("; ", changed) + ". Pass --overwrite to train a new one in its place "
                    + "(the old model stays intact until the new one is complete), or choose another --output");
        }
        log.printf("fullbatch: %s already holds a complete model trained with these options and this data (%d "
                + "files, the same sizes and modification times); nothing to do (pass --overwrite to train it "
                + "again)%n", where, training.size());
        return new StartingPoint(true, null);
    }

    /**
     * Whether the {@code --init-model} (its path is an option, compared with the others) holds another model.json
     * than the complete model started from, or a model where there was none ({@code --init-model-optional}): a daily
     * warm start whose yesterday was retrained is not today's model any more.
     */
    private static List<String> initModelChanges(Map<String, Object> saved, TrainSettings s, Configuration conf) {
        String uri = s.optimizer().initModel();
        if (uri == null || !saved.containsKey(DataFingerprint.INIT_MODEL)) {
            return List.of();
        }
        Map<String, Object> before = Map.of(DataFingerprint.INIT_MODEL, saved.get(DataFingerprint.INIT_MODEL));
        Map<String, Object> now = CheckpointStore.normalized(Map.of(DataFingerprint.INIT_MODEL,
                InitialModel.fingerprint(uri, s.optimizer().initModelOptional(), conf)));
        return DataFingerprint.initModelDifferences(before, now);
    }

    /**
     * What changed in the content of the {@code --bounds} and {@code --penalty-factors} files (their paths are
     * options, compared with the others) since a complete model recorded their SHA-256.
     */
    private static List<String> perFeatureFileChanges(Map<String, Object> saved, TrainSettings s, Configuration conf) {
        Map<String, Object> now = new java.util.LinkedHashMap<>();
        if (s.glm().boundsFile() != null) {
            now.put(DataFingerprint.BOUNDS_SHA256, PerFeatureFile.read("--bounds", s.glm().boundsFile(), conf).sha256());
        }
        if (s.glm().penaltyFactorsFile() != null) {
            now.put(DataFingerprint.PENALTY_FACTORS_SHA256, PerFeatureFile.read("--penalty-factors",
                    s.glm().penaltyFactorsFile(), conf).sha256());
        }
        return DataFingerprint.fileContentDifferences(saved, now);
    }

    /**
     * After the data is read: refuses a checkpoint whose data fingerprint (rows, width, columns; the file lists were
     * compared before reading) differs from the data read now.
     */
    static void checkLoaded(Checkpoint c, Map<String, Object> fingerprint, String where) {
        refuseChanges(c, DataFingerprint.differences(c.data(), fingerprint), where);
    }

    private static void refuseChanges(Checkpoint c, List<String> changed, String where) {
        if (!changed.isEmpty()) {
            throw new UsageException("cannot resume from the checkpoint at iteration " + c.state().iteration()
                    + " in " + where + ": " + String.join("; ", changed) + ". Rerun with the original options "
                    + "and data, or use --overwrite to start over");
        }
    }

    private static List<InputFile> files(String uri, Configuration conf) {
        return InputListing.list(uri, conf);
    }
}
