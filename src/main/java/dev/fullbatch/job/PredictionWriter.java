package dev.fullbatch.job;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.engine.RowOutputs;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.math.DeterministicMath;
import dev.fullbatch.model.BlockObjective;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one prediction per input row, in input order, as CSV (with a header) or Parquet: first the kept input
 * columns ({@code --id-col}, then {@code --keep-cols}, in their order; CSV cells as text, Parquet values with their
 * own types), then the row's source {@code file} and its position in it: {@code line} for text (the 1-based line
 * number, every line counted, as bad-record messages number them) or {@code row} for Parquet (the 0-based row index
 * within the file), then {@code label},
 * {@code prediction} (the value for regression; for binary models the class in the data's own convention, 1 or
 * the negative label, -1 or 0; the class 0..K-1 for multiclass) and, for classification, {@code probability} (of
 * the positive class, or of the predicted class), and for multiclass models also {@code probability_0} ...
 * {@code probability_K-1} (every class's).
 */
final class PredictionWriter {
    private final BlockObjective model;
    private final LossKind loss;
    private final double[] params;
    private final double negativeLabel;
    private final String positionColumn;

    /**
     * @param negativeLabel what a binary model predicts for the negative class: -1 or 0, as the data has it
     * @param inputFormat the scored data's format, which names a row's position in its file: its line (text) or
     *     its row index (Parquet, read with {@link dev.fullbatch.input.ReadOptions#rowIdentity()})
     */
    PredictionWriter(BlockObjective model, LossKind loss, double[] params, double negativeLabel,
                     ReadOptions.Format inputFormat) {
        this.model = model;
        this.loss = loss;
        this.params = params.clone();
        this.negativeLabel = negativeLabel;
        this.positionColumn = positionColumn(inputFormat);
    }

    /** The names of the columns every prediction of {@code model} on input of that format has besides the kept ones. */
    static List<String> ownColumns(BlockObjective model, LossKind loss, ReadOptions.Format inputFormat) {
        return new Predictions(model, loss.isClassification(), loss.isBinary(), loss.isLogLink(), 0,
                positionColumn(inputFormat), List.of()).columns().stream().map(RowOutputs.Column::name).toList();
    }

    private static String positionColumn(ReadOptions.Format inputFormat) {
        return inputFormat == ReadOptions.Format.PARQUET ? "row" : "line";
    }

    /** Writes the predictions for every row of {@code data} into the folder {@code target}. */
    void write(LoadedData data, String target, RowOutputs.Format format) {
        Predictions predictions = new Predictions(model, loss.isClassification(), loss.isBinary(), loss.isLogLink(),
                negativeLabel, positionColumn, data.keptColumns());
        data.write(predictions, params, format, target, "writing predictions");
    }

    /**
     * The output rows of a model's predictions.
     *
     * @param positionColumn the name of the column of a row's position in its file: line or row
     * @param kept the kept input columns, written first
     */
    private record Predictions(BlockObjective model, boolean classification, boolean binary, boolean logLink,
                               double negativeLabel, String positionColumn, List<RowOutputs.Column> kept)
            implements RowOutputs {
        @Override
        public List<Column> columns() {
            List<Column> columns = new ArrayList<>(kept);
            columns.add(Column.required("file", Type.STRING));
            columns.add(Column.required(positionColumn, Type.LONG));
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
            // A missing origin would be an engine bug, not a user's problem.
            if (origins == null) {
                throw new IllegalStateException("block " + block.id() + " was read without its rows' origins");
            }
            int k = kept.size();
            int[] row = {0};
            predict(block, p, values -> {
                int i = row[0]++;
                Object[] withOrigin = new Object[k + 2 + values.length];
                if (k > 0) {
                    System.arraycopy(origins.kept().rows()[i], 0, withOrigin, 0, k);
                }
                withOrigin[k] = origins.file();
                withOrigin[k + 1] = origins.positions()[i];
                System.arraycopy(values, 0, withOrigin, k + 2, values.length);
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
