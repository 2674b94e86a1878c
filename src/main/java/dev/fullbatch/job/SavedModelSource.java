package dev.fullbatch.job;

import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;

/**
 * A complete model directory named by {@code --model}, read for {@code predict} and {@code export}: the one way
 * those commands load a model, so that they refuse the same folders with the same messages. Immutable.
 *
 * @param location the {@code --model} value, for messages
 * @param directory the model directory
 * @param saved its model.json, parsed and validated
 */
record SavedModelSource(String location, ModelDirectory directory, SavedModel saved) {

    /**
     * Reads the model at {@code location}.
     *
     * @throws UsageException (exit 2) when the location is not a valid URI, does not exist, is not complete (no
     *     {@code _SUCCESS}), cannot be read, or holds a model.json this build does not understand
     */
    static SavedModelSource read(String location, Configuration conf) {
        return read("--model", location, conf);
    }

    /**
     * Reads the model at {@code location}, given as {@code option} (e.g. train's {@code --init-model}).
     *
     * @throws UsageException as {@link #read(String, Configuration)}, naming {@code option}
     */
    static SavedModelSource read(String option, String location, Configuration conf) {
        ModelDirectory dir;
        try {
            dir = new ModelDirectory(location, conf);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageException(option + " " + location + ": " + e.getMessage());
        }
        try {
            if (!dir.exists()) {
                throw new UsageException(option + " " + location + " does not exist");
            }
            if (!dir.isComplete()) {
                throw new UsageException(option + " " + location + " is not a complete model directory (no _SUCCESS); "
                        + "was training interrupted?");
            }
            String where = location + "/model.json";
            return new SavedModelSource(location, dir, SavedModel.fromJson(dir.read("model.json"), where));
        } catch (IOException | UncheckedIOException e) {
            throw new UsageException("cannot read model " + location + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The model made concrete for scoring (its layout, objective and parameters checked against each other). */
    ModelChoice choice() {
        return ModelChoice.forScoring(saved, location + "/model.json");
    }
}
