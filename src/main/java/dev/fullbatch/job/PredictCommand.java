package dev.fullbatch.job;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.spark.BlockLoader;
import dev.fullbatch.spark.ReadOptions;
import dev.fullbatch.spark.TreeGradient;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fullbatch predict}: scores data with a saved model, writes the predictions and metrics.json into the
 * output directory (committed all-or-nothing, with {@code _SUCCESS} last) and prints the metrics.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score data with a saved model; write predictions and metrics.json, print the metrics.")
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--conf", paramLabel = "FILE", description = "Properties file with option values.")
    String conf;

    @Option(names = "--model", paramLabel = "DIR", description = "A model directory written by train. Required.")
    String model;

    @Option(names = "--data", paramLabel = "URI", description = "Data to score (same formats as train). Required.")
    String data;

    @Option(names = "--output", paramLabel = "URI", description = "Directory for predictions and metrics.json. Required.")
    String output;

    @Option(names = "--format", paramLabel = "FMT", description = "libsvm or csv (default: the model's training format).")
    String format;

    @Option(names = "--label-col", paramLabel = "K", description = "CSV: 0-based label column (default: as in training).")
    Integer labelCol;

    @Option(names = "--header", arity = "0..1", fallbackValue = "true", description = "CSV files start with a header line (default: as in training).")
    Boolean header;

    @Option(names = "--predictions-format", paramLabel = "FMT", description = "csv (default) or parquet.")
    String predictionsFormat = "csv";

    @Option(names = "--bad-records", paramLabel = "POLICY", description = "fail (default) or skip malformed lines.")
    String badRecords = "fail";

    @Option(names = "--overwrite", arity = "0..1", fallbackValue = "true", description = "Replace an existing output directory.")
    boolean overwrite;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*]).")
    String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "Extra Spark setting; repeatable.")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        TrainCommand.require(model, "--model", "the model directory written by train");
        TrainCommand.require(data, "--data", "the data to score");
        TrainCommand.require(output, "--output", "the directory to write predictions and metrics.json to");
        String pf = predictionsFormat.trim().toLowerCase(Locale.ROOT);
        if (!pf.equals("csv") && !pf.equals("parquet")) {
            throw new UsageException("--predictions-format must be csv or parquet, got '" + predictionsFormat + "'");
        }
        boolean skip = switch (badRecords.trim().toLowerCase(Locale.ROOT)) {
            case "fail" -> false;
            case "skip" -> true;
            default -> throw new UsageException("--bad-records must be 'fail' or 'skip', got '" + badRecords + "'");
        };
        try (SparkRuntime rt = SparkRuntime.open(master, "fullbatch predict", sparkConf)) {
            JavaSparkContext jsc = rt.jsc();
            Configuration hconf = jsc.hadoopConfiguration();
            SavedModel saved = readModel(hconf);
            ModelDirectory out = new ModelDirectory(output, hconf);
            out.recover();
            if (out.exists() && !overwrite) {
                throw new UsageException("output " + output + " already exists; pass --overwrite to replace it");
            }
            ModelChoice choice = ModelChoice.forScoring(saved, model + "/model.json");
            Map<String, Object> cfg = saved.config();
            String trainedFormat = String.valueOf(cfg.getOrDefault("format", "libsvm"));
            ReadOptions.Format fmt = FormatChoice.resolve(format != null ? format : trainedFormat, data);
            int d = saved.numFeatures();
            int label = labelCol != null ? labelCol : ((Number) cfg.getOrDefault("label-col", 0)).intValue();
            boolean hdr = header != null ? header : Boolean.TRUE.equals(cfg.get("header"));
            ReadOptions read = new ReadOptions(fmt, d, label, hdr, ReadOptions.DEFAULT_BLOCK_BYTES, skip,
                    skip ? Long.MAX_VALUE : 0, false, ReadOptions.Layout.AUTO, 0, "MEMORY_AND_DISK");
            LossKind loss = LossKind.fromName(saved.objective());
            BlockObjective objective = choice.objective();
            double[] params = choice.parameters(saved);
            BlockLoader.Loaded loaded;
            try {
                loaded = new BlockLoader(jsc).load(data, read);
            } catch (BadInputException e) {
                if (e.getMessage().contains("exceeds --num-features")) {
                    throw new BadInputException(e.getMessage().replace("exceeds --num-features",
                            "exceeds the model's") + " (model " + model + " has " + d + " features)");
                }
                throw e;
            }
            try (loaded) {
                if (fmt == ReadOptions.Format.CSV && loaded.summary().numFeatures() != d) {
                    throw new BadInputException(data + " has " + loaded.summary().numFeatures()
                            + " feature columns but model " + model + " was trained on " + d);
                }
                TrainingMetrics metrics = new TrainingMetrics(jsc, objective, loss);
                Map<String, Object> result = new LinkedHashMap<>(metrics.full(
                        new TreeGradient(jsc, loaded.blocks(), 2), loaded.blocks(), params));
                result.put("rows", loaded.summary().rows());
                Map<String, String> files = new LinkedHashMap<>();
                files.put("metrics.json", SavedModel.json(result));
                PredictionWriter writer = new PredictionWriter(rt.session(), objective, loss, params);
                out.commit(files, staging -> writer.write(loaded.blocks(), staging, pf), null);
                spec.commandLine().getOut().println(SavedModel.json(result).trim());
                spec.commandLine().getErr().println("fullbatch: predictions written to " + output);
            }
        }
        return ExitCode.OK;
    }

    private SavedModel readModel(Configuration hconf) {
        ModelDirectory dir = new ModelDirectory(model, hconf);
        try {
            if (!dir.exists()) {
                throw new UsageException("--model " + model + " does not exist");
            }
            if (!dir.isComplete()) {
                throw new UsageException("--model " + model + " is not a complete model directory (no _SUCCESS); "
                        + "was training interrupted?");
            }
            return SavedModel.fromJson(dir.read("model.json"), model + "/model.json");
        } catch (IOException e) {
            throw new UsageException("cannot read model " + model + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
