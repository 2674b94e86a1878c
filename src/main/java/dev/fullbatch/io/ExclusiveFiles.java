package dev.fullbatch.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Small files in one folder, each written whole, with an atomic create-if-absent: the primitive that
 * {@link OutputClaim} builds an exclusive claim on.
 *
 * <p>How each file system makes "create if absent" atomic:
 * <ul>
 *   <li>the local file system: the operating system's exclusive link (the content is written to a private temporary
 *       file, then hard-linked to the name, which fails if the name exists), so a reader never sees a half-written
 *       file. Hadoop's own local create checks for the file and then creates it, which two processes can both pass;
 *   <li>a store that declares the path capability {@code fs.option.create.conditional.overwrite} (S3A on a store
 *       with conditional writes): the object is written with S3's {@code If-None-Match: *}, so of two writers
 *       exactly one succeeds;
 *   <li>every other Hadoop file system: {@code create(path, overwrite=false)}, which HDFS decides atomically in the
 *       name node. On an object store without conditional writes it is a check followed by a write, which two
 *       writers in the same moment can both pass (docs/reliability.md).
 * </ul>
 * Not thread-safe; one instance per claim.
 */
final class ExclusiveFiles {
    /** A file of the folder. */
    record Entry(String name, long modificationTime) {
    }

    private final FileSystem fs;
    private final Path folder;
    /** The folder on the local disk when the file system is the local one, else null. */
    private final java.nio.file.Path local;

    ExclusiveFiles(FileSystem fs, Path folder) {
        this.fs = fs;
        this.folder = fs.makeQualified(folder);
        this.local = localFolder(fs, this.folder);
    }

    private static java.nio.file.Path localFolder(FileSystem fs, Path folder) {
        if (fs instanceof LocalFileSystem l) {
            return l.pathToFile(folder).toPath();
        }
        if (fs instanceof RawLocalFileSystem r) {
            return r.pathToFile(folder).toPath();
        }
        return null;
    }

    /** How create-if-absent is made atomic here, for messages and docs. */
    String atomicity() {
        if (local != null) {
            return "an exclusive hard link on the local file system";
        }
        if (conditionalCreate()) {
            return "a conditional write (If-None-Match)";
        }
        return "create(overwrite=false) of " + fs.getScheme() + ":";
    }

    private boolean conditionalCreate() {
        try {
            return fs.hasPathCapability(folder, Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Creates {@code name} with {@code content} unless it exists.
     *
     * @return true when this call created it; false when it existed (whoever created it)
     */
    boolean createIfAbsent(String name, byte[] content) throws IOException {
        if (local != null) {
            Files.createDirectories(local);
            java.nio.file.Path tmp = local.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
            Files.write(tmp, content);
            try {
                Files.createLink(local.resolve(name), tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        Path file = new Path(folder, name);
        if (conditionalCreate()) {
            var builder = fs.createFile(file).overwrite(true);
            builder.must(Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE, true);
            try (FSDataOutputStream out = (FSDataOutputStream) builder.build()) {
                out.write(content);
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                return false;
            } catch (IOException e) {
                // The store refuses a conditional write to an existing key with a precondition failure (HTTP 412),
                // which the connector reports as a changed remote file.
                if (exists(name)) {
                    return false;
                }
                throw e;
            }
            return true;
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(content);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            // HDFS reports a file another client is creating as "already being created".
            if (exists(name)) {
                return false;
            }
            throw e;
        }
    }

    /** Replaces the content of {@code name}, which this process created; readers see the old or the new content. */
    void replace(String name, byte[] content) throws IOException {
        if (local != null) {
            java.nio.file.Path tmp = local.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
            Files.write(tmp, content);
            try {
                Files.move(tmp, local.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, local.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return;
        }
        // HDFS replaces the file in one name node operation; an object store replaces the object whole.
        try (OutputStream out = fs.create(new Path(folder, name), true)) {
            out.write(content);
        }
    }

    /** The files whose names start with {@code prefix}, in no particular order; none when the folder is missing. */
    List<Entry> list(String prefix) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (local != null) {
            if (!Files.isDirectory(local)) {
                return out;
            }
            try (var files = Files.newDirectoryStream(local, f -> f.getFileName().toString().startsWith(prefix))) {
                for (java.nio.file.Path f : files) {
                    try {
                        out.add(new Entry(f.getFileName().toString(), Files.getLastModifiedTime(f).toMillis()));
                    } catch (NoSuchFileException e) {
                        // Deleted since it was listed.
                    }
                }
            }
            return out;
        }
        FileStatus[] found;
        try {
            found = fs.listStatus(folder, p -> p.getName().startsWith(prefix));
        } catch (FileNotFoundException e) {
            return out;
        }
        for (FileStatus s : found) {
            if (s.isFile()) {
                out.add(new Entry(s.getPath().getName(), s.getModificationTime()));
            }
        }
        return out;
    }

    /** The content of {@code name}, or empty when it does not exist. */
    Optional<byte[]> read(String name) throws IOException {
        if (local != null) {
            try {
                return Optional.of(Files.readAllBytes(local.resolve(name)));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        try (InputStream in = fs.open(new Path(folder, name))) {
            return Optional.of(in.readAllBytes());
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    private boolean exists(String name) throws IOException {
        return fs.exists(new Path(folder, name));
    }

    /** Deletes {@code name}; true when it existed. */
    boolean delete(String name) throws IOException {
        if (local != null) {
            return Files.deleteIfExists(local.resolve(name));
        }
        return fs.delete(new Path(folder, name), false);
    }
}
