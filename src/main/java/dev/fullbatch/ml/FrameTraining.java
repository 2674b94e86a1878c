package dev.fullbatch.ml;

import dev.fullbatch.job.EmbeddedTraining;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.spark.FrameColumns;
import dev.fullbatch.spark.FrameEngine;
import java.io.PrintWriter;
import java.io.Writer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fit: the DataFrame served by a {@link FrameEngine} to the command's own training run
 * ({@link EmbeddedTraining}) with the estimator's parameters as {@code train} options. A message about an option
 * names the parameter instead ({@code --reg-l2} becomes {@code regL2}). Progress lines go to the log (INFO).
 */
final class FrameTraining {
    private static final Logger LOG = LoggerFactory.getLogger(FrameTraining.class);

    private FrameTraining() {
    }

    /**
     * Fits.
     *
     * @param classifier whether the estimator is the classifier (logistic, softmax) or the regressor (the rest)
     * @throws IllegalArgumentException for an objective of the other estimator, a bad parameter or bad data
     */
    static FittedModel fit(Dataset<?> dataset, TrainingParams<?> params, String featuresCol, String labelCol,
                           boolean classifier) {
        String objective = params.getOrDefault(params.objective());
        LossKind kind;
        try {
            kind = LossKind.fromName(objective);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("objective: " + e.getMessage());
        }
        if (classifier && kind != LossKind.LOGISTIC && kind != LossKind.SOFTMAX) {
            throw new IllegalArgumentException("objective " + objective + " is not a probabilistic classifier's: use "
                    + "logistic or softmax (FullBatchRegressor fits the others)");
        }
        if (!classifier && kind.isClassification()) {
            throw new IllegalArgumentException("objective " + objective + " is a classifier's: use "
                    + "FullBatchClassifier");
        }
        Dataset<Row> frame = dataset.toDF();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext());
        FrameColumns columns = new FrameColumns(featuresCol, labelCol, params.optionalColumn(params.weightCol()),
                params.optionalColumn(params.orderCol()));
        int treeDepth = (Integer) params.getOrDefault(params.treeDepth());
        try (PrintWriter log = new PrintWriter(new LogLines(), true)) {
            EmbeddedTraining.Result result = EmbeddedTraining.train(params.trainOptions(),
                    name -> new FrameEngine(jsc, Math.max(1, treeDepth), frame, columns, name), log);
            return new FittedModel(result.files(), "the fitted model");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(withParamNames(e.getMessage(), params), e);
        }
    }

    /** The message with every option a parameter stands for replaced by the parameter's name. */
    static String withParamNames(String message, TrainingParams<?> params) {
        String out = message;
        for (Param<?> p : params.params()) {
            String option = TrainingParams.optionOf(p.name());
            out = out.replaceAll(java.util.regex.Pattern.quote(option) + "(?![a-z0-9-])", p.name());
        }
        return out;
    }

    /** Lines written to it go to the log, one INFO entry each. */
    private static final class LogLines extends Writer {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    LOG.info(line.toString());
                    line.setLength(0);
                } else if (buf[i] != '\r') {
                    line.append(buf[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            if (line.length() > 0) {
                LOG.info(line.toString());
                line.setLength(0);
            }
        }
    }
}
