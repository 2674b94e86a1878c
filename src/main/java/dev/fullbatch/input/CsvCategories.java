package dev.fullbatch.input;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.data.CsvCells;
import dev.fullbatch.data.LibsvmLineParser;
import dev.fullbatch.data.LineScanner;
import dev.fullbatch.data.LineTooLongException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The counting pass of {@code --categorical-cols}: every value of the named CSV columns counted over the whole
 * input, on the driver, file by file in path order, before the rows are parsed into blocks. One sequential read
 * makes the counts exact integers that depend only on the data (never on partitions or task order); the dictionary
 * built from them is sorted ({@link dev.fullbatch.data.CategoricalColumn}). Lines with the wrong column count or
 * broken quoting are not counted (the parsing pass reports them); a cell is taken as parsing takes it
 * ({@link CsvCells}: blank-trimmed, unquoted, empty for a missing value). Stateless.
 */
public final class CsvCategories {
    private CsvCategories() {
    }

    /**
     * Counts the values of the columns {@code names} of a CSV input with a header.
     *
     * @param maxDistinct the most distinct values a column may have
     * @throws BadInputException when the input cannot be read or a name is not a feature column of its header
     */
    public static CategoryCounts count(String uri, ReadOptions options, List<String> names, int maxDistinct,
                                       Configuration conf) {
        TextPlan plan = TextPlan.of(uri, options, conf);
        int[] columns = plan.csv().columnsNamed(names, options);
        int width = plan.csv().columns();
        CategoryCounts counts = new CategoryCounts(names, maxDistinct);
        String[] values = new String[columns.length];
        CsvCells cells = new CsvCells();
        for (InputFile file : plan.files()) {
            long lineNumber = 0;
            try (InputStream in = InputStreams.open(file.path(), file.compressed(), 0, conf)) {
                LineScanner scanner = new LineScanner(in, 0);
                boolean expectHeader = options.header();
                while (scanner.next()) {
                    lineNumber++;
                    byte[] b = scanner.buffer();
                    int from = scanner.lineStart();
                    int to = scanner.lineEnd();
                    while (to > from && LibsvmLineParser.isBlank(b[to - 1])) {
                        to--;
                    }
                    while (from < to && LibsvmLineParser.isBlank(b[from])) {
                        from++;
                    }
                    if (from >= to) {
                        continue;
                    }
                    if (expectHeader) {
                        expectHeader = false;
                        continue;
                    }
                    if (cells.split(b, from, to) != null || cells.count() != width) {
                        continue;
                    }
                    for (int k = 0; k < columns.length; k++) {
                        values[k] = cells.text(b, columns[k]);
                    }
                    counts.addRow(values);
                }
            } catch (LineTooLongException e) {
                throw new BadInputException(file.path() + ":" + (lineNumber + 1) + ": " + SegmentParser.tooLong(e));
            } catch (IOException e) {
                throw new BadInputException(InputStreams.failure(file.path(), file.compressed(), e, 0), e);
            }
        }
        return counts;
    }
}
