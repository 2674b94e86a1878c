package dev.fullbatch.spark;

import static org.apache.spark.sql.functions.col;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.InputFile;
import dev.fullbatch.input.ReadOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads a DataFrame into the same cached blocks as {@link ParquetLoader} reads files into: what the Spark ML
 * estimators train on.
 *
 * <p><b>Row order.</b> The bits of a result depend on the row order (through the blocks), and a DataFrame has none
 * of its own, so it is fixed here: with an order column, the rows sorted by it (its values must be distinct);
 * without one, the DataFrame's partitions in order and every partition's rows in the order it yields them, which
 * for a plain read of one file ({@code spark.read().format("libsvm").load(file)}, Parquet, CSV, followed by row-wise
 * stages such as {@code VectorAssembler}) is the file's row order (Spark orders the pieces of a read of several
 * files by size, not by path: such reads need the order column). The selected rows are cached
 * before they are numbered, so the numbering and the blocks see one and the same evaluation of the DataFrame.
 *
 * <p><b>Blocks.</b> Rows in that order are cut into blocks of {@link ParquetLoader#rowsPerBlock(long)} rows for the
 * block size (16,384 rows for the default 4 MiB), a function of the row order alone, never of the partitioning.
 * A DataFrame of at most that many rows is one block, like a text file of at most one block size.
 */
public final class FrameLoader {
    private final JavaSparkContext jsc;

    /** @param jsc the running Spark context */
    public FrameLoader(JavaSparkContext jsc) {
        this.jsc = jsc;
    }

    /**
     * Reads, checks and caches a DataFrame.
     *
     * @param name how messages and the summary name the data
     * @throws BadInputException when a column is missing or mistyped, a value is null or not finite, a weight is
     *     negative, or there are no rows
     */
    public BlockLoader.Loaded load(Dataset<Row> frame, FrameColumns columns, ReadOptions options, String name) {
        StructType schema = frame.schema();
        require(schema, columns.features(), "a Spark ML vector column", t -> t.equals(SQLDataTypes.VectorType()));
        require(schema, columns.label(), "a numeric column", t -> t instanceof NumericType);
        List<Column> selection = new ArrayList<>();
        selection.add(col(quoted(columns.label())).cast(DataTypes.DoubleType));
        selection.add(col(quoted(columns.features())));
        if (columns.weight() != null) {
            require(schema, columns.weight(), "a numeric column", t -> t instanceof NumericType);
            selection.add(col(quoted(columns.weight())).cast(DataTypes.DoubleType));
        }
        Dataset<Row> ordered = frame;
        if (columns.order() != null) {
            require(schema, columns.order(), "a column", t -> true);
            ordered = frame.orderBy(col(quoted(columns.order())));
        }
        StorageLevel level = StorageLevel.fromString(options.storageLevel());
        List<JavaRDD<?>> cached = new ArrayList<>();
        JavaRDD<Row> rows = ordered.select(selection.toArray(new Column[0])).javaRDD()
                .setName("fullbatch rows of " + name).persist(level);
        try {
            jsc.setJobDescription("reading " + name);
            long count = rows.count();
            if (count == 0) {
                throw new BadInputException(name + " has no rows");
            }
            if (columns.order() != null) {
                requireDistinct(frame, columns.order(), count, name);
            }
            RowBlockLayout layout = RowBlockLayout.of(new long[] {count},
                    ParquetLoader.rowsPerBlock(options.blockBytes()));
            JavaPairRDD<Row, Long> numbered = rows.zipWithIndex();
            int partitions = options.partitions() > 0 ? options.partitions()
                    : (int) Math.max(1, Math.min(layout.blocks(), rows.getNumPartitions()));
            boolean useFloat = options.floatStorage();
            JavaRDD<RowBlock> built = numbered
                    .mapPartitionsToPair(it -> new FrameRunCollector(it, layout, columns))
                    .repartitionAndSortWithinPartitions(new BlockRangePartitioner(layout, partitions))
                    .mapPartitions(runs -> new RowBlockAssembler(runs, layout, useFloat))
                    .setName("fullbatch parsed input " + name)
                    .persist(level);
            cached.add(built);
            List<RowBlockReport> reports = new ArrayList<>(built.map(RowBlock::report).collect());
            reports.sort(Comparator.comparingLong(RowBlockReport::blockId));
            DataSummary summary = ParquetLoader.summarize(List.of(new InputFile(name, 0, 0, false)), reports,
                    options, null, name);
            return ParquetLoader.laidOut(built, summary, options, name, cached);
        } catch (Exception e) {
            for (JavaRDD<?> rdd : cached) {
                rdd.unpersist(true);
            }
            throw ParquetLoader.asInputProblem(e, name);
        } finally {
            rows.unpersist(false);
            jsc.setJobDescription(null);
        }
    }

    /** Ties in the order column would leave the order of the tied rows to Spark's sort: refused. */
    private static void requireDistinct(Dataset<Row> frame, String order, long count, String name) {
        long distinct = frame.select(col(quoted(order))).distinct().count();
        if (distinct != count) {
            throw new BadInputException("the order column '" + order + "' of " + name + " has " + distinct
                    + " distinct values for " + count + " rows; it must hold a distinct value per row (such as "
                    + "monotonically_increasing_id() taken right after reading)");
        }
    }

    private static void require(StructType schema, String column, String what,
                                java.util.function.Predicate<DataType> ok) {
        int i;
        try {
            i = schema.fieldIndex(column);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the DataFrame has no column '" + column + "' (it has "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType type = schema.fields()[i].dataType();
        if (!ok.test(type)) {
            throw new BadInputException("column '" + column + "' must be " + what + ", but is "
                    + type.simpleString());
        }
    }

    /** A top-level column by its exact name, even one with dots or backticks in it. */
    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
