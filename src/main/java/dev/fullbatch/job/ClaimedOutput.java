package dev.fullbatch.job;

import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.io.OutputClaim;
import dev.fullbatch.io.OutputFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output folder of one {@code train} or {@code predict} run, claimed for the run's whole life.
 *
 * <p>{@link #open} checks, in this order and before any data is read: that the path can be a folder
 * ({@link OutputPath}), that it is neither an input nor inside nor above one ({@link InputOverlap}); then claims it
 * ({@link OutputClaim}: a second run on the same folder stops here with exit 2, naming the holder), finishes or
 * undoes an interrupted commit, and inspects what the folder holds ({@link OutputFolder}). A folder fullbatch did
 * not write is refused whatever the options. {@link #close()} releases the claim.
 */
final class ClaimedOutput implements AutoCloseable {
    private final String option;
    private final String uri;
    private final Path path;
    private final FileSystem fs;
    private final OutputFolder.Kind kind;
    private final OutputClaim claim;
    private final OutputFolder.Inspection inspection;

    private ClaimedOutput(String option, String uri, Path path, FileSystem fs, OutputFolder.Kind kind,
                          OutputClaim claim, OutputFolder.Inspection inspection) {
        this.option = option;
        this.uri = uri;
        this.path = path;
        this.fs = fs;
        this.kind = kind;
        this.claim = claim;
        this.inspection = inspection;
    }

    /**
     * Checks, claims and inspects an output folder.
     *
     * @param option the option naming it, for messages ("--output")
     * @param inputs the run's inputs, option name to URI (null URIs are skipped)
     * @param log where progress notes go (taking over a stale claim)
     * @throws UsageException when the path cannot be a folder, overlaps an input, is claimed by a live run, or
     *     holds anything fullbatch did not write
     */
    static ClaimedOutput open(String option, String uri, OutputFolder.Kind kind, Map<String, String> inputs,
                              Configuration conf, PrintWriter log) {
        OutputPath.check(option, uri, conf);
        InputOverlap.check(option, uri, inputs, conf);
        Path path;
        FileSystem fs;
        try {
            path = new Path(uri);
            fs = path.getFileSystem(conf);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException(option + " '" + uri + "' is not a valid path: " + e.getMessage());
        }
        OutputClaim claim;
        try {
            claim = OutputClaim.acquire(fs, path, kind.command(), note -> log.println("fullbatch: " + note));
        } catch (OutputClaim.HeldException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot claim " + option + " " + uri + ": " + e.getMessage());
        }
        try {
            new ModelDirectory(uri, conf).recover();
            OutputFolder.Inspection inspection = OutputFolder.inspect(fs, path, kind);
            ClaimedOutput out = new ClaimedOutput(option, uri, path, fs, kind, claim, inspection);
            out.refuseForeign();
            return out;
        } catch (IOException | RuntimeException e) {
            closeQuietly(claim);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot inspect " + option + " " + uri, io);
            }
            throw (RuntimeException) e;
        }
    }

    private void refuseForeign() {
        switch (inspection.state()) {
            case FOREIGN -> throw new UsageException(option + " " + uri + " holds files fullbatch did not write ("
                    + OutputFolder.describe(inspection) + "). fullbatch only ever replaces or resumes a folder it "
                    + "wrote, whatever the options: choose a new or empty folder for " + option);
            case OTHER_KIND -> throw new UsageException(option + " " + uri + " is not " + kind.noun() + " folder: "
                    + inspection.reason() + ". fullbatch " + kind.command() + " does not replace it: choose another "
                    + option);
            default -> {
            }
        }
    }

    /** What the folder held when the run started. */
    OutputFolder.State state() {
        return inspection.state();
    }

    /** The folder. */
    Path path() {
        return path;
    }

    /** Its file system. */
    FileSystem fileSystem() {
        return fs;
    }

    /** Writes the marker that proves the folder is fullbatch's, before the run's first write into it. */
    void markRun() throws IOException {
        verify();
        OutputFolder.mark(fs, path, kind);
    }

    /** The marker of a complete folder, to commit with its files. */
    Map.Entry<String, String> marker() {
        return Map.entry(OutputFolder.MARKER, OutputFolder.marker(kind));
    }

    /**
     * Checks that the claim is still this run's and the folder still holds only what fullbatch wrote, just before
     * a write (a checkpoint, the commit).
     *
     * @throws UsageException when another run took the claim over, or files appeared that fullbatch did not write
     */
    void verify() throws IOException {
        try {
            claim.verify();
        } catch (OutputClaim.LostException e) {
            throw new UsageException(e.getMessage());
        }
        OutputFolder.Inspection now = OutputFolder.inspect(fs, path, kind);
        if (now.state() == OutputFolder.State.FOREIGN || now.state() == OutputFolder.State.OTHER_KIND) {
            throw new UsageException(option + " " + uri + " gained files fullbatch did not write while this run "
                    + "held it (" + OutputFolder.describe(now) + "); nothing was replaced. Move them away and rerun "
                    + "with --resume");
        }
    }

    /** Releases the claim. */
    @Override
    public void close() {
        closeQuietly(claim);
    }

    private static void closeQuietly(OutputClaim claim) {
        try {
            claim.close();
        } catch (IOException | RuntimeException e) {
            // The claim then expires by its heartbeat; nothing else depends on removing it now.
        }
    }
}
