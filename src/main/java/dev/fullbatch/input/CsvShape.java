package dev.fullbatch.input;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.CsvCells;
import dev.fullbatch.data.DecimalParser;
import dev.fullbatch.data.Excerpt;
import dev.fullbatch.data.LineScanner;
import dev.fullbatch.data.LineTooLongException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The CSV column count and header, taken on the driver from the first file that has a non-blank line.
 *
 * @param columns columns every line must have
 * @param header the header line every file must start with, or null without {@code --header}
 * @param headerFile the file the header was taken from, or null
 * @param origin what fixed the column count, for messages
 * @param keptOnly the 0-based columns read only to pass through to predictions, never features: the kept columns
 *     ({@link ReadOptions#keptColumns()}) that are not the label, weight, offset, a categorical column or one of
 *     {@link ReadOptions#keptFeatures()}, when the files have one column more than the model reads for each of them;
 *     empty otherwise (every column has its role)
 */
public record CsvShape(int columns, String header, String headerFile, String origin, int[] keptOnly)
        implements java.io.Serializable {

    /** A shape whose every column has a role: @see #CsvShape(int, String, String, String, int[]) */
    public CsvShape(int columns, String header, String headerFile, String origin) {
        this(columns, header, headerFile, origin, new int[0]);
    }

    /**
     * Finds the shape of a CSV input on the driver, from the first file that has a non-blank line.
     *
     * @throws BadInputException when the first line contradicts the options (a header of numbers, a width other than
     *     declared, a label column out of range, a single column) or no file has a line
     */
    public static CsvShape find(String uri, List<InputFile> files, ReadOptions options, Configuration conf) {
        int extra = options.weighting().csvExtraColumns();
        int declared = options.numFeatures() > 0 ? options.csvColumns(options.numFeatures()) : 0;
        for (InputFile file : files) {
            String first = null;
            long lineNumber = 0;
            try (InputStream in = InputStreams.open(file.path(), file.compressed(), 0, conf)) {
                LineScanner scanner = new LineScanner(in, 0);
                while (first == null && scanner.next()) {
                    lineNumber++;
                    String line = new String(scanner.buffer(), scanner.lineStart(),
                            scanner.lineEnd() - scanner.lineStart(), StandardCharsets.UTF_8).strip();
                    first = line.isEmpty() ? null : line;
                }
            } catch (LineTooLongException e) {
                throw new BadInputException(file.path() + ":" + (lineNumber + 1) + ": " + SegmentParser.tooLong(e));
            } catch (IOException e) {
                throw new BadInputException(InputStreams.failure(file.path(), file.compressed(), e, 0), e);
            }
            if (first == null) {
                continue;
            }
            String where = file.path() + ":" + lineNumber;
            List<String> cells;
            try {
                cells = CsvCells.of(first);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(where + ": " + e.getMessage() + ": '" + shorten(first) + "'");
            }
            int found = cells.size();
            String header = options.header() ? first : null;
            if (header != null && allNumbers(cells)) {
                throw new BadInputException(where + " should be the header line but is all numbers ('"
                        + shorten(first) + "'); if the files have no header line, drop --header (or pass "
                        + "--header false)");
            }
            int[] keptOnly = header == null ? new int[0] : keptOnly(header, options);
            if (declared > 0 && found != declared && (keptOnly.length == 0 || found != declared + keptOnly.length)) {
                throw new BadInputException(where + " has " + found + " columns ('" + shorten(first) + "'), but "
                        + options.widthOrigin() + " means " + declared + " (" + withRoles(options.numFeatures()
                        + " features", options) + ")" + (options.keptColumns().isEmpty() ? ""
                        : "; the files may also hold, besides these, every column named by --id-col/--keep-cols "
                        + "that the model does not read (that is not the label, weight, offset, a categorical column "
                        + "or a feature named by the model)"));
            }
            if (found == declared || declared == 0) {
                keptOnly = new int[0];
            }
            if (options.labelColumn() >= found) {
                throw new BadInputException("--label-col " + options.labelColumn() + " is out of range: " + where
                        + " has " + found + " columns, numbered 0.." + (found - 1));
            }
            checkColumn("--weight-col", options.weighting().csvWeightColumn(), found, where);
            checkColumn("--offset-col", options.weighting().csvOffsetColumn(), found, where);
            if (found < 2) {
                throw new BadInputException(where + " has a single column ('" + shorten(first) + "'): CSV input "
                        + "needs a label column and at least one feature column, separated by commas");
            }
            if (found < 2 + extra) {
                throw new BadInputException(where + " has " + found + " columns ('" + shorten(first) + "'): "
                        + withRoles("no feature column besides", options) + "; CSV input needs at least one feature "
                        + "column");
            }
            String origin = declared > 0 ? withRoles(options.widthOrigin(), options)
                    : (header != null ? "like the header on line " : "like line ") + lineNumber + " of "
                    + file.path();
            return new CsvShape(found, header, header != null ? file.path() : null, origin, keptOnly);
        }
        if (declared > 0) {
            return new CsvShape(declared, null, null, withRoles(options.widthOrigin(), options));
        }
        throw new BadInputException("input '" + uri + "' has no data rows (its files are empty or hold only blank "
                + "lines)");
    }

    /**
     * The features of a row: one per column but the label, weight and offset columns, with each categorical column
     * counting its levels.
     */
    public int features(ReadOptions options) {
        int numeric = columns - 1 - options.weighting().csvExtraColumns() - keptOnly.length;
        var categorical = options.categorical();
        return categorical == null ? numeric
                : numeric - categorical.columns().size() + categorical.width();
    }

    /**
     * The 0-based columns that the header names {@code names}, in their order.
     *
     * @throws BadInputException naming the option and the header when a name is not a header column, or names the
     *     label, weight or offset column
     */
    public int[] columnsNamed(List<String> names, ReadOptions options) {
        if (header == null) {
            throw new BadInputException("--categorical-cols names header columns: pass --header (CSV files with a "
                    + "header line)");
        }
        List<String> cells = headerCells();
        int[] out = new int[names.size()];
        for (int k = 0; k < names.size(); k++) {
            int column = cells.indexOf(names.get(k));
            if (column < 0) {
                throw new BadInputException("--categorical-cols: '" + names.get(k) + "' is not a column of the header"
                        + " of " + headerFile + " ('" + shorten(header) + "')");
            }
            RowWeighting w = options.weighting();
            if (column == options.labelColumn() || column == w.csvWeightColumn() || column == w.csvOffsetColumn()) {
                throw new BadInputException("--categorical-cols: '" + names.get(k) + "' is the label, weight or "
                        + "offset column; name feature columns only");
            }
            out[k] = column;
        }
        return out;
    }

    /**
     * The 0-based columns of the kept columns ({@link ReadOptions#keptColumns()}, which predictions pass through), in
     * their order. Any column may be kept, the label and feature columns too.
     *
     * @throws BadInputException naming the column and listing the header's columns when a name is not one of them
     */
    public int[] keptColumns(ReadOptions options) {
        List<String> names = options.keptColumns();
        if (names.isEmpty()) {
            return new int[0];
        }
        if (header == null) {
            throw new BadInputException("--id-col and --keep-cols name header columns: pass --header (CSV files with "
                    + "a header line)");
        }
        List<String> cells = headerCells();
        int[] out = new int[names.size()];
        for (int k = 0; k < names.size(); k++) {
            out[k] = cells.indexOf(names.get(k));
            if (out[k] < 0) {
                throw new BadInputException("--id-col/--keep-cols: '" + names.get(k) + "' is not a column of the "
                        + "header of " + headerFile + "; its columns are " + String.join(", ", cells));
            }
        }
        return out;
    }

    /** A header's column names: blank-trimmed and unquoted ({@link CsvCells}). */
    private static List<String> cells(String header) {
        return CsvCells.of(header);
    }

    /**
     * The columns of {@code header} that would be read only to pass them through: the kept columns that are not the
     * label, weight, offset, a categorical column or a feature the model names, in column order (unknown names are
     * refused later, by {@link #keptColumns}).
     */
    private static int[] keptOnly(String header, ReadOptions options) {
        List<String> cells = cells(header);
        java.util.Set<String> categorical = new java.util.HashSet<>();
        if (options.categorical() != null) {
            options.categorical().columns().forEach(c -> categorical.add(c.name()));
        }
        RowWeighting w = options.weighting();
        return java.util.stream.IntStream.range(0, cells.size())
                .filter(c -> options.keptColumns().contains(cells.get(c)) && !categorical.contains(cells.get(c))
                        && !options.keptFeatures().contains(cells.get(c)) && c != options.labelColumn() && c != w.csvWeightColumn() && c != w.csvOffsetColumn())
                .toArray();
    }

    /** "FIRST and the label", "FIRST, the label and the offset column (--offset-col 10)", ... */
    private static String withRoles(String first, ReadOptions options) {
        RowWeighting w = options.weighting();
        List<String> parts = new java.util.ArrayList<>(List.of(first, "the label"));
        if (w.weightColumn() != null) {
            parts.add("the weight column (--weight-col " + w.weightColumn() + ")");
        }
        if (w.offsetColumn() != null) {
            parts.add("the offset column (--offset-col " + w.offsetColumn() + ")");
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static void checkColumn(String option, int column, int found, String where) {
        if (column >= found) {
            throw new BadInputException(option + " " + column + " is out of range: " + where + " has " + found
                    + " columns, numbered 0.." + (found - 1));
        }
    }

    /**
     * The header's column names: its cells, blank-trimmed and unquoted ({@link CsvCells}).
     *
     * @throws IllegalStateException without a header
     */
    public List<String> headerCells() {
        if (header == null) {
            throw new IllegalStateException("no header");
        }
        return CsvCells.of(header); // checked by find
    }

    private static boolean allNumbers(List<String> cells) {
        for (String cell : cells) {
            byte[] b = cell.strip().getBytes(StandardCharsets.UTF_8);
            if (DecimalParser.isInvalid(DecimalParser.parse(b, 0, b.length))) {
                return false;
            }
        }
        return true;
    }

    /** Up to 80 characters of {@code s}, printable. */
    static String shorten(String s) {
        return Excerpt.printable(s.length() > 80 ? s.substring(0, 80) + "..." : s);
    }
}
