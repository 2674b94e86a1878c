package dev.fullbatch.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One file written whole or not at all (an exported model), on any Hadoop file system.
 *
 * <p>{@link #commit} writes the bytes into a hidden staging sibling ({@code .NAME.fullbatch-staging}), then moves
 * any existing file aside ({@code .NAME.fullbatch-old}), moves the staged file in and deletes the old one: a reader
 * sees the old complete file or the new complete one. Deciding whether an existing file may be replaced is the
 * caller's ({@link #head} shows what is there).
 */
public final class ExportFile {
    private final Path path;
    private final Path staging;
    private final Path old;
    private final FileSystem fs;

    /**
     * @param uri the file
     * @param conf Hadoop configuration (credentials, file system settings)
     * @throws IllegalArgumentException when {@code uri} is not a valid path
     * @throws UncheckedIOException when its file system cannot be opened
     */
    public ExportFile(String uri, Configuration conf) {
        this.path = new Path(uri);
        try {
            FileSystem any = path.getFileSystem(conf);
            // The local file system's checksummed view would leave a .NAME.crc beside the user's file.
            this.fs = any instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : any;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + uri + ": " + e.getMessage(), e);
        }
        this.staging = new Path(path.getParent(), "." + path.getName() + ".fullbatch-staging");
        this.old = new Path(path.getParent(), "." + path.getName() + ".fullbatch-old");
    }

    /** The file, fully qualified (scheme and authority). */
    public Path qualified() {
        return fs.makeQualified(path);
    }

    /** The status of the file, or null when nothing is there. */
    public FileStatus status() throws IOException {
        return fs.exists(path) ? fs.getFileStatus(path) : null;
    }

    /** The nearest existing ancestor that is not a directory, or null when every existing ancestor is one. */
    public Path fileAncestor() throws IOException {
        for (Path p = path.getParent(); p != null; p = p.getParent()) {
            if (fs.exists(p)) {
                return fs.getFileStatus(p).isDirectory() ? null : p;
            }
        }
        return null;
    }

    /** Up to {@code n} leading bytes of the existing file. */
    public byte[] head(int n) throws IOException {
        try (InputStream in = fs.open(path)) {
            return in.readNBytes(n);
        }
    }

    /** Writes {@code content} and swaps it into place, replacing an existing file (see the class comment). */
    public void commit(byte[] content) throws IOException {
        Path parent = path.getParent();
        if (parent != null && !fs.exists(parent)) {
            fs.mkdirs(parent);
        }
        try (OutputStream out = fs.create(staging, true)) {
            out.write(content);
        }
        if (fs.exists(path)) {
            if (fs.exists(old)) {
                fs.delete(old, false);
            }
            if (!fs.rename(path, old)) {
                throw new IOException("cannot move " + path + " aside to " + old);
            }
        }
        if (!fs.rename(staging, path)) {
            throw new IOException("cannot move " + staging + " to " + path);
        }
        if (fs.exists(old)) {
            fs.delete(old, false);
        }
    }
}
