package dev.fullbatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Records every Spark job's duration, stage names and the bytes its tasks sent back to the driver, so that a
 * system's gradient passes can be timed from the outside (Spark ML's loss-function jobs, MLlib's
 * {@code GradientDescent} jobs) without touching its code.
 *
 * <p>Register once with {@code SparkContext.addSparkListener}. Events arrive on Spark's listener thread; readers
 * call {@link #settle} first so that every job that has ended is recorded.
 */
public final class JobLog extends SparkListener {

    /**
     * One finished job.
     *
     * @param id Spark's job id
     * @param millis wall time from submission to completion, in milliseconds
     * @param endNanos {@link System#nanoTime()} when the end event was handled
     * @param stages the names of the job's stages (their call sites, e.g. "treeAggregate at X.scala:61")
     * @param resultBytes serialized task results sent to the driver, summed over the job's tasks
     * @param cpuNanos executor CPU time of the job's tasks, summed, in nanoseconds: unlike {@code millis}, waiting
     *                 for a core on a shared machine does not count
     */
    public record Job(int id, long millis, long endNanos, List<String> stages, long resultBytes, long cpuNanos) {
        /** Whether any stage name contains {@code text}. */
        public boolean stageMatches(String text) {
            for (String s : stages) {
                if (s.contains(text)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Map<Integer, Long> startTimes = new ConcurrentHashMap<>();
    private final Map<Integer, List<String>> stageNames = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> stageToJob = new ConcurrentHashMap<>();
    private final Map<Integer, Long> resultBytes = new ConcurrentHashMap<>();
    private final Map<Integer, Long> cpuNanos = new ConcurrentHashMap<>();
    private final List<Job> finished = new ArrayList<>();

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        List<String> names = new ArrayList<>();
        for (StageInfo s : CollectionConverters.asJava(start.stageInfos())) {
            names.add(s.name());
            stageToJob.put(s.stageId(), start.jobId());
        }
        stageNames.put(start.jobId(), names);
        startTimes.put(start.jobId(), start.time());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        Integer job = stageToJob.get(end.stageId());
        if (job != null && end.taskMetrics() != null) {
            resultBytes.merge(job, end.taskMetrics().resultSize(), Long::sum);
            cpuNanos.merge(job, end.taskMetrics().executorCpuTime(), Long::sum);
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        Long start = startTimes.remove(end.jobId());
        List<String> names = stageNames.remove(end.jobId());
        Long bytes = resultBytes.remove(end.jobId());
        Long cpu = cpuNanos.remove(end.jobId());
        stageToJob.values().removeIf(j -> j == end.jobId());
        synchronized (finished) {
            finished.add(new Job(end.jobId(), start == null ? -1 : end.time() - start, System.nanoTime(),
                    names == null ? List.of() : List.copyOf(names), bytes == null ? 0 : bytes,
                    cpu == null ? 0 : cpu));
        }
    }

    /** Waits (at most 10 s) until every started job has been recorded as ended. */
    public void settle() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!startTimes.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            Thread.sleep(50); // the last end event may still be in the listener queue after its job returned
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The number of jobs recorded so far: a mark for {@link #since}. */
    public int mark() {
        synchronized (finished) {
            return finished.size();
        }
    }

    /** Jobs recorded after {@code mark} that satisfy {@code filter}, in completion order. */
    public List<Job> since(int mark, Predicate<Job> filter) {
        List<Job> out = new ArrayList<>();
        synchronized (finished) {
            for (Job j : finished.subList(mark, finished.size())) {
                if (filter.test(j)) {
                    out.add(j);
                }
            }
        }
        return out;
    }
}
