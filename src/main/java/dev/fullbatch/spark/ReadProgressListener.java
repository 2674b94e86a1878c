package dev.fullbatch.spark;

import dev.fullbatch.input.ReadProgress;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reports a read's progress on the driver from task completions, through a {@link ReadProgress}: the jobs the
 * reading thread starts while {@link #open} is in effect are tagged with a local property, and every successful
 * task of their last stage counts its partition's blocks (and bytes, when the caller knows them per partition; else
 * the bytes come from Spark's input metrics of every stage's tasks, as for Parquet's scan). A retried or
 * speculative partition counts once. Lines go to the sink from Spark's listener thread.
 *
 * <p>Lifecycle: {@link #open} registers the listener and tags the calling thread's jobs; {@link #close} removes both.
 */
final class ReadProgressListener extends SparkListener implements AutoCloseable {
    /** The local property naming a read's jobs. */
    static final String PROPERTY = "fullbatch.read";
    /** The least time between two progress lines, and before the first. */
    static final long DEFAULT_INTERVAL_NANOS = 5_000_000_000L;

    private final JavaSparkContext jsc;
    private final String tag = UUID.randomUUID().toString();
    private final ReadProgress progress;
    private final long[] blocksPerPartition;
    private final long[] bytesPerPartition;
    private final Consumer<String> sink;
    private final Set<Integer> stages = new HashSet<>();
    private final BitSet done = new BitSet();
    private int resultStage = -1;
    private long blocks;
    private long bytes;

    private ReadProgressListener(JavaSparkContext jsc, ReadProgress progress, long[] blocksPerPartition,
                                 long[] bytesPerPartition, Consumer<String> sink) {
        this.jsc = jsc;
        this.progress = progress;
        this.blocksPerPartition = blocksPerPartition;
        this.bytesPerPartition = bytesPerPartition;
        this.sink = sink;
    }

    /**
     * Starts reporting the jobs the calling thread runs until {@link #close}.
     *
     * @param blocksPerPartition blocks each partition of the read's last stage makes
     * @param bytesPerPartition bytes each of those partitions reads, or null to take Spark's input metrics
     * @param intervalNanos the least time between two lines
     */
    static ReadProgressListener open(JavaSparkContext jsc, String what, long[] blocksPerPartition,
                                     long[] bytesPerPartition, long totalBytes, long intervalNanos,
                                     Consumer<String> sink) {
        long totalBlocks = 0;
        for (long b : blocksPerPartition) {
            totalBlocks += b;
        }
        ReadProgress progress = new ReadProgress(what, totalBlocks, totalBytes, System.nanoTime(), intervalNanos);
        ReadProgressListener listener = new ReadProgressListener(jsc, progress, blocksPerPartition.clone(),
                bytesPerPartition == null ? null : bytesPerPartition.clone(), sink);
        jsc.setLocalProperty(PROPERTY, listener.tag);
        jsc.sc().addSparkListener(listener);
        return listener;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        if (start.properties() == null || !tag.equals(start.properties().getProperty(PROPERTY))) {
            return;
        }
        int last = -1;
        for (Object id : CollectionConverters.asJava(start.stageIds())) {
            stages.add((Integer) id);
            last = Math.max(last, (Integer) id);
        }
        // The read's blocks come out of its first job's last stage; later jobs (a conversion) reuse them.
        if (resultStage < 0) {
            resultStage = last;
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (!stages.contains(end.stageId()) || !(end.reason() instanceof Success$)) {
            return;
        }
        if (bytesPerPartition == null && end.taskMetrics() != null) {
            bytes += end.taskMetrics().inputMetrics().bytesRead();
        }
        int partition = end.taskInfo().partitionId();
        if (end.stageId() == resultStage && partition >= 0 && partition < blocksPerPartition.length
                && !done.get(partition)) {
            done.set(partition);
            blocks += blocksPerPartition[partition];
            if (bytesPerPartition != null) {
                bytes += bytesPerPartition[partition];
            }
        }
        progress.update(System.nanoTime(), blocks, bytes).ifPresent(sink);
    }

    @Override
    public void close() {
        jsc.setLocalProperty(PROPERTY, null);
        jsc.sc().removeSparkListener(this);
    }
}
