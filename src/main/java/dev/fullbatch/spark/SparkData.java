package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.engine.RowOutputs;
import dev.fullbatch.input.DataSummary;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Cached blocks on Spark as the engine port sees them; {@link #close()} releases the cache. */
final class SparkData implements LoadedData {
    private final JavaSparkContext jsc;
    private final BlockLoader.Loaded loaded;
    private final TreeGradient passes;

    SparkData(JavaSparkContext jsc, BlockLoader.Loaded loaded, int treeDepth) {
        this.jsc = jsc;
        this.loaded = loaded;
        this.passes = new TreeGradient(jsc, loaded.blocks(), treeDepth);
    }

    @Override
    public DataSummary summary() {
        return loaded.summary();
    }

    @Override
    public List<RowOutputs.Column> keptColumns() {
        return loaded.keptColumns();
    }

    @Override
    public <A> A reduce(BlockAggregator<A> aggregator, double[] parameters, String description) {
        return passes.reduce(aggregator, parameters, description);
    }

    /** One Spark job: the blocks mapped to rows (the parameters broadcast) and written by Spark SQL's writer. */
    @Override
    public void write(RowOutputs outputs, double[] parameters, RowOutputs.Format format, String path,
                      String description) {
        Broadcast<double[]> shared = jsc.broadcast(parameters.clone());
        try {
            jsc.setJobDescription(description);
            JavaRDD<Row> rows = loaded.origins() == null
                    ? loaded.blocks().flatMap(block -> rowsOf(outputs, block, null, shared))
                    : loaded.blocks().zip(loaded.origins()).flatMap(p -> rowsOf(outputs, p._1(), p._2(), shared));
            StructType schema = new StructType();
            for (RowOutputs.Column c : outputs.columns()) {
                schema = schema.add(c.name(), sqlType(c), c.nullable());
            }
            SparkSession session = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
            DataFrameWriter<Row> writer = session.createDataFrame(rows, schema).write();
            if (format == RowOutputs.Format.PARQUET) {
                writer.parquet(path);
            } else {
                // RFC 4180 quoting, as the local engine writes: a quote inside a quoted cell doubled, not escaped
                // with a backslash (kept text columns may hold quotes).
                writer.option("header", "true").option("escape", "\"").csv(path);
            }
        } finally {
            jsc.setJobDescription(null);
            shared.destroy();
        }
    }

    private static java.util.Iterator<Row> rowsOf(RowOutputs outputs, Block block, RowOrigins origins,
                                                  Broadcast<double[]> shared) {
        List<Row> out = new ArrayList<>(block.rows());
        outputs.rows(block, origins, shared.value(), row -> out.add(RowFactory.create(row)));
        return out.iterator();
    }

    private static DataType sqlType(RowOutputs.Column column) {
        return switch (column.type()) {
            case DOUBLE -> DataTypes.DoubleType;
            case LONG -> DataTypes.LongType;
            case STRING -> DataTypes.StringType;
            case INPUT -> DataType.fromJson(column.inputType());
        };
    }

    @Override
    public void close() {
        loaded.close();
    }
}
