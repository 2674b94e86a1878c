package dev.fullbatch.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.input.CsvCategories;
import dev.fullbatch.input.ParsedSegment;
import dev.fullbatch.input.Segment;
import dev.fullbatch.input.SegmentReport;
import dev.fullbatch.math.ExactVector;
import dev.fullbatch.model.PartialSums;
import java.util.List;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Lets Spark's {@code KryoSerializer} (a common cluster default in {@code spark-defaults.conf}) carry fullbatch's
 * values: the records and blocks that travel in RDDs, shuffles and spilled caches are written with Java
 * serialization inside Kryo's stream. Kryo's own field serializer cannot build Java records, and would bypass the
 * compact forms ({@code writeReplace}) the exact sums travel in. Registering every class explicitly also satisfies
 * {@code spark.kryo.registrationRequired=true}. Spark instantiates it by name from {@code spark.kryo.registrator},
 * which {@link #SETTING} names and {@code SparkRuntime} sets.
 */
public final class KryoRegistration implements KryoRegistrator {
    /** The Spark setting that lists registrators (comma-separated). */
    public static final String SETTING = "spark.kryo.registrator";

    /** The classes that travel through Spark's configured serializer (broadcasts, RDD data, shuffles), not its closure one. */
    static final List<Class<?>> TRAVELLING = List.of(HadoopConf.class, Segment.class, ParsedSegment.class,
            SegmentReport.class, RowBlock.class, RowBlockReport.class, RowRun.class, ParquetFooters.Footer.class,
            ParquetBlockScan.BlockRange.class,
            DenseBlock.class, SparseBlock.class, PartialSums.class, ExactVector.class, RowOrigins.class,
            BroadcastParameters.class, CsvCategories.Tally.class);

    @Override
    public void registerClasses(Kryo kryo) {
        for (Class<?> c : TRAVELLING) {
            kryo.register(c, new JavaSerializer());
            kryo.register(c.arrayType()); // collected partitions travel as arrays
        }
        // Any other record (a report inside a result, say) the same way, rather than failing deep inside a task.
        kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
    }

    /** {@code existing} (a registrator list, may be null or blank) with this class added once. */
    public static String withThis(String existing) {
        String me = KryoRegistration.class.getName();
        if (existing == null || existing.isBlank()) {
            return me;
        }
        for (String s : existing.split(",")) {
            if (s.strip().equals(me)) {
                return existing;
            }
        }
        return existing + "," + me;
    }
}
