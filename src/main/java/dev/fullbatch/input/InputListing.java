package dev.fullbatch.input;

import dev.fullbatch.data.BadInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The data files of an input, listed through Hadoop's FileSystem API (any scheme) in the global row order: sorted
 * by path, hidden names left out, each marked compressed when a Hadoop codec claims it. Stateless.
 */
public final class InputListing {
    private InputListing() {
    }

    /**
     * Lists the data files of an input URI: a file, a folder (its files, recursively, skipping names starting with
     * {@code _} or {@code .}) or a glob, sorted by path.
     *
     * @throws BadInputException when nothing exists there or no data file is found
     */
    public static List<InputFile> list(String uri, Configuration conf) {
        try {
            Path path = new Path(uri);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new BadInputException("input '" + uri + "' does not exist; check the path (and the scheme, "
                        + "e.g. file:, hdfs:, s3a:)");
            }
            CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
            List<InputFile> files = new ArrayList<>();
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
                    while (it.hasNext()) {
                        LocatedFileStatus f = it.next();
                        if (isDataFile(match.getPath(), f.getPath())) {
                            files.add(describe(f, codecs));
                        }
                    }
                } else if (!hidden(match.getPath().getName())) {
                    files.add(describe(match, codecs));
                }
            }
            files.sort(Comparator.comparing(InputFile::path));
            if (files.isEmpty()) {
                throw new BadInputException("input '" + uri + "' holds no data files (names starting with _ or . "
                        + "are ignored)");
            }
            return files;
        } catch (FileNotFoundException e) {
            throw new BadInputException("input '" + uri + "' does not exist; check the path", e);
        } catch (IOException e) {
            throw new BadInputException("cannot list input '" + uri + "': " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause() instanceof java.net.URISyntaxException u ? u : e;
            throw new BadInputException("input '" + uri + "' is not a valid path or URI: " + cause.getMessage(), e);
        }
    }

    private static boolean isDataFile(Path root, Path file) {
        Path p = file;
        while (p != null && !p.equals(root)) {
            if (hidden(p.getName())) {
                return false;
            }
            p = p.getParent();
        }
        return true;
    }

    private static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    private static InputFile describe(FileStatus f, CompressionCodecFactory codecs) {
        boolean compressed = codecs.getCodec(f.getPath()) != null;
        return new InputFile(f.getPath().toString(), f.getLen(), f.getModificationTime(), compressed);
    }
}
