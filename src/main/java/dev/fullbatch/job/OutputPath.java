package dev.fullbatch.job;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before any data is read, that an output URI can become a directory: a valid path on a known file system,
 * not an existing file, and not below one. Otherwise the mistake would surface only when the first checkpoint or
 * the final commit is written, after the training time is spent.
 */
final class OutputPath {
    private OutputPath() {
    }

    /** The message of an invalid-path error without the exception class names Hadoop's Path puts in it. */
    static String reason(IllegalArgumentException e) {
        Throwable cause = e.getCause() instanceof java.net.URISyntaxException u ? u : e;
        return cause.getMessage();
    }

    /**
     * @param option the option that gave the URI, for messages (e.g. "--output")
     * @param uri the output directory
     * @throws UsageException naming the option, the URI and what is wrong
     */
    static void check(String option, String uri, Configuration conf) {
        Path path;
        FileSystem fs;
        try {
            path = new Path(uri);
            fs = path.getFileSystem(conf);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " '" + uri + "' is not a valid path or URI: " + reason(e));
        } catch (IOException e) {
            throw new UsageException(option + " '" + uri + "': " + e.getMessage() + " (check the scheme, e.g. "
                    + "file:, hdfs:, s3a:)");
        }
        try {
            if (fs.exists(path)) {
                if (!fs.getFileStatus(path).isDirectory()) {
                    throw new UsageException(option + " " + uri + " is a file, not a directory; give the path of "
                            + "a directory to write");
                }
                return;
            }
            for (Path p = path.getParent(); p != null; p = p.getParent()) {
                if (fs.exists(p)) {
                    FileStatus status = fs.getFileStatus(p);
                    if (!status.isDirectory()) {
                        throw new UsageException(option + " " + uri + " cannot be created: " + p + " is a file");
                    }
                    return;
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot check " + option + " " + uri + ": " + e.getMessage());
        }
    }
}
