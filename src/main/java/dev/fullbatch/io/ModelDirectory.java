package dev.fullbatch.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model directory on any Hadoop file system, and its all-or-nothing commit.
 *
 * <p>{@link #commit} writes every file into a hidden staging sibling ({@code .NAME.fullbatch-staging}), then
 * {@code _SUCCESS} last, then swaps it into place: an existing directory is first renamed aside
 * ({@code .NAME.fullbatch-old}) and deleted only after the new one is in place. A crash at any point leaves the
 * old complete directory, the new complete one, or a state that {@link #recover()} turns into one of those on the
 * next run; never a directory with {@code _SUCCESS} and partial contents.
 */
public final class ModelDirectory {
    /** The marker written last. */
    public static final String SUCCESS = "_SUCCESS";

    private final Path output;
    private final Path staging;
    private final Path old;
    private final FileSystem fs;

    /**
     * @param uri the model directory
     * @param conf Hadoop configuration (credentials, file system settings)
     */
    public ModelDirectory(String uri, Configuration conf) {
        try {
            this.output = new Path(uri);
            this.fs = output.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open file system of " + uri, e);
        }
        Path parent = output.getParent();
        String name = output.getName();
        this.staging = new Path(parent, "." + name + ".fullbatch-staging");
        this.old = new Path(parent, "." + name + ".fullbatch-old");
    }

    /** The directory. */
    public Path path() {
        return output;
    }

    /** The file system holding it. */
    public FileSystem fileSystem() {
        return fs;
    }

    /** Whether the directory exists. */
    public boolean exists() throws IOException {
        return fs.exists(output);
    }

    /** Whether the directory holds a complete model. */
    public boolean isComplete() throws IOException {
        return fs.exists(new Path(output, SUCCESS));
    }

    /**
     * Finishes or undoes a commit that a crash interrupted: if the directory is missing but the previous one was
     * set aside, the complete staged one is moved in (or the old one restored); leftovers are removed.
     */
    public void recover() throws IOException {
        if (!fs.exists(output) && fs.exists(old)) {
            if (fs.exists(new Path(staging, SUCCESS))) {
                fs.rename(staging, output);
            } else {
                fs.rename(old, output);
            }
        }
        if (fs.exists(output) && fs.exists(old)) {
            fs.delete(old, true);
        }
        if (fs.exists(staging)) {
            fs.delete(staging, true);
        }
    }

    /**
     * Writes {@code files} (name to UTF-8 content, in iteration order), then {@code _SUCCESS}, and swaps them into
     * place, replacing any existing directory (the caller has checked that replacing is allowed).
     *
     * @param beforeSwap runs after staging is complete and before anything existing is touched (tests inject
     *     crashes here); may be null
     */
    public void commit(Map<String, String> files, Runnable beforeSwap) throws IOException {
        commit(files, null, step -> {
            if (beforeSwap != null && step.equals("staged " + SUCCESS)) {
                beforeSwap.run();
            }
        });
    }

    /** Sees each step of a commit; tests throw from it to simulate a crash at that point. */
    public interface CommitObserver {
        /** Called after step {@code step} (e.g. "staged model.json", "moved old aside") completed. */
        void after(String step) throws IOException;
    }

    /** Writes what goes into a staging directory before the files (e.g. a Spark job's output). */
    public interface StagingWriter {
        /** Writes into {@code staging}, which exists and is empty apart from what this writer creates. */
        void write(Path staging) throws IOException;
    }

    /**
     * As {@link #commit(Map, Runnable)}, first letting {@code more} write into the staging directory.
     *
     * @param more writes further content (may be null)
     * @param observer sees every step (may be null)
     */
    public void commit(Map<String, String> files, StagingWriter more, CommitObserver observer) throws IOException {
        CommitObserver seen = observer == null ? step -> { } : observer;
        if (fs.exists(staging)) {
            fs.delete(staging, true);
        }
        fs.mkdirs(staging);
        if (more != null) {
            more.write(staging);
            seen.after("staged output");
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            write(new Path(staging, f.getKey()), f.getValue());
            seen.after("staged " + f.getKey());
        }
        write(new Path(staging, SUCCESS), "");
        seen.after("staged " + SUCCESS);
        if (fs.exists(output)) {
            if (fs.exists(old)) {
                fs.delete(old, true);
            }
            if (!fs.rename(output, old)) {
                throw new IOException("cannot move " + output + " aside to " + old);
            }
            seen.after("moved old aside");
        }
        Path parent = output.getParent();
        if (parent != null && !fs.exists(parent)) {
            fs.mkdirs(parent);
        }
        if (!fs.rename(staging, output)) {
            throw new IOException("cannot move " + staging + " to " + output);
        }
        seen.after("moved new in");
        if (fs.exists(old)) {
            fs.delete(old, true);
        }
        seen.after("deleted old");
    }

    /** Writes a whole file, replacing it. */
    public void write(Path file, String content) throws IOException {
        try (OutputStream out = fs.create(file, true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads a whole file of the directory as UTF-8. */
    public String read(String name) throws IOException {
        try (InputStream in = fs.open(new Path(output, name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
