package dev.fullbatch.input;

import java.io.Serializable;

/**
 * One data file of an input, as listed when training started.
 *
 * @param path the fully qualified Hadoop path (scheme included)
 * @param length size in bytes as stored (compressed size for compressed files)
 * @param modificationTime milliseconds since the epoch, as the file system reports it
 * @param compressed whether a Hadoop codec decompresses it (then it is read whole by one task)
 */
public record InputFile(String path, long length, long modificationTime, boolean compressed)
        implements Serializable {
}
