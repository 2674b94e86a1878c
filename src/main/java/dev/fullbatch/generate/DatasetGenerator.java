package dev.fullbatch.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Produces the rows of a synthetic data set as LIBSVM lines and writes them in parallel.
 *
 * <p>Row {@code i} is a pure function of the spec (minus its partition count) and {@code i}: it draws from its own
 * counter-based random stream, never from a shared generator. Features of the linear tasks are standard normal
 * (polar Box-Muller); with density below 1 the present indices are drawn by geometric gaps, so each index is present
 * independently with probability {@code density}, indices come out sorted and distinct, and the cost per row is
 * proportional to its nonzeros, not to D. A row may have no features at all (its line is the label alone). Labels
 * are computed from the feature values exactly as written (six decimals), so a reader recomputing x.w* + b* from the
 * file gets the label back up to its own six-decimal rounding.
 *
 * <ul>
 *   <li>regression: {@code y = x.w* + b* + noise * N(0,1)}, written with six decimals;</li>
 *   <li>binary: {@code +1} when {@code x.w* + b* + noise * Logistic(0,1) > 0}, else {@code -1};</li>
 *   <li>multiclass: the 0-based class maximizing {@code W*_k x + c*_k + noise * Gumbel_k} (lowest on ties);</li>
 *   <li>circles: a fair coin picks the inner ring (radius 0.5, label -1) or the outer ring (radius 1, label +1),
 *       the angle is uniform and the radius is jittered by {@code noise * N(0,1)};</li>
 *   <li>xor: both features uniform on [-1, 1], label +1 when their product (as written) is positive, else -1,
 *       flipped with probability {@code min(noise, 0.5)}.</li>
 * </ul>
 *
 * <p>The true weight of class k (0 for single-output tasks) on feature j is uniform on [-sqrt(3), sqrt(3)] divided
 * by sqrt(max(1, D * density)), so that the true score x.w* has about unit variance whatever D and the density are,
 * and {@code --noise} means the same on every shape; the true intercepts are uniform on [-0.5, 0.5]. They are hashed
 * from the seed and (k, j) rather than stored, so millions of features need no weight table on the executors.
 * Instances are immutable and thread-safe.
 */
public final class DatasetGenerator {
    private static final long ROW_PURPOSE = 0x524F57535452454DL;
    private static final double INNER_RADIUS = 0.5;
    private static final double OUTER_RADIUS = 1.0;
    private static final double MAX_FLIP_PROBABILITY = 0.5;

    private final GeneratorSpec spec;
    private final GroundTruth truth;
    private final long rowKey;
    private final double logOfAbsence;

    /** Prepares a generator; cheap, allocates nothing proportional to rows or features except for multiclass K. */
    public DatasetGenerator(GeneratorSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        this.spec = spec;
        this.truth = new GroundTruth(spec);
        this.rowKey = CounterRandom.key(spec.seed(), ROW_PURPOSE);
        this.logOfAbsence = spec.density() < 1 ? StrictMath.log1p(-spec.density()) : Double.NEGATIVE_INFINITY;
    }

    /** The spec this generator follows. */
    public GeneratorSpec spec() {
        return spec;
    }

    /**
     * The LIBSVM line of global row {@code i} (0-based), without a line terminator.
     *
     * @throws IllegalArgumentException unless {@code 0 <= i < rows}
     */
    public String row(long i) {
        if (i < 0 || i >= spec.rows()) {
            throw new IllegalArgumentException("row must be in [0, " + spec.rows() + "), got " + i);
        }
        StringBuilder line = new StringBuilder(32 + 12 * Math.min(1024, spec.featureCount()));
        appendRow(i, line);
        return line.toString();
    }

    /**
     * The true weights, a fresh array: length D for regression and binary, K * D row-major by class for multiclass
     * (the layout of a softmax model's {@code weights}).
     *
     * @throws IllegalStateException for circles and xor, which have no linear truth
     */
    public double[] trueWeights() {
        requireLinear();
        return truth.weightMatrix();
    }

    /**
     * The true intercept of regression and binary.
     *
     * @throws IllegalStateException for the other tasks (multiclass has K: see {@link #trueIntercepts()})
     */
    public double trueIntercept() {
        requireLinear();
        if (truth.outputCount() != 1) {
            throw new IllegalStateException(spec.task() + " has " + truth.outputCount()
                    + " intercepts; use trueIntercepts()");
        }
        return truth.intercept(0);
    }

    /**
     * The true intercepts, a fresh array of length 1 (regression, binary) or K (multiclass).
     *
     * @throws IllegalStateException for circles and xor
     */
    public double[] trueIntercepts() {
        requireLinear();
        return truth.interceptVector();
    }

    /**
     * Writes all rows under {@code outputUri} (any Hadoop file system) as {@code spec.partitions()} LIBSVM text part
     * files {@code part-00000, part-00001, ...}, each holding a contiguous range of rows, plus {@code _SUCCESS}. Each
     * Spark task generates its own range; the driver holds no rows.
     *
     * @throws IllegalArgumentException if the output already exists or its file system is unknown
     * @throws UncheckedIOException if the file system cannot be asked whether it exists
     */
    public void write(JavaSparkContext jsc, String outputUri) {
        if (jsc == null || outputUri == null || outputUri.isBlank()) {
            throw new IllegalArgumentException("need a Spark context and a non-blank output URI, got " + jsc + ", "
                    + outputUri);
        }
        requireAbsent(jsc, outputUri);
        int parts = spec.partitions();
        List<Integer> partIds = IntStream.range(0, parts).boxed().toList();
        jsc.parallelize(partIds, parts).flatMap(new PartRows(spec)).saveAsTextFile(outputUri);
    }

