package dev.fullbatch.spark;

import java.io.Serializable;

/**
 * A fixed byte range of one input file: the rows whose first byte lies in {@code [start, end)} form one block.
 *
 * @param blockId position in the global order (files sorted by path, then ranges in file order)
 * @param fileIndex index of the file in the sorted file list
 * @param path the file
 * @param start first byte offset (inclusive)
 * @param end last byte offset (exclusive); {@code Long.MAX_VALUE} for a compressed file read whole
 * @param compressed whether to read through the file's codec
 */
public record Segment(long blockId, int fileIndex, String path, long start, long end, boolean compressed)
        implements Serializable {
}
