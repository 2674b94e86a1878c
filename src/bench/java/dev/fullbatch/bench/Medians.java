package dev.fullbatch.bench;

import java.util.Arrays;
import java.util.List;

/** Medians of timings. */
final class Medians {
    private Medians() {
    }

    /** The median (the mean of the middle two for an even count); NaN when empty. */
    static double of(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The median of job durations, in milliseconds. */
    static double ofJobs(List<JobLog.Job> jobs) {
        return of(jobs.stream().mapToDouble(JobLog.Job::millis).toArray());
    }

    /** The median of the jobs' executor CPU time (summed over each job's tasks), in milliseconds. */
    static double cpuOfJobs(List<JobLog.Job> jobs) {
        return of(jobs.stream().mapToDouble(j -> j.cpuNanos() / 1e6).toArray());
    }

    /** The median of the jobs' result bytes. */
    static long resultBytes(List<JobLog.Job> jobs) {
        return (long) of(jobs.stream().mapToDouble(JobLog.Job::resultBytes).toArray());
    }
}
