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
import org.apache.parquet.hadoop.util.HadoopInputFile;
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
     */
    record Footer(long rows, String problem) implements Serializable {
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
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf))) {
            rows = reader.getRecordCount();
            metadata = reader.getFooter().getFileMetaData().getKeyValueMetaData();
        } catch (IOException | RuntimeException e) {
            return new Footer(0, path + " is not a readable Parquet file: " + firstLine(e));
        }
        String json = metadata == null ? null : metadata.get(SPARK_SCHEMA_KEY);
        if (json == null || expected == null) {
            return new Footer(rows, null);
        }
        StructType schema;
        try {
            schema = (StructType) DataType.fromJson(json);
        } catch (RuntimeException e) {
            return new Footer(rows, null);
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
        return new Footer(rows, null);
    }

    /**
     * The rows of every file, read in parallel.
     *
     * @throws BadInputException naming the first file (in path order) with a problem
     */
    static long[] rowsPerFile(JavaSparkContext jsc, List<String> paths, StructType expected, String reference) {
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
        long[] rows = new long[paths.size()];
        for (int i = 0; i < rows.length; i++) {
            Footer f = footers.get(i);
            if (f.problem() != null) {
                throw new BadInputException(f.problem());
            }
            rows[i] = f.rows();
        }
        return rows;
    }

    /** Checks one file on the driver. @throws BadInputException when it cannot be read as Parquet */
    static void requireReadable(String path, Configuration conf) {
        Footer f = read(path, conf, null, path);
        if (f.problem() != null) {
            throw new BadInputException(f.problem());
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