    private static void requireAbsent(JavaSparkContext jsc, String outputUri) {
        Path path = new Path(outputUri);
        try {
            FileSystem fs = path.getFileSystem(jsc.hadoopConfiguration());
            if (fs.exists(path)) {
                throw new IllegalArgumentException("--output " + outputUri
                        + " already exists; choose a new location or remove it first");
            }
        } catch (UnsupportedFileSystemException e) {
            throw new IllegalArgumentException("--output " + outputUri + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check whether " + outputUri + " exists", e);
        }
    }

    private void requireLinear() {
        if (!spec.task().isLinear()) {
            throw new IllegalStateException(spec.task() + " has no linear ground truth");
        }
    }

    /** Appends row {@code i} (already range-checked) to {@code line}. */
    void appendRow(long i, StringBuilder line) {
        int labelAt = line.length();
        CounterRandom random = CounterRandom.stream(rowKey, i);
        switch (spec.task()) {
            case REGRESSION, BINARY -> singleOutputRow(random, line, labelAt);
            case MULTICLASS -> multiclassRow(random, line, labelAt);
            case CIRCLES -> circlesRow(random, line, labelAt);
            case XOR -> xorRow(random, line, labelAt);
        }
    }

    /**
     * The next present 0-based feature after {@code previous}, or {@code features} when there is none.
     * With density below 1 the gap to it is geometric, which is the same as an independent coin per index.
     */
    private int nextFeature(CounterRandom random, int previous) {
        int features = spec.features();
        if (spec.density() >= 1) {
            return previous + 1;
        }
        double skipped = StrictMath.floor(StrictMath.log(random.nextOpenDouble()) / logOfAbsence);
        if (skipped >= (double) features - previous - 1) {
            return features;
        }
        return previous + 1 + (int) skipped;
    }

    private void singleOutputRow(CounterRandom random, StringBuilder line, int labelAt) {
        int features = spec.features();
        double score = 0;
        for (int j = nextFeature(random, -1); j < features; j = nextFeature(random, j)) {
            line.append(' ').append(j + 1).append(':');
            double x = FixedDecimal.append(line, random.nextGaussian());
            score += x * truth.weight(0, j);
        }
        score += truth.intercept(0);
        if (spec.task() == Task.REGRESSION) {
            StringBuilder label = new StringBuilder(16);
            FixedDecimal.append(label, score + spec.noise() * random.nextGaussian());
            line.insert(labelAt, label);
        } else {
            double perturbed = spec.noise() > 0 ? score + spec.noise() * random.nextLogistic() : score;
            line.insert(labelAt, perturbed > 0 ? "1" : "-1");
        }
    }

    private void multiclassRow(CounterRandom random, StringBuilder line, int labelAt) {
        int features = spec.features();
        int classes = spec.classes();
        double[] scores = new double[classes];
        for (int j = nextFeature(random, -1); j < features; j = nextFeature(random, j)) {
            line.append(' ').append(j + 1).append(':');
            double x = FixedDecimal.append(line, random.nextGaussian());
            for (int k = 0; k < classes; k++) {
                scores[k] += x * truth.weight(k, j);
            }
        }
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            double s = scores[k] + truth.intercept(k);
            if (spec.noise() > 0) {
                s += spec.noise() * random.nextGumbel();
            }
            if (s > bestScore) {
                bestScore = s;
                best = k;
            }
        }
        line.insert(labelAt, best);
    }

    private void circlesRow(CounterRandom random, StringBuilder line, int labelAt) {
        boolean outer = random.nextDouble() < 0.5;
        double angle = 2 * StrictMath.PI * random.nextDouble();
        double radius = (outer ? OUTER_RADIUS : INNER_RADIUS) + spec.noise() * random.nextGaussian();
        line.append(" 1:");
        FixedDecimal.append(line, radius * StrictMath.cos(angle));
        line.append(" 2:");
        FixedDecimal.append(line, radius * StrictMath.sin(angle));
        line.insert(labelAt, outer ? "1" : "-1");
    }

    private void xorRow(CounterRandom random, StringBuilder line, int labelAt) {
        line.append(" 1:");
        double x1 = FixedDecimal.append(line, 2 * random.nextDouble() - 1);
        line.append(" 2:");
        double x2 = FixedDecimal.append(line, 2 * random.nextDouble() - 1);
        boolean positive = x1 * x2 > 0;
        if (random.nextDouble() < Math.min(spec.noise(), MAX_FLIP_PROBABILITY)) {
            positive = !positive;
        }
        line.insert(labelAt, positive ? "1" : "-1");
    }

    /** One Spark task's work: the lines of one part, generated lazily so a task never holds its rows. */
    private static final class PartRows implements FlatMapFunction<Integer, String> {
        private static final long serialVersionUID = 1L;
        private final GeneratorSpec spec;

        PartRows(GeneratorSpec spec) {
            this.spec = spec;
        }

        @Override
        public Iterator<String> call(Integer part) {
            DatasetGenerator generator = new DatasetGenerator(spec);
            RowRange range = RowRange.of(spec.rows(), spec.partitions(), part);
            return new Iterator<>() {
                private final StringBuilder line = new StringBuilder(256);
                private long next = range.start();

                @Override
                public boolean hasNext() {
                    return next < range.end();
                }

                @Override
                public String next() {
                    if (next >= range.end()) {
                        throw new NoSuchElementException("part " + part + " ends at row " + range.end());
                    }
                    line.setLength(0);
                    generator.appendRow(next++, line);
                    return line.toString();
                }
            };
        }
    }
}
