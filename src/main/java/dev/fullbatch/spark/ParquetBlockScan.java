package dev.fullbatch.spark;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.LabelStats;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.input.RowWeighting;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads numeric Parquet columns straight from the files' column chunks into dense blocks, a page at a time
 * ({@link ParquetColumnChunk}): no Spark SQL rows, no shuffle, one cached copy. Each task reads a contiguous range of whole
 * blocks ({@link BlockRange}), file by file in row order, so a block is built by one task from its rows in order,
 * and the blocks equal (to the bit) the dense layout of the ones {@link ParquetLoader}'s row path builds: same
 * rows, same values ({@link ParquetRowReader#readNumeric}: the same checks and messages, a negative zero stored as
 * zero), same reports.
 *
 * <p>It covers training and predictions without kept columns on numeric columns (label, features, weight, offset of
 * Spark types byte, short, int, long, float and double, stored as Parquet INT32, INT64, FLOAT or DOUBLE) of files
 * whose footers hold the Spark schema they were checked against; {@link #covers} says when. Everything else (vector,
 * categorical, hashed or kept columns, decimals, files written without a Spark schema, {@code --layout sparse})
 * takes the row path.
 *
 * <p>Immutable settings; each task deserializes its own copy and owns its scratch space.
 */
final class ParquetBlockScan implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * A task's blocks: {@code first} to {@code end - 1}.
     *
     * @param first the first block
     * @param end one past the last block
     */
    record BlockRange(long first, long end) implements Serializable {
    }

    private final ParquetRowReader checks;
    private final RowBlockLayout layout;
    private final InputFileIndex files;
    /** The distinct columns read, in the order their values are kept per row. */
    private final String[] names;
    /** The Spark type of each of {@link #names}. */
    private final DataType[] types;
    /** For every position of {@link ParquetRowReader.Cells} (label, features, weight, offset): its column. */
    private final int[] cellColumn;
    private final int width;
    private final boolean useFloat;
    private final boolean rowIdentity;

    private ParquetBlockScan(ParquetRowReader checks, RowBlockLayout layout, InputFileIndex files,
                             Map<String, DataType> read, int[] cellColumn, int width, boolean useFloat,
                             boolean rowIdentity) {
        this.checks = checks;
        this.layout = layout;
        this.files = files;
        this.names = read.keySet().toArray(new String[0]);
        this.types = read.values().toArray(new DataType[0]);
        this.cellColumn = cellColumn;
        this.width = width;
        this.useFloat = useFloat;
        this.rowIdentity = rowIdentity;
    }

    /**
     * Whether this scan reads the input: numeric columns only, no kept columns, not {@code --layout sparse}, every
     * file's column types checked against its footer's Spark schema, and the first file storing every column read
     * as a flat primitive of a type this scan decodes.
     *
     * @param schema the Spark schema of the first file
     * @param fileSchema the Parquet schema of the first file
     */
    static boolean covers(ParquetColumns columns, RowWeighting weighting, ReadOptions options, StructType schema,
                          MessageType fileSchema, List<ParquetFooters.Footer> footers) {
        if (columns.vectorColumn() != null || columns.encoded() || !options.keptColumns().isEmpty()
                || options.layout() == ReadOptions.Layout.SPARSE || options.categorical() != null
                || options.hashing() != null || columns.numericColumns().isEmpty()) {
            return false;
        }
        for (ParquetFooters.Footer f : footers) {
            if (!f.typesChecked()) {
                return false;
            }
        }
        for (String name : cellNames(columns, weighting)) {
            if (!schema.getFieldIndex(name).isDefined() || !fileSchema.containsField(name)
                    || storageProblem(fileSchema.getType(name), schema.apply(name).dataType()) != null) {
                return false;
            }
        }
        return true;
    }

    /** A scan of the columns {@link #covers} accepted. */
    static ParquetBlockScan of(ParquetColumns columns, RowWeighting weighting, StructType schema,
                               RowBlockLayout layout, InputFileIndex files, boolean useFloat, boolean rowIdentity) {
        List<String> cells = cellNames(columns, weighting);
        Map<String, DataType> read = new LinkedHashMap<>();
        for (String name : cells) {
            read.putIfAbsent(name, schema.apply(name).dataType());
        }
        List<String> distinct = new ArrayList<>(read.keySet());
        int[] cellColumn = new int[cells.size()];
        for (int i = 0; i < cellColumn.length; i++) {
            cellColumn[i] = distinct.indexOf(cells.get(i));
        }
        ParquetRowReader checks = new ParquetRowReader(columns, weighting, 0, layout, files);
        return new ParquetBlockScan(checks, layout, files, read, cellColumn, columns.numericColumns().size(),
                useFloat, rowIdentity);
    }

    /** The columns in {@link ParquetRowReader.Cells} order: label, features, weight, offset. */
    private static List<String> cellNames(ParquetColumns columns, RowWeighting weighting) {
        List<String> names = new ArrayList<>();
        names.add(columns.labelColumn());
        names.addAll(columns.numericColumns());
        if (weighting.weightColumn() != null) {
            names.add(weighting.weightColumn());
        }
        if (weighting.offsetColumn() != null) {
            names.add(weighting.offsetColumn());
        }
        return names;
    }

    /**
     * Why a Parquet column cannot be read as the Spark type, or null when it can: a top-level optional or required
     * primitive, INT32 (signed, at most 32 bits) for byte, short and int, INT64 (signed) for long, FLOAT, DOUBLE.
     */
    private static String storageProblem(Type stored, DataType sparkType) {
        if (!stored.isPrimitive() || stored.isRepetition(Type.Repetition.REPEATED)) {
            return "is not a flat column";
        }
        PrimitiveType p = stored.asPrimitiveType();
        LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
        boolean plainInteger = logical == null
                || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned();
        PrimitiveTypeName want;
        if (sparkType.equals(DataTypes.DoubleType)) {
            want = PrimitiveTypeName.DOUBLE;
        } else if (sparkType.equals(DataTypes.FloatType)) {
            want = PrimitiveTypeName.FLOAT;
        } else if (sparkType.equals(DataTypes.LongType)) {
            want = PrimitiveTypeName.INT64;
        } else if (sparkType.equals(DataTypes.IntegerType) || sparkType.equals(DataTypes.ShortType)
                || sparkType.equals(DataTypes.ByteType)) {
            want = PrimitiveTypeName.INT32;
        } else {
            return "is " + sparkType.simpleString();
        }
        boolean integer = want == PrimitiveTypeName.INT32 || want == PrimitiveTypeName.INT64;
        if (p.getPrimitiveTypeName() != want || (integer ? !plainInteger : logical != null)) {
            return "is stored as " + p + ", not as " + want + " for " + sparkType.simpleString();
        }
        return null;
    }

    /**
     * The task ranges: {@code partitions} contiguous ranges of blocks. With {@code exact} (the user's
     * {@code --partitions}) the ranges of {@link RowBlockLayout#partitionOf}; otherwise each cut moves to the
     * nearest block that starts less than a block's rows after a row group starts (a file's first block always
     * does), so a task decodes few rows it does not keep, unless that would leave fewer ranges than {@code least}.
     *
     * @param rowGroups every file's row-group row counts, in path order
     */
    static List<BlockRange> ranges(RowBlockLayout layout, long[][] rowGroups, int partitions, boolean exact,
                                   int least) {
        long n = layout.blocks();
        List<BlockRange> even = new ArrayList<>();
        long start = 0;
        for (int p = 0; p < partitions; p++) {
            long end = p + 1 == partitions ? n : firstBlockOf(layout, p + 1, partitions, start);
            if (end > start) {
                even.add(new BlockRange(start, end));
                start = end;
            }
        }
        if (exact || partitions <= 1) {
            return even;
        }
        List<Long> cheap = new ArrayList<>();
        for (long b = 0; b < n; b++) {
            int f = layout.fileOfBlock(b);
            long row = layout.rowInFile(layout.firstRowOfBlock(b));
            long groupStart = 0;
            for (long g : rowGroups[f]) {
                if (groupStart + g > row) {
                    break;
                }
                groupStart += g;
            }
            if (row - groupStart < layout.rowsPerBlock()) {
                cheap.add(b);
            }
        }
        List<BlockRange> snapped = new ArrayList<>();
        start = 0;
        for (BlockRange r : even.subList(0, even.size() - 1)) {
            long cut = nearest(cheap, r.end());
            if (cut > start && cut < n) {
                snapped.add(new BlockRange(start, cut));
                start = cut;
            }
        }
        snapped.add(new BlockRange(start, n));
        return snapped.size() >= Math.min(least, even.size()) ? snapped : even;
    }

    /** The first block of partition {@code p} under {@link RowBlockLayout#partitionOf}, searching from {@code from}. */
    private static long firstBlockOf(RowBlockLayout layout, int p, int partitions, long from) {
        long b = from;
        while (b < layout.blocks() && layout.partitionOf(b, partitions) < p) {
            b++;
        }
        return b;
    }

    private static long nearest(List<Long> sorted, long target) {
        long best = sorted.get(0);
        for (long c : sorted) {
            if (Math.abs(c - target) < Math.abs(best - target)) {
                best = c;
            }
        }
        return best;
    }

    /** The blocks of a task's ranges, built lazily one at a time, each with its report. */
    Iterator<RowBlock> read(Iterator<BlockRange> ranges, Configuration conf) {
        List<BlockRange> all = new ArrayList<>();
        ranges.forEachRemaining(all::add);
        Blocks blocks = new Blocks(all, conf);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> blocks.close());
        }
        return blocks;
    }

    /** The blocks of some ranges, read file after file; holds at most one open file. */
    private final class Blocks implements Iterator<RowBlock> {
        private final List<BlockRange> ranges;
        private final Configuration conf;
        private final double[] values = new double[names.length];
        private final boolean[] nulls = new boolean[names.length];
        private final ParquetRowReader.Cells cells = new ParquetRowReader.Cells() {
            @Override
            public boolean isNullAt(int at) {
                return nulls[cellColumn[at]];
            }

            @Override
            public double number(int at) {
                return values[cellColumn[at]];
            }
        };
        private int range;
        private long next;
        private FileCursor cursor;

        Blocks(List<BlockRange> ranges, Configuration conf) {
            this.ranges = ranges;
            this.conf = conf;
            this.next = ranges.isEmpty() ? 0 : ranges.get(0).first();
        }

        @Override
        public boolean hasNext() {
            while (range < ranges.size() && next >= ranges.get(range).end()) {
                range++;
                next = range < ranges.size() ? ranges.get(range).first() : next;
            }
            if (range >= ranges.size()) {
                close();
                return false;
            }
            return true;
        }

        @Override
        public RowBlock next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long block = next++;
            int file = layout.fileOfBlock(block);
            if (cursor == null || cursor.file != file) {
                close();
                cursor = new FileCursor(file, conf);
            }
            long first = layout.rowInFile(layout.firstRowOfBlock(block));
            long count = layout.rowsOfBlock(block);
            BlockBuilder builder = BlockBuilder.dense(width);
            List<String> problems = new ArrayList<>();
            long bad = 0;
            long nonzero = 0;
            LongStream.Builder goodRows = rowIdentity ? LongStream.builder() : null;
            cursor.seek(first);
            for (long row = first; row < first + count; row++) {
                cursor.readRow(values, nulls);
                String problem = checks.readNumeric(cells, row, file, builder);
                if (problem != null) {
                    bad++;
                    if (problems.size() < DataSummary.MAX_EXAMPLES) {
                        problems.add(problem);
                    }
                    continue;
                }
                for (int j = 1; j <= width; j++) {
                    if (values[cellColumn[j]] != 0) {
                        nonzero++;
                    }
                }
                if (goodRows != null) {
                    goodRows.add(row);
                }
            }
            Block built = builder.build(block, width, false, useFloat);
            // The row path's width: the good rows' size, 0 for a block without any.
            RowBlockReport report = new RowBlockReport(block, file, built.rows(), nonzero,
                    built.rows() > 0 ? width : 0, LabelStats.of(built.labels()), bad, List.copyOf(problems));
            RowOrigins origins = goodRows == null ? null
                    : new RowOrigins(files.path(file), goodRows.build().toArray(), null);
            return new RowBlock(built, report, origins);
        }

        void close() {
            if (cursor != null) {
                cursor.close();
                cursor = null;
            }
        }
    }

    /** One open file, positioned at a row: its row groups are read in order, those before the row skipped. */
    private final class FileCursor implements AutoCloseable {
        final int file;
        private final String path;
        private final ParquetFileReader in;
        private final long[] groups;
        private final MessageType projection;
        private final ColumnDescriptor[] descriptors;
        private ParquetColumnChunk[] chunks;
        private int nextGroup;
        private long groupEnd;
        private long position;

        FileCursor(int file, Configuration conf) {
            this.file = file;
            this.path = files.path(file);
            try {
                in = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf));
            } catch (IOException | RuntimeException e) {
                throw new BadInputException(path + " is not a readable Parquet file: " + ParquetFooters.firstLine(e), e);
            }
            try {
                if (in.getRecordCount() != layout.rowsOf(file)) {
                    throw new BadInputException(path + " changed while it was read (it has " + in.getRecordCount()
                            + " rows, not the " + layout.rowsOf(file) + " counted first); rerun on input that is "
                            + "not being written to");
                }
                MessageType schema = in.getFooter().getFileMetaData().getSchema();
                List<Type> fields = new ArrayList<>();
                for (int c = 0; c < names.length; c++) {
                    String problem = schema.containsField(names[c])
                            ? storageProblem(schema.getType(names[c]), types[c]) : "is missing";
                    if (problem != null) {
                        throw new BadInputException("column '" + names[c] + "' of " + path + " " + problem
                                + "; every file must store the columns read alike");
                    }
                    fields.add(schema.getType(names[c]));
                }
                projection = new MessageType(schema.getName(), fields);
                descriptors = new ColumnDescriptor[names.length];
                for (int c = 0; c < names.length; c++) {
                    descriptors[c] = projection.getColumnDescription(new String[] {names[c]});
                }
                in.setRequestedSchema(projection);
                groups = in.getRowGroups().stream().mapToLong(g -> g.getRowCount()).toArray();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** Moves to row {@code row} of the file, at or after the current one. */
        void seek(long row) {
            try {
                while (row >= groupEnd) {
                    long rows = groups[nextGroup++];
                    if (groupEnd + rows <= row) {
                        in.skipNextRowGroup();
                    } else {
                        PageReadStore pages = in.readNextRowGroup();
                        chunks = new ParquetColumnChunk[descriptors.length];
                        for (int c = 0; c < descriptors.length; c++) {
                            chunks[c] = new ParquetColumnChunk(descriptors[c], pages.getPageReader(descriptors[c]),
                                    types[c]);
                        }
                        position = groupEnd;
                    }
                    groupEnd += rows;
                }
                while (position < row) {
                    for (ParquetColumnChunk chunk : chunks) {
                        chunk.skip();
                    }
                    position++;
                }
            } catch (IOException | RuntimeException e) {
                throw unreadable(e);
            }
        }

        /** Reads the current row's values (as doubles, as Spark SQL's numbers give them) and moves past it. */
        void readRow(double[] values, boolean[] nulls) {
            if (position >= groupEnd) {
                seek(position);
            }
            try {
                for (int c = 0; c < chunks.length; c++) {
                    ParquetColumnChunk chunk = chunks[c];
                    boolean isNull = chunk.isNull();
                    nulls[c] = isNull;
                    values[c] = isNull ? 0 : chunk.next();
                    if (isNull) {
                        chunk.skip();
                    }
                }
            } catch (RuntimeException e) {
                throw unreadable(e);
            }
            position++;
        }

        private BadInputException unreadable(Exception e) {
            return new BadInputException("cannot read Parquet input " + path + ": " + ParquetFooters.firstLine(e), e);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // Nothing was written; a failed close of a file only read loses nothing.
            }
        }
    }
}
