package dev.fullbatch.spark;

import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.input.InputFile;
import dev.fullbatch.input.InputListing;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.ReadOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The counting pass of {@code --categorical-cols} for Parquet input: every value of the named columns counted over
 * the whole input in one Spark job, before the rows are read into blocks (the dictionary fixes the model's width).
 * Each scan task counts its rows into one {@link CategoryCounts}; the driver adds the tasks' counts. Counts are
 * integers merged by adding, so the result depends only on the rows, never on how Spark splits the files, and the
 * driver holds at most the distinct values (bounded by {@code maxDistinct} a column). Every row is counted, also one
 * the reading pass later finds bad (a null label, say) and skips with {@code --bad-records skip}; values are keyed as
 * the reading pass keys them ({@link ParquetRowReader#categoryValue}). Stateless.
 */
final class ParquetCategories {
    private ParquetCategories() {
    }

    /**
     * Counts the values of columns {@code names} of a Parquet input.
     *
     * @param options how the input is read (its label, feature, weight and offset columns are checked as the
     *     reading pass checks them, so a wrong column is refused before any counting)
     * @param maxDistinct the most distinct values a column may have
     * @throws dev.fullbatch.data.BadInputException when the input cannot be read or a column is missing or not a
     *     string or integer column
     */
    static CategoryCounts count(JavaSparkContext jsc, String uri, ReadOptions options, List<String> names,
                                int maxDistinct) {
        Configuration conf = jsc.hadoopConfiguration();
        List<String> paths = new ArrayList<>();
        for (InputFile f : InputListing.list(uri, conf)) {
            paths.add(f.path());
        }
        String first = paths.get(0);
        ParquetFooters.requireReadable(first, conf);
        SparkSession spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
        StructType schema = ParquetLoader.schemaOf(spark, first);
        ParquetColumns asked = options.parquetColumns();
        ParquetColumnChoice.resolve(schema, asked.withEncoded(names, asked.hashedColumns()), first, 0,
                options.weighting(), 0);
        StructType counted = new StructType();
        Column[] selection = new Column[names.size()];
        for (int c = 0; c < names.size(); c++) {
            counted = counted.add(schema.apply(names.get(c)));
            selection[c] = ParquetLoader.named(names.get(c));
        }
        List<String> columns = List.copyOf(names);
        try {
            jsc.setJobDescription("checking the Parquet footers of " + uri);
            ParquetFooters.rowsPerFile(jsc, paths, counted, first);
            jsc.setJobDescription("counting the categories of " + uri);
            return spark.read().schema(schema).parquet(paths.toArray(new String[0])).select(selection).javaRDD()
                    .mapPartitions(rows -> List.of(countRows(rows, columns, maxDistinct)).iterator())
                    .reduce(CategoryCounts::merge);
        } catch (Exception e) {
            throw ParquetLoader.asInputProblem(e, uri);
        } finally {
            jsc.setJobDescription(null);
        }
    }

    private static CategoryCounts countRows(Iterator<Row> rows, List<String> columns, int maxDistinct) {
        CategoryCounts counts = new CategoryCounts(columns, maxDistinct);
        String[] values = new String[columns.size()];
        while (rows.hasNext()) {
            Row row = rows.next();
            for (int c = 0; c < values.length; c++) {
                values[c] = ParquetRowReader.categoryValue(row, c);
            }
            counts.addRow(values);
        }
        return counts;
    }
}
