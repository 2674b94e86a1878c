package dev.fullbatch.job;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.engine.RowOutputs;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.math.DeterministicMath;
import dev.fullbatch.model.BlockObjective;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one prediction per input row, in input order, as CSV (with a header) or Parquet: for text input first
 * {@code file} and {@code line} (the row's source file and 1-based line number in it, every line counted, as
 * bad-record messages number them), then {@code label},
 * {@code prediction} (the value for regression; for binary models the class in the data's own convention, 1 or
 * the negative label, -1 or 0; the class 0..K-1 for multiclass) and, for classification, {@code probability} (of
 * the positive class, or of the predicted class), and for multiclass models also {@code probability_0} ...
 * {@code probability_K-1} (every class's).
 */
final class PredictionWriter {
    private final Predictions predictions;
    private final double[] params;

    /**
     * @param negativeLabel what a binary model predicts for the negative class: -1 or 0, as the data has it
     * @param textInput whether the input is LIBSVM or CSV text, whose rows have a file and line
     */
    PredictionWriter(BlockObjective model, LossKind loss, double[] params, double negativeLabel, boolean textInput) {
        this.predictions = new Predictions(model, loss.isClassification(), loss.isBinary(), loss.isLogLink(),
                negativeLabel, textInput);
        this.params = params.clone();
    }

    /** Writes the predictions for every row of {@code data} into the folder {@code target}. */
    void write(LoadedData data, String target, RowOutputs.Format format) {
        data.write(predictions, params, format, target, "writing predictions");
    }

    /** The output rows of a model's predictions. */
    private record Predictions(BlockObjective model, boolean classification, boolean binary, boolean logLink,
                               double negativeLabel, boolean textInput)
            implements RowOutputs {
        @Override
        public List<Column> columns() {
            List<Column> columns = new ArrayList<>();
            if (textInput) {
                columns.add(Column.required("file", Type.STRING));
                columns.add(Column.required("line", Type.LONG));
            }
            columns.add(Column.required("label", Type.DOUBLE));
            columns.add(Column.required("prediction", Type.DOUBLE));
            if (classification) {
                columns.add(Column.required("probability", Type.DOUBLE));
            }
            if (classification && !binary) {
                for (int c = 0; c < model.outputs(); c++) {
                    columns.add(Column.required("probability_" + c, Type.DOUBLE));
                }
            }
            return columns;
        }

        @Override
        public void rows(Block block, RowOrigins origins, double[] p, Sink out) {
            if (!textInput) {
                predict(block, p, out);
                return;
            }
            // The file and line go first; a missing origin would be an engine bug, not a user's problem.
            int[] row = {0};
            predict(block, p, values -> {
                Object[] withOrigin = new Object[values.length + 2];
                withOrigin[0] = origins.file();
                withOrigin[1] = origins.lines()[row[0]++];
                System.arraycopy(values, 0, withOrigin, 2, values.length);
                out.accept(withOrigin);
            });
        }

        private void predict(Block block, double[] p, Sink sink) {
            int k = model.outputs();
            double[] margins = new double[block.rows() * k];
            model.margins(block, p, margins);
            for (int i = 0; i < block.rows(); i++) {
                double label = block.labels()[i];
                if (!classification) {
                    sink.accept(new Object[] {label, logLink ? DeterministicMath.exp(margins[i]) : margins[i]});
                } else if (binary) {
                    double prob = DeterministicMath.sigmoid(margins[i]);
                    sink.accept(new Object[] {label, margins[i] > 0 ? 1.0 : negativeLabel, prob});
                } else {
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        if (margins[i * k + c] > margins[i * k + best]) {
                            best = c;
                        }
                    }
                    double z = 0;
                    double[] e = new double[k];
                    for (int c = 0; c < k; c++) {
                        e[c] = DeterministicMath.exp(margins[i * k + c] - margins[i * k + best]);
                        z += e[c];
                    }
                    Object[] row = new Object[3 + k];
                    row[0] = label;
                    row[1] = (double) best;
                    row[2] = 1.0 / z;
                    for (int c = 0; c < k; c++) {
                        row[3 + c] = e[c] / z;
                    }
                    sink.accept(row);
                }
            }
        }
    }
}
