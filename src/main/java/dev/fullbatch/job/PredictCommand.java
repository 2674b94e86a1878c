package dev.fullbatch.job;

import dev.fullbatch.data.LabelRule;
import dev.fullbatch.engine.DataEngine;
import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.engine.RowOutputs;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.io.EncodingFile;
import dev.fullbatch.input.RowWeighting;
import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.io.OutputFolder;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.BlockObjective;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code fullbatch predict}: scores data with a saved model, writes the predictions and metrics.json into the
 * output directory (committed all-or-nothing, with {@code _SUCCESS} last) and prints the metrics.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"fullbatch predict --model DIR --data URI --output URI [OPTION...]",
            "  (--model, --data and --output are required, on the command line or in a --conf file)"},
        description = "Score data with a saved model; write predictions and metrics.json, print the metrics.")
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfFileOption conf = new ConfFileOption();

    @Option(names = "--model", paramLabel = "DIR", description = "Required. A model directory written by train.")
    String model;

    @Option(names = "--data", paramLabel = "URI", description = "Required. Data to score (same formats as train).")
    String data;

    @Option(names = "--output", paramLabel = "URI", description = "Required. Directory for predictions and metrics.json.")
    String output;

    @Option(names = "--format", paramLabel = "FMT", description = "libsvm, csv or parquet (default: the model's training format).")
    String format;

    @Option(names = "--label-col", paramLabel = "K|NAME", description = "CSV: 0-based label column; Parquet: label column name (default: as in training).")
    String labelCol;

    @Option(names = "--features-col", paramLabel = "NAME", description = "Parquet: the vector column of features (default: as in training).")
    String featuresCol;

    @Option(names = "--feature-cols", paramLabel = "A,B,C", hideParamSyntax = true, split = ",", description = "Parquet: numeric feature columns, in order (default: as in training).")
    List<String> featureCols = new ArrayList<>();

    @Option(names = "--header", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "CSV files start with a header line (default: as in training).")
    Boolean header;

    @Option(names = "--weight-col", paramLabel = "K|NAME", description = "CSV: 0-based instance weight column; Parquet: its name; 'none' for no weights (default: as in training). Weighs the metrics.")
    String weightCol;

    @Option(names = "--offset-col", paramLabel = "K|NAME", description = "CSV: 0-based offset column; Parquet: its name (default: as in training; a model trained with offsets needs them).")
    String offsetCol;

    @Option(names = "--id-col", paramLabel = "NAME", description = "CSV with a header, Parquet: an input column (a row id) written as the first column of every prediction, to join the predictions back to the input; CSV cells pass through as text, Parquet values with their type.")
    String idCol;

    @Option(names = "--keep-cols", paramLabel = "A,B,C", hideParamSyntax = true, split = ",", description = "CSV with a header, Parquet: more input columns written, in this order, at the start of every prediction (after --id-col).")
    List<String> keepCols = new ArrayList<>();

    @Option(names = "--predictions-format", paramLabel = "FMT", description = "csv (default) or parquet.")
    String predictionsFormat = "csv";

    @Option(names = "--bad-records", paramLabel = "POLICY", description = "fail (default) or skip malformed lines.")
    String badRecords = "fail";

    @Option(names = "--max-bad-records", paramLabel = "N", description = "With skip: fail anyway beyond N malformed lines (default: no limit).")
    long maxBadRecords = Long.MAX_VALUE;

    @Option(names = "--ignore-unknown-features", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "LIBSVM: leave out feature indices beyond the model's width (counted in metrics.json as ignoredFeatureValues) instead of stopping at the first such line.")
    boolean ignoreUnknownFeatures;

    @Option(names = "--tree-depth", paramLabel = "K", description = "treeAggregate depth (default 2).")
    int treeDepth = 2;

    @Option(names = "--overwrite", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Replace an existing output directory.")
    boolean overwrite;

    @CommandLine.Mixin
    SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() throws IOException {
        TrainCommand.require(model, "--model", "the model directory written by train");
        TrainCommand.require(data, "--data", "the data to score");
        TrainCommand.require(output, "--output", "the directory to write predictions and metrics.json to");
        String pf = predictionsFormat.trim().toLowerCase(Locale.ROOT);
        if (!pf.equals("csv") && !pf.equals("parquet")) {
            throw new UsageException("--predictions-format must be csv or parquet, got '" + predictionsFormat + "'");
        }
        boolean skip = TrainCommand.badRecordsPolicy(badRecords);
        if (maxBadRecords < 0) {
            throw new UsageException("--max-bad-records must be >= 0, got " + maxBadRecords);
        }
        if (!skip && maxBadRecords != Long.MAX_VALUE) {
            throw new UsageException("--max-bad-records applies to --bad-records skip; with --bad-records fail "
                    + "(the default) the first malformed line stops the job. Add --bad-records skip, or drop "
                    + "--max-bad-records");
        }
        TrainCommand.positiveInt("--tree-depth", treeDepth, 1);
        try (SparkRuntime rt = spark.open("fullbatch predict");
             ClaimedOutput claimed = ClaimedOutput.open("--output", output, OutputFolder.Kind.PREDICTIONS,
                     inputs(), rt.jsc().hadoopConfiguration(), spec.commandLine().getErr())) {
            DataEngine engine = rt.engine(treeDepth, spec.commandLine().getErr());
            Configuration hconf = engine.hadoopConfiguration();
            SavedModelSource source = SavedModelSource.read(model, hconf);
            SavedModel saved = source.saved();
            if (claimed.state() != OutputFolder.State.ABSENT && claimed.state() != OutputFolder.State.EMPTY
                    && !overwrite) {
                throw new UsageException("output " + output + " already holds predictions; pass --overwrite to "
                        + "replace them (the old ones stay intact until the new ones are complete)");
            }
            ModelDirectory out = new ModelDirectory(output, hconf);
            ModelChoice choice = source.choice();
            Map<String, Object> cfg = saved.config();
            String trainedFormat = String.valueOf(cfg.getOrDefault("format", "libsvm"));
            ReadOptions.Format fmt = FormatChoice.resolve(format != null ? format : trainedFormat, data, hconf);
            int given = TrainCommand.csvOptions(fmt, labelCol, Boolean.TRUE.equals(header));
            int d = saved.numFeatures();
            boolean trainedOnCsv = trainedFormat.equals("csv");
            int label = labelCol != null ? given
                    : trainedOnCsv && cfg.get("label-col") instanceof Number n ? n.intValue() : 0;
            boolean hdr = header != null ? header : trainedOnCsv && Boolean.TRUE.equals(cfg.get("header"));
            LossKind loss;
            try {
                loss = LossKind.fromName(saved.objective());
            } catch (IllegalArgumentException e) {
                throw new UsageException("model " + model + ": " + e.getMessage());
            }
            int classes = Math.max(saved.numClasses(), 2);
            LabelRule labels = TrainCommand.labelRule(loss, loss == LossKind.SOFTMAX ? classes : 0,
                    "the " + classes + " classes of model " + model);
            ReadOptions.Builder options = ReadOptions.builder(fmt)
                    .numFeatures(d, "the " + TrainCommand.count(d, "feature") + " of model " + model)
                    .labelColumn(label).header(hdr).labels(labels);
            ParquetColumns columns = parquetColumns(fmt, saved);
            options.parquetColumns(columns);
            if (skip) {
                options.skipBadRecords(maxBadRecords);
            }
            if (ignoreUnknownFeatures) {
                if (fmt != ReadOptions.Format.LIBSVM) {
                    throw new UsageException("--ignore-unknown-features applies to LIBSVM input (numbered features); "
                            + "--data is read as " + fmt.name().toLowerCase(Locale.ROOT) + ", whose columns must "
                            + "match the model's");
                }
                options.ignoreUnknownFeatures(true);
            }
            EncodingFile encoding = readEncoding(hconf);
            boolean hashesColumns = !columns.hashedColumns().isEmpty();
            if (encoding != null && encoding.hashing() != null) {
                if (hashesColumns && fmt != ReadOptions.Format.PARQUET) {
                    throw new UsageException("model " + model + " hashes the Parquet columns "
                            + columns.hashedColumns() + " (--hash-cols), but --data is "
                            + "read as " + fmt.name().toLowerCase(Locale.ROOT) + "; pass --format parquet");
                }
                if (!hashesColumns && fmt != ReadOptions.Format.LIBSVM) {
                    throw new UsageException("model " + model + " hashes the named features of LIBSVM-like text "
                            + "(--hash-features), but --data is read as " + fmt.name().toLowerCase(Locale.ROOT)
                            + "; pass --format libsvm");
                }
                options.hashing(encoding.hashing(), "the --hash-features " + encoding.hashing().bits()
                        + " of model " + model);
            }
            if (encoding != null && encoding.categorical() != null) {
                if (fmt != ReadOptions.Format.PARQUET && (fmt != ReadOptions.Format.CSV || !hdr)) {
                    throw new UsageException("model " + model + " one-hot encodes named columns "
                            + "(--categorical-cols), but --data is read as " + fmt.name().toLowerCase(Locale.ROOT)
                            + (hdr ? "" : " without a header") + "; pass --format csv --header, or --format parquet");
                }
                options.categorical(encoding.categorical());
            }
            options.weighting(weighting(fmt, trainedFormat, label, cfg));
            BlockObjective objective = choice.objective();
            List<String> kept = keptColumns(fmt, hdr, PredictionWriter.ownColumns(objective, loss, fmt));
            // A kept column the model names as a feature stays one; the others may be extra columns, kept only.
            List<String> modelFeatures = saved.featureNames() == null ? List.of() : saved.featureNames();
            options.keptColumns(kept).keptFeatures(kept.stream().filter(modelFeatures::contains).toList())
                    .rowIdentity(true);
            ReadOptions read = options.build();
            double[] params = choice.parameters(saved);
            long readStart = System.nanoTime();
            try (LoadedData loaded = engine.load(data, read)) {
                DataSummary summary = loaded.summary();
                labels.checkHeldOut(summary.labels(), "data " + data);
                // Counted, printed and recorded exactly as train does.
                spec.commandLine().getErr().printf(java.util.Locale.ROOT, "fullbatch: %,d rows, read in %.1f s%s%n",
                        summary.rows(), (System.nanoTime() - readStart) / 1e9, summary.badRecords() > 0
                                ? ", " + summary.badRecords() + " malformed lines skipped" : "");
                TrainingMetrics metrics = new TrainingMetrics(objective, loss, ModelChoice.tweediePower(saved),
                        saved.intercept().length > 0);
                Map<String, Object> result = metrics.json(metrics.evaluate(loaded, params, "metrics"), loaded,
                        params);
                if (skip) {
                    result.put("badRecords", summary.badRecords());
                }
                if (ignoreUnknownFeatures) {
                    result.put("ignoredFeatureValues", summary.ignoredFeatureValues());
                    if (summary.ignoredFeatureValues() > 0) {
                        spec.commandLine().getErr().printf(Locale.ROOT, "fullbatch: %,d values of features beyond "
                                + "the model's %,d left out (--ignore-unknown-features)%n",
                                summary.ignoredFeatureValues(), d);
                    }
                }
                if (encoding != null && encoding.categorical() != null) {
                    // Parquet rows end with the hashed features, after the categorical ones.
                    Map<String, Long> others = OtherLevelRows.count(loaded, encoding.categorical(),
                            summary.numFeatures() - (encoding.hashing() == null ? 0 : encoding.hashing().dimension()));
                    result.put("otherLevelRows", others);
                    OtherLevelRows.say(others, encoding.categorical(), summary.rows(), spec.commandLine().getErr());
                }
                Map<String, String> files = new LinkedHashMap<>();
                files.put("metrics.json", SavedModel.json(result));
                if (summary.badRecords() > 0) {
                    files.put("bad-records.txt", String.join("\n", summary.badExamples()) + "\n");
                }
                files.put(claimed.marker().getKey(), claimed.marker().getValue());
                claimed.verify();
                PredictionWriter writer = new PredictionWriter(objective, loss, params,
                        negativeLabel(summary.labels(), saved), fmt);
                out.commit(files, staging -> writer.write(loaded, new Path(staging, "predictions").toString(),
                        pf.equals("parquet") ? RowOutputs.Format.PARQUET : RowOutputs.Format.CSV), null);
                spec.commandLine().getOut().println(SavedModel.json(result).trim());
                spec.commandLine().getErr().println("fullbatch: predictions written to " + output);
            }
        }
        return ExitCode.OK;
    }

    /**
     * The label a binary model predicts for the negative class: -1 when the scored data's labels are -1/+1, 0 when
     * they are 0/1, and, when the scored rows hold one class only, the training data's convention as model.json
     * records it (0 for models trained before it did).
     */
    static double negativeLabel(dev.fullbatch.data.LabelStats scored, SavedModel saved) {
        if (scored.count() > 0 && scored.min() < 0) {
            return -1;
        }
        if (scored.count() > 0 && scored.min() == 0) {
            return 0;
        }
        return saved.data().get("labelValues") instanceof List<?> values && !values.isEmpty()
                && values.get(0) instanceof Number n && n.doubleValue() < 0 ? -1 : 0;
    }

    /**
     * The weight and offset columns: as in training (the scored data has the training data's layout), or as
     * {@code --weight-col} and {@code --offset-col} say. A model trained with offsets always reads them: a
     * prediction without its exposure would be wrong silently.
     */
    private RowWeighting weighting(ReadOptions.Format fmt, String trainedFormat, int labelColumn,
                                   Map<String, Object> cfg) {
        boolean sameFormat = fmt.name().equalsIgnoreCase(trainedFormat);
        String trainedWeight = sameFormat && cfg.get("weight-col") != null ? String.valueOf(cfg.get("weight-col"))
                : null;
        String trainedOffset = cfg.get("offset-col") != null ? String.valueOf(cfg.get("offset-col")) : null;
        String weight = weightCol == null ? trainedWeight : weightCol.trim().equalsIgnoreCase("none") ? null
                : weightCol;
        String offset = offsetCol != null ? offsetCol : sameFormat ? trainedOffset : null;
        if (trainedOffset != null && offset == null) {
            throw new UsageException("model " + model + " was trained with offsets (--offset-col " + trainedOffset
                    + ") and its predictions need them, but the data is read as " + fmt.name().toLowerCase(Locale.ROOT)
                    + "; name its offset column with --offset-col");
        }
        boolean libsvmWeights = fmt == ReadOptions.Format.LIBSVM && Boolean.TRUE.equals(cfg.get("libsvm-weights"));
        return TrainCommand.weighting(fmt, labelColumn, weight, offset, libsvmWeights);
    }

    /**
     * The input columns to pass through, {@code --id-col} first, checked before anything is read: kept columns
     * are named in CSV headers and Parquet schemas only, and each must give the predictions a column name of its
     * own (Spark's writers compare column names ignoring case).
     *
     * @param ownColumns the columns every prediction has (file, line or row, label, prediction, ...)
     */
    private List<String> keptColumns(ReadOptions.Format fmt, boolean hdr, List<String> ownColumns) {
        List<String> kept = new ArrayList<>();
        if (idCol != null) {
            kept.add(idCol.strip());
        }
        for (String c : keepCols) {
            kept.add(c.strip());
        }
        if (kept.isEmpty()) {
            return kept;
        }
        String option = idCol != null ? "--id-col" : "--keep-cols";
        if (fmt == ReadOptions.Format.LIBSVM || fmt == ReadOptions.Format.CSV && !hdr) {
            throw new UsageException(option + " names an input column, which needs CSV with a header (--format csv "
                    + "--header) or Parquet; --data is read as " + fmt.name().toLowerCase(Locale.ROOT)
                    + (fmt == ReadOptions.Format.CSV ? " without a header" : "") + ", whose predictions are named by "
                    + "their file and line instead");
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (String name : ownColumns) {
            seen.put(name.toLowerCase(Locale.ROOT), "the predictions' own column '" + name + "'");
        }
        for (int k = 0; k < kept.size(); k++) {
            String name = kept.get(k);
            String given = k == 0 && idCol != null ? "--id-col" : "--keep-cols";
            if (name.isEmpty()) {
                throw new UsageException(given + " has an empty column name");
            }
            String clash = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), given + " '" + name + "'");
            if (clash != null) {
                throw new UsageException(given + " '" + name + "' would give the predictions a second column of that "
                        + "name (" + clash + "); leave it out" + (clash.startsWith("the predictions") ? ", since the "
                        + "predictions already have it" : " once"));
            }
        }
        return kept;
    }

    /** The inputs the output must stay clear of. */
    private Map<String, String> inputs() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("--model", model);
        in.put("--data", data);
        return in;
    }

    /** The trained columns (as resolved in training, when the model was trained on Parquet) with overrides. */
    private ParquetColumns parquetColumns(ReadOptions.Format fmt, SavedModel saved) {
        ParquetColumns asked = TrainCommand.parquetColumns(fmt, labelCol, featuresCol, featureCols);
        if (fmt != ReadOptions.Format.PARQUET) {
            return asked;
        }
        ParquetColumns trained = ParquetColumns.defaults();
        if (saved.data().get("columns") instanceof Map<?, ?> m) {
            try {
                trained = ParquetColumns.fromMap(m);
            } catch (IllegalArgumentException e) {
                throw new UsageException("model " + model + " records unreadable Parquet columns: " + e.getMessage());
            }
        }
        String label = labelCol != null ? asked.labelColumn() : trained.labelColumn();
        ParquetColumns features = asked.featuresChosen() ? asked : trained;
        // the categorical columns come with their dictionaries (encoding.json); the hashed ones are the model's
        return new ParquetColumns(label, features.vectorColumn(), features.numericColumns())
                .withEncoded(List.of(), trained.hashedColumns());
    }

    /** The model's encoding.json, or null when it has none (numeric features only). */
    private EncodingFile readEncoding(Configuration hconf) {
        String where = model + "/" + EncodingFile.NAME;
        try {
            ModelDirectory dir = new ModelDirectory(model, hconf);
            if (!dir.fileSystem().exists(new Path(dir.path(), EncodingFile.NAME))) {
                return null;
            }
            return EncodingFile.fromJson(dir.read(EncodingFile.NAME), where);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UsageException("cannot read " + where + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
