package dev.fullbatch.job;

import dev.fullbatch.data.Block;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.math.DeterministicMath;
import dev.fullbatch.model.BlockObjective;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes one prediction per input row, in input order, as CSV (with a header) or Parquet: columns {@code label},
 * {@code prediction} (the value for regression; for binary models the class in the data's own convention, 1 or
 * the negative label, -1 or 0; the class 0..K-1 for multiclass) and, for classification, {@code probability} (of
 * the positive class, or of the predicted class), and for multiclass models also {@code probability_0} ...
 * {@code probability_K-1} (every class's).
 */
final class PredictionWriter {
    private final SparkSession session;
    private final BlockObjective model;
    private final LossKind loss;
    private final double[] params;
    private final double negativeLabel;

    /** @param negativeLabel what a binary model predicts for the negative class: -1 or 0, as the data has it */
    PredictionWriter(SparkSession session, BlockObjective model, LossKind loss, double[] params,
                     double negativeLabel) {
        this.session = session;
        this.model = model;
        this.loss = loss;
        this.params = params.clone();
        this.negativeLabel = negativeLabel;
    }

    void write(JavaRDD<Block> blocks, Path staging, String format) {
        BlockObjective m = model;
        double[] p = params;
        boolean classification = loss.isClassification();
        boolean binary = loss.isBinary();
        double negative = negativeLabel;
        int k = m.outputs();
        JavaRDD<Row> rows = blocks.flatMap(block -> {
            double[] margins = new double[block.rows() * k];
            m.margins(block, p, margins);
            List<Row> out = new ArrayList<>(block.rows());
            for (int i = 0; i < block.rows(); i++) {
                double label = block.labels()[i];
                if (!classification) {
                    out.add(RowFactory.create(label, margins[i]));
                } else if (binary) {
                    double prob = DeterministicMath.sigmoid(margins[i]);
                    out.add(RowFactory.create(label, margins[i] > 0 ? 1.0 : negative, prob));
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
                    out.add(RowFactory.create(row));
                }
            }
            return out.iterator();
        });
        StructType schema = new StructType()
                .add("label", DataTypes.DoubleType, false)
                .add("prediction", DataTypes.DoubleType, false);
        if (classification) {
            schema = schema.add("probability", DataTypes.DoubleType, false);
        }
        if (classification && !binary) {
            for (int c = 0; c < k; c++) {
                schema = schema.add("probability_" + c, DataTypes.DoubleType, false);
            }
        }
        String target = new Path(staging, "predictions").toString();
        if (format.equals("parquet")) {
            session.createDataFrame(rows, schema).write().parquet(target);
        } else {
            session.createDataFrame(rows, schema).write().option("header", "true").csv(target);
        }
    }
}
