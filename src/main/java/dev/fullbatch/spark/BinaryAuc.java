package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import dev.fullbatch.model.BlockObjective;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The area under the ROC curve of a binary model on cached blocks, exact (no binning), through Spark MLlib's
 * {@link BinaryClassificationMetrics}. A reporting metric only: its last bits are not part of the
 * reproducibility promise.
 */
public final class BinaryAuc {
    private BinaryAuc() {
    }

    /** AUC of {@code model} with {@code parameters} on {@code blocks}; labels greater than 0 are positive. */
    public static double compute(JavaSparkContext jsc, JavaRDD<Block> blocks, BlockObjective model,
                                 double[] parameters) {
        Broadcast<double[]> p = jsc.broadcast(parameters.clone());
        try {
            JavaRDD<Tuple2<Object, Object>> scored = blocks.flatMap(block -> {
                double[] m = new double[block.rows()];
                model.margins(block, p.value(), m);
                List<Tuple2<Object, Object>> out = new ArrayList<>(m.length);
                for (int i = 0; i < m.length; i++) {
                    out.add(new Tuple2<>(m[i], block.labels()[i] > 0 ? 1.0 : 0.0));
                }
                return out.iterator();
            });
            BinaryClassificationMetrics metrics = new BinaryClassificationMetrics(scored.rdd(), 0);
            double auc = metrics.areaUnderROC();
            metrics.unpersist();
            return auc;
        } finally {
            p.destroy();
        }
    }
}
