package dev.fullbatch.input;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

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

    /** Cuts the files into segments of {@code blockBytes} (a compressed file is one segment). */
    public static List<Segment> cut(List<InputFile> files, long blockBytes) {
        List<Segment> out = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            InputFile file = files.get(f);
            if (file.compressed()) {
                out.add(new Segment(out.size(), f, file.path(), 0, Long.MAX_VALUE, true));
                continue;
            }
            for (long s = 0; s < Math.max(file.length(), 1); s += blockBytes) {
                out.add(new Segment(out.size(), f, file.path(), s, Math.min(s + blockBytes, file.length()), false));
            }
        }
        return out;
    }
}
