package dev.fullbatch.spark;

import dev.fullbatch.data.BadInputException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the footers of Parquet files: their row counts (no column data is read), and whether each file is
 * readable and has the columns to read with the expected types. Problems come back as values, never as failed
 * tasks, so a user's bad file gives one clear message instead of Spark's task-failure logs.
 */
final class ParquetFooters {
    /** The footer key under which Spark records a file's Spark SQL schema. */
    static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private ParquetFooters() {
    }

    /**
     * What one footer says.
     *
     * @param rows the file's rows
     * @param problem null when the file can be read as expected; else the sentence for the user
     * @param rowGroups the rows of each row group, in file order (empty when the file cannot be read)
     * @param typesChecked whether the columns read were checked against a Spark schema recorded in the footer
     */
    record Footer(long rows, String problem, long[] rowGroups, boolean typesChecked) implements Serializable {
        Footer(long rows, String problem) {
            this(rows, problem, new long[0], false);
        }
    }

    /**
     * Reads one footer and checks the expected columns against the Spark schema recorded in it (files written by
     * other tools record none; their columns are checked when read).
     *
     * @param expected the columns to read, with the types of {@code reference}
     * @param reference the file whose schema {@code expected} comes from, for messages
     */
    static Footer read(String path, Configuration conf, StructType expected, String reference) {
        Map<String, String> metadata;
        long rows;
        long[] groups;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf))) {
            rows = reader.getRecordCount();
            metadata = reader.getFooter().getFileMetaData().getKeyValueMetaData();
            groups = reader.getRowGroups().stream().mapToLong(BlockMetaData::getRowCount).toArray();
        } catch (IOException | RuntimeException e) {
            return new Footer(0, path + " is not a readable Parquet file: " + firstLine(e));
        }
        String json = metadata == null ? null : metadata.get(SPARK_SCHEMA_KEY);
        if (json == null || expected == null) {
            return new Footer(rows, null, groups, false);
        }
        StructType schema;
        try {
            schema = (StructType) DataType.fromJson(json);
        } catch (RuntimeException e) {
            return new Footer(rows, null, groups, false);
        }
        for (StructField want : expected.fields()) {
            StructField have = null;
            for (StructField f : schema.fields()) {
                if (f.name().equals(want.name())) {
                    have = f;
                }
            }
            if (have == null) {
                return new Footer(rows, path + " has no column '" + want.name() + "' (" + reference
                        + " has it); every file must have the columns read");
            }
            if (!have.dataType().equals(want.dataType())) {
                return new Footer(rows, "column '" + want.name() + "' of " + path + " is "
                        + have.dataType().simpleString() + " but " + want.dataType().simpleString() + " in "
                        + reference + "; every file must give the columns read the same types");
            }
        }
        return new Footer(rows, null, groups, true);
    }

    /**
     * The rows of every file, read in parallel.
     *
     * @throws BadInputException naming the first file (in path order) with a problem
     */
    static long[] rowsPerFile(JavaSparkContext jsc, List<String> paths, StructType expected, String reference) {
        return readAll(jsc, paths, expected, reference).stream().mapToLong(Footer::rows).toArray();
    }

    /**
     * Every file's footer, read in parallel.
     *
     * @throws BadInputException naming the first file (in path order) with a problem
     */
    static List<Footer> readAll(JavaSparkContext jsc, List<String> paths, StructType expected, String reference) {
        HadoopConf conf = new HadoopConf(jsc.hadoopConfiguration());
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            indices.add(i);
        }
        List<String> files = List.copyOf(paths);
        int slices = Math.max(1, Math.min(paths.size(), jsc.defaultParallelism()));
        List<Footer> footers = jsc.parallelize(indices, slices)
                .map(i -> read(files.get(i), conf.get(), expected, reference))
                .collect();
        for (Footer f : footers) {
            if (f.problem() != null) {
                throw new BadInputException(f.problem());
            }
        }
        return footers;
    }

    /** Checks one file on the driver. @throws BadInputException when it cannot be read as Parquet */
    static void requireReadable(String path, Configuration conf) {
        Footer f = read(path, conf, null, path);
        if (f.problem() != null) {
            throw new BadInputException(f.problem());
        }
    }

    /** The Parquet schema of a file {@link #requireReadable} accepted, read on the driver. */
    static MessageType parquetSchema(String path, Configuration conf) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf))) {
            return reader.getFooter().getFileMetaData().getSchema();
        } catch (IOException e) {
            throw new BadInputException(path + " is not a readable Parquet file: " + firstLine(e), e);
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
