package dev.fullbatch.engine;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.input.CsvCategories;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.input.TextInput;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The engine without Spark: reads text input on the calling thread with the same listing, segmenting, parsing and
 * checks as the Spark engine (so the same blocks, the same summary and the same messages), keeps the blocks in
 * memory and runs every pass over them in this thread ({@link LocalBlocks}). For tests, and data small enough for
 * one thread. Parquet input needs Spark SQL, and so the Spark engine.
 */
public final class LocalEngine implements DataEngine {
    private final Configuration conf;

    /** @param conf the Hadoop configuration files are read and written with */
    public LocalEngine(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public LoadedData load(String uri, ReadOptions options) {
        if (options.format() == ReadOptions.Format.PARQUET) {
            throw new UnsupportedOperationException("the local engine reads LIBSVM and CSV text only; Parquet input "
                    + "needs the Spark engine");
        }
        TextInput.Read read = TextInput.read(uri, options, conf);
        return new Data(new LocalBlocks(read.blocks()), read.summary(), read.origins(),
                RowOutputs.Column.keptText(options.keptColumns()), conf);
    }

    /** Counts segment after segment in this thread ({@link CsvCategories}); CSV only, like {@link #load}. */
    @Override
    public CategoryCounts countCategories(String uri, ReadOptions options, List<String> columns, int maxDistinct) {
        if (options.format() != ReadOptions.Format.CSV) {
            throw new UnsupportedOperationException("the local engine counts the categories of CSV input only");
        }
        return CsvCategories.count(uri, options, columns, maxDistinct, conf);
    }

    @Override
    public Configuration hadoopConfiguration() {
        return conf;
    }

    /** Loaded data held in memory. */
    private static final class Data implements LoadedData {
        private final LocalBlocks blocks;
        private final DataSummary summary;
        private final List<RowOrigins> origins;
        private final List<RowOutputs.Column> kept;
        private final Configuration conf;

        Data(LocalBlocks blocks, DataSummary summary, List<RowOrigins> origins, List<RowOutputs.Column> kept,
             Configuration conf) {
            this.blocks = blocks;
            this.origins = origins;
            this.kept = kept;
            this.summary = summary;
            this.conf = conf;
        }

        @Override
        public DataSummary summary() {
            return summary;
        }

        @Override
        public List<RowOutputs.Column> keptColumns() {
            return kept;
        }

        @Override
        public <A> A reduce(BlockAggregator<A> aggregator, double[] parameters, String description) {
            return blocks.reduce(aggregator, parameters.clone(), description);
        }

        /** CSV only: one part file, {@code part-00000.csv}, with a header line, values as Spark's CSV writer writes them. */
        @Override
        public void write(RowOutputs outputs, double[] parameters, RowOutputs.Format format, String path,
                          String description) {
            if (format != RowOutputs.Format.CSV) {
                throw new UnsupportedOperationException("the local engine writes CSV only, not " + format);
            }
            double[] p = parameters.clone();
            Path folder = new Path(path);
            try {
                FileSystem fs = folder.getFileSystem(conf);
                if (!fs.mkdirs(folder)) {
                    throw new IOException("cannot create " + folder);
                }
                try (Writer out = new OutputStreamWriter(fs.create(new Path(folder, "part-00000.csv"), false),
                        StandardCharsets.UTF_8)) {
                    List<RowOutputs.Column> columns = outputs.columns();
                    StringBuilder line = new StringBuilder();
                    for (int c = 0; c < columns.size(); c++) {
                        line.append(c == 0 ? "" : ",").append(CsvCell.of(columns.get(c).name()));
                    }
                    out.write(line.append('\n').toString());
                    List<Block> all = blocks.blocks();
                    for (int b = 0; b < all.size(); b++) {
                        StringBuilder text = new StringBuilder();
                        outputs.rows(all.get(b), origins.get(b), p, row -> {
                            for (int c = 0; c < row.length; c++) {
                                text.append(c == 0 ? "" : ",").append(row[c] == null ? "" : CsvCell.of(row[c].toString()));
                            }
                            text.append('\n');
                        });
                        out.write(text.toString());
                    }
                }
                fs.create(new Path(folder, "_SUCCESS"), false).close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path, e);
            }
        }

        @Override
        public void close() {
        }
    }

    /** A CSV cell: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
    private static final class CsvCell {
        private CsvCell() {
        }

        static String of(String text) {
            boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                    || text.indexOf('\r') >= 0;
            return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
        }
    }
}
