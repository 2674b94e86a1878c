package dev.fullbatch.bench;

import dev.fullbatch.data.Block;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import dev.fullbatch.spark.TreeGradient;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** Times fullbatch's gradient passes ({@link TreeGradient}, one broadcast and one job each) on cached blocks. */
final class FullbatchRunner {
    private final JavaSparkContext jsc;
    private final JobLog jobs;
    private final int warmup;
    private final int passes;
    private final long warmUpMillis;

    /**
     * @param warmup passes before measuring, at least
     * @param warmUpMillis milliseconds of passes before measuring, at least
     * @param passes measured passes
     */
    FullbatchRunner(JavaSparkContext jsc, JobLog jobs, int warmup, long warmUpMillis, int passes) {
        this.jsc = jsc;
        this.jobs = jobs;
        this.warmup = warmup;
        this.warmUpMillis = warmUpMillis;
        this.passes = passes;
    }

    /**
     * Runs {@code pass} at least {@code warmup} times and for at least {@code warmUpMillis}: the JIT needs a few
     * seconds of a kernel before it runs at full speed, whatever the data size.
     */
    private void warmUp(Runnable pass) {
        long start = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - start < warmUpMillis * 1_000_000L; i++) {
            pass.run();
        }
    }

    /** Parameters near the generating model, so every loss has nonzero derivatives. */
    static double[] parameters(Workload w, int dimension) {
        double[] p = new double[dimension];
        int d = w.features();
        for (int c = 0; c < w.outputs(); c++) {
            for (int j = 0; j < d; j++) {
                p[c * d + j] = 0.5 * SyntheticBlocks.truth(w.seed(), c, j) / Math.sqrt(w.nonzerosPerRow());
            }
        }
        return p;
    }

    /**
     * The median duration of a gradient pass's Spark job, the measure MLlib's and Spark ML's figures use, and beside
     * it the median wall time of the whole pass (broadcast, job, merge and rounding on the driver), which theirs have
     * no counterpart for: their runners cannot time their own broadcasts and driver steps apart from the fit.
     */
    Measurement run(String name, Workload w, JavaRDD<Block> cached, double bytesPerValue) {
        LinearObjective objective = new LinearObjective(w.loss().create(w.classes(), 1.0), w.features(), true);
        double[] p = parameters(w, objective.dimension());
        TreeGradient engine = new TreeGradient(jsc, cached, 2);
        warmUp(() -> engine.aggregate(objective, p, true, "bench warm-up"));
        jobs.settle();
        int mark = jobs.mark();
        double[] ms = new double[passes];
        double check = 0;
        for (int i = 0; i < passes; i++) {
            long t0 = System.nanoTime();
            PartialSums s = engine.aggregate(objective, p, true, "bench pass");
            ms[i] = (System.nanoTime() - t0) / 1e6;
            check += s.lossSum();
        }
        jobs.settle();
        List<JobLog.Job> measured = jobs.since(mark, j -> true);
        if (measured.size() != passes) {
            System.out.println("INFO " + name + ": " + measured.size() + " Spark jobs for " + passes
                    + " passes, so ms is the wall time of a pass");
        }
        long bytes = Medians.resultBytes(measured);
        System.out.printf(java.util.Locale.ROOT, "INFO %s fullbatch: %d jobs, median job %.1f ms, median executor CPU "
                + "%.1f ms, %,d result bytes to the driver per pass, loss %.6g%n", name, measured.size(),
                Medians.ofJobs(measured), Medians.cpuOfJobs(measured), bytes, check / passes);
        double jobMillis = measured.size() == passes ? Medians.ofJobs(measured) : Medians.of(ms);
        return new Measurement(name, "fullbatch", jobMillis, bytesPerValue, bytes, Medians.of(ms));
    }

    /**
     * The exact merge against the plain-double one on the same kernels, passes alternating so that neither gains from
     * the machine's load or the JIT's progress: {exact, plain}.
     */
    Measurement[] compareMerges(String exactName, String plainName, Workload w, JavaRDD<Block> cached,
                                double bytesPerValue) {
        TreeGradient engine = new TreeGradient(jsc, cached, 2);
        return alternate(w, List.of(engine::aggregate, (objective, p, wantVector, description) ->
                engine.reduce(new PlainDoubleSums(objective), p, description)), List.of(exactName, plainName),
                List.of(bytesPerValue, bytesPerValue));
    }

    /**
     * Passes over several cached copies of the same rows (e.g. double and float storage), alternating so that the
     * machine's load and the JIT's progress weigh on each alike; one measurement per engine.
     */
    Measurement[] alternate(Workload w, List<ReductionEngine> engines, List<String> names,
                            List<Double> bytesPerValue) {
        LinearObjective objective = new LinearObjective(w.loss().create(w.classes(), 1.0), w.features(), true);
        double[] p = parameters(w, objective.dimension());
        warmUp(() -> engines.forEach(e -> e.aggregate(objective, p, true, "bench warm-up")));
        double[][] ms = new double[engines.size()][passes];
        for (int i = 0; i < passes; i++) {
            for (int e = 0; e < engines.size(); e++) {
                long t0 = System.nanoTime();
                engines.get(e).aggregate(objective, p, true, "bench pass (" + names.get(e) + ")");
                ms[e][i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Measurement[] out = new Measurement[engines.size()];
        StringBuilder info = new StringBuilder("INFO alternating passes:");
        for (int e = 0; e < engines.size(); e++) {
            out[e] = new Measurement(names.get(e), "fullbatch", Medians.of(ms[e]), bytesPerValue.get(e), -1);
            info.append(String.format(java.util.Locale.ROOT, " %s %.1f ms;", names.get(e), out[e].millis()));
        }
        System.out.println(info);
        return out;
    }
}
