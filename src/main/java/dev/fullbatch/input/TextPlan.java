package dev.fullbatch.input;

import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * What reading a text input means, fixed on the driver before any row is read: the files in the global row order,
 * their segments (the blocks to be), and for CSV the column count and header every line must match.
 *
 * @param files the data files, sorted by path
 * @param segments every file cut into {@link ReadOptions#blockBytes()} ranges (a compressed file whole)
 * @param csv the CSV shape, or null for LIBSVM
 */
public record TextPlan(List<InputFile> files, List<Segment> segments, CsvShape csv) {

    /** Copies the lists. */
    public TextPlan {
        files = List.copyOf(files);
        segments = List.copyOf(segments);
    }

    /**
     * Lists and cuts an input and, for CSV, finds its shape.
     *
     * @throws dev.fullbatch.data.BadInputException when the input cannot be listed, its CSV shape is wrong or a kept
     *     column is not in its header
     */
    public static TextPlan of(String uri, ReadOptions options, Configuration conf) {
        List<InputFile> files = InputListing.list(uri, conf);
        List<Segment> segments = Segment.cut(files, options.blockBytes());
        CsvShape csv = options.format() == ReadOptions.Format.CSV ? CsvShape.find(uri, files, options, conf) : null;
        if (csv != null) {
            csv.keptColumns(options); // an unknown kept column stops the read here, on the driver
        }
        return new TextPlan(files, segments, csv);
    }
}
