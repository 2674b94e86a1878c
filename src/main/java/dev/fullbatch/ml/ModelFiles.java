package dev.fullbatch.ml;

import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.job.EmbeddedTraining;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * Saving and loading a fitted model in Spark ML's layout: {@code PATH/metadata} (the class, uid and parameters, as
 * every Spark ML stage writes it) and {@code PATH/data/}, which holds the model directory's files as
 * {@code fullbatch train} writes them (model.json, metrics.json, history.csv).
 */
final class ModelFiles {
    private ModelFiles() {
    }

    /** Writes a model's metadata and files. */
    static final class Writer extends MLWriter {
        private final Params stage;
        private final FittedModel fitted;

        Writer(Params stage, FittedModel fitted) {
            this.stage = stage;
            this.fitted = fitted;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(stage, path, sparkSession());
            Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
            Path data = new Path(path, "data");
            try {
                FileSystem fs = data.getFileSystem(conf);
                for (Map.Entry<String, String> f : fitted.files().entrySet()) {
                    try (OutputStream out = fs.create(new Path(data, f.getKey()), false)) {
                        out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                    }
                }
                // Last, as train writes it: data/ is then a complete model directory for export and predict.
                fs.create(new Path(data, ModelDirectory.SUCCESS), false).close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the model to " + data, e);
            }
        }
    }

    /** Reads a model saved by {@link Writer}. */
    static final class Reader<M extends Params> extends MLReader<M> {
        private final Class<M> type;
        private final BiFunction<String, FittedModel, M> make;

        /** @param make builds the model from its uid and its files */
        Reader(Class<M> type, BiFunction<String, FittedModel, M> make) {
            this.type = type;
            this.make = make;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                    type.getName());
            Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
            Path data = new Path(path, "data");
            Map<String, String> files = new LinkedHashMap<>();
            try {
                FileSystem fs = data.getFileSystem(conf);
                for (String name : EmbeddedTraining.FILES) {
                    Path file = new Path(data, name);
                    if (fs.exists(file)) {
                        try (InputStream in = fs.open(file)) {
                            files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the model in " + data, e);
            }
            M model = make.apply(metadata.uid(), new FittedModel(files, data.toString()));
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
