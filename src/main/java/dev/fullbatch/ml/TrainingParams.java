package dev.fullbatch.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training parameters of the fullbatch estimators: one per {@code fullbatch train} option, named as the option in
 * camel case ({@code --reg-l2} is {@code regL2}, {@code --block-size} is {@code blockSize}) with the option's
 * default, plus the two columns Spark's estimators do not have: {@code weightCol} (instance weights) and
 * {@code orderCol} (the row order; see {@link FullBatchClassifier}). {@code fit} passes every value to the
 * command's own validation, so a bad value is refused with the command's message, naming the parameter.
 *
 * @param <T> the estimator, which setters return
 */
public interface TrainingParams<T extends TrainingParams<T>> extends Params {

    /** {@code --objective}: the loss. */
    default Param<String> objective() {
        return new Param<>(this, "objective", "the loss (the --objective values of fullbatch train)");
    }

    /** {@code --model}: linear (default) or mlp, a fully connected network. */
    default Param<String> model() {
        return new Param<>(this, "model", "linear or mlp (a fully connected network)");
    }

    /** {@code --hidden}: mlp: the hidden layer widths, comma-separated ("16,8"); required with model mlp. */
    default Param<String> hidden() {
        return new Param<>(this, "hidden", "mlp: hidden layer widths, comma-separated, e.g. 16,8");
    }

    /** {@code --activation}: mlp: relu (default), tanh or sigmoid. */
    default Param<String> activation() {
        return new Param<>(this, "activation", "mlp: relu, tanh or sigmoid");
    }

    /** {@code --reg-l2}: the L2 penalty strength (default 0). */
    default DoubleParam regL2() {
        return new DoubleParam(this, "regL2", "L2 penalty strength, >= 0");
    }

    /** {@code --reg-l1}: the L1 penalty strength (default 0). */
    default DoubleParam regL1() {
        return new DoubleParam(this, "regL1", "L1 penalty strength, >= 0");
    }

    /** {@code --intercept}: fit an intercept (default true). */
    default BooleanParam intercept() {
        return new BooleanParam(this, "intercept", "fit an intercept");
    }

    /** {@code --standardize}: precondition by feature scale; the optimum is unchanged (default true). */
    default BooleanParam standardize() {
        return new BooleanParam(this, "standardize", "precondition by feature scale (the optimum is unchanged)");
    }

    /** {@code --huber-delta}: the Huber threshold (default 1). */
    default DoubleParam huberDelta() {
        return new DoubleParam(this, "huberDelta", "Huber threshold, > 0");
    }

    /** {@code --optimizer}: gd, momentum, nesterov, bb, lbfgs, adam, rmsprop (default gd). */
    default Param<String> optimizer() {
        return new Param<>(this, "optimizer", "gd, momentum, nesterov, bb, lbfgs, adam or rmsprop");
    }

    /** {@code --step-size}: a positive step or "auto" (default auto). */
    default Param<String> stepSize() {
        return new Param<>(this, "stepSize", "a positive step or auto");
    }

    /** {@code --schedule}: gd with a fixed step: constant, inv-sqrt, exp:GAMMA, step:EVERY:GAMMA. */
    default Param<String> schedule() {
        return new Param<>(this, "schedule", "constant, inv-sqrt, exp:GAMMA or step:EVERY:GAMMA");
    }

    /** {@code --lbfgs-memory}: correction pairs kept by lbfgs (default 10). */
    default IntParam lbfgsMemory() {
        return new IntParam(this, "lbfgsMemory", "lbfgs: correction pairs kept");
    }

    /** {@code --momentum}: the momentum coefficient in [0, 1) (default 0.9). */
    default DoubleParam momentum() {
        return new DoubleParam(this, "momentum", "momentum coefficient in [0,1)");
    }

    /** {@code --max-iter}: the iteration budget (default 100). */
    default IntParam maxIter() {
        return new IntParam(this, "maxIter", "iteration budget, >= 1");
    }

    /** {@code --tol}: stop when the relative objective change falls below it (default 1e-9; 0 disables). */
    default DoubleParam tol() {
        return new DoubleParam(this, "tol", "relative objective change tolerance (0: off)");
    }

    /** {@code --grad-tol}: stop when the gradient norm falls below it (default 0: off). */
    default DoubleParam gradTol() {
        return new DoubleParam(this, "gradTol", "gradient norm tolerance (0: off)");
    }

    /** {@code --time-limit}: seconds of wall-clock time (default 0: none); a limit makes the bits timing-dependent. */
    default DoubleParam timeLimit() {
        return new DoubleParam(this, "timeLimit", "wall-clock budget in seconds (0: none)");
    }

    /** {@code --partitions}: Spark partitions of the cached blocks (default 0: the DataFrame's, at most one a block). */
    default IntParam partitions() {
        return new IntParam(this, "partitions", "partitions of the cached blocks (0: the DataFrame's)");
    }

    /** {@code --tree-depth}: the depth of the merge tree of every pass (default 2). */
    default IntParam treeDepth() {
        return new IntParam(this, "treeDepth", "treeAggregate depth, >= 1");
    }

    /** {@code --block-size}: bytes per block; a block holds blockSize / 256 rows (default 4 MiB: 16,384 rows). */
    default LongParam blockSize() {
        return new LongParam(this, "blockSize", "bytes per block; a block holds blockSize/256 rows of the row order");
    }

    /** {@code --feature-storage}: float64 or float32 (default float64). */
    default Param<String> featureStorage() {
        return new Param<>(this, "featureStorage", "float64 or float32");
    }

    /** {@code --layout}: auto, dense or sparse (default auto). */
    default Param<String> layout() {
        return new Param<>(this, "layout", "auto, dense or sparse");
    }

    /** {@code --storage-level}: the Spark storage level of the cached blocks (default MEMORY_AND_DISK). */
    default Param<String> storageLevel() {
        return new Param<>(this, "storageLevel", "Spark storage level of the cached blocks");
    }

    /** {@code --seed}: the seed for anything random (default 42). */
    default LongParam seed() {
        return new LongParam(this, "seed", "seed for anything random");
    }

    /** Instance weights: a numeric column, finite and at least 0 (unset: every row weighs 1). */
    default Param<String> weightCol() {
        return new Param<>(this, "weightCol", "instance weight column (unset: all 1)");
    }

    /**
     * The row order: a column with a distinct value per row, the rows sorted by it (unset: the DataFrame's partition
     * order, which for a plain read of one file is its row order).
     */
    default Param<String> orderCol() {
        return new Param<>(this, "orderCol", "column with a distinct value per row fixing the row order (unset: "
                + "the DataFrame's partition order)");
    }

    /** The training parameters and their defaults, which are the command's. */
    private Map<Param<?>, Object> trainingDefaults() {
        Map<Param<?>, Object> m = new LinkedHashMap<>();
        m.put(model(), "linear");
        m.put(activation(), "relu");
        m.put(regL2(), 0.0);
        m.put(regL1(), 0.0);
        m.put(intercept(), true);
        m.put(standardize(), true);
        m.put(huberDelta(), 1.0);
        m.put(optimizer(), "gd");
        m.put(stepSize(), "auto");
        m.put(schedule(), "constant");
        m.put(lbfgsMemory(), 10);
        m.put(momentum(), 0.9);
        m.put(maxIter(), 100);
        m.put(tol(), 1e-9);
        m.put(gradTol(), 0.0);
        m.put(timeLimit(), 0.0);
        m.put(partitions(), 0);
        m.put(treeDepth(), 2);
        m.put(blockSize(), 4L << 20);
        m.put(featureStorage(), "float64");
        m.put(layout(), "auto");
        m.put(storageLevel(), "MEMORY_AND_DISK");
        m.put(seed(), 42L);
        return m;
    }

    /** Sets the defaults; estimators call it once, from their constructor. */
    @SuppressWarnings("unchecked")
    default void setTrainingDefaults(String objective) {
        setDefault((Param<Object>) (Param<?>) objective(), objective);
        for (Map.Entry<Param<?>, Object> e : trainingDefaults().entrySet()) {
            setDefault((Param<Object>) e.getKey(), e.getValue());
        }
    }

    /**
     * The {@code train} options these values stand for: the objective, and every parameter that was set (the others
     * have the command's defaults; an option given where it does not apply is refused, as on the command line).
     */
    default List<String> trainOptions() {
        List<String> args = new ArrayList<>();
        args.add("--objective");
        args.add(getOrDefault(objective()));
        List<Param<?>> options = new ArrayList<>(trainingDefaults().keySet());
        options.add(hidden()); // no default: required with model mlp, refused without
        for (Param<?> p : options) {
            if (isSet(p)) {
                args.add(optionOf(p.name()));
                args.add(String.valueOf(getOrDefault(p)));
            }
        }
        return args;
    }

    /** The command-line option of a parameter: {@code regL2} is {@code --reg-l2}. */
    static String optionOf(String param) {
        return "--" + param.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The string value of an optional column parameter, or null when unset. */
    default String optionalColumn(Param<String> p) {
        return isDefined(p) ? getOrDefault(p) : null;
    }

    @SuppressWarnings("unchecked")
    private T with(Param<?> p, Object value) {
        set((Param<Object>) p, value);
        return (T) this;
    }

    /** Sets {@link #objective()}. */
    default T setObjective(String v) {
        return with(objective(), v);
    }

    /** Sets {@link #model()}. */
    default T setModel(String v) {
        return with(model(), v);
    }

    /** Sets {@link #hidden()}: comma-separated widths, as {@code --hidden}. */
    default T setHidden(String v) {
        return with(hidden(), v);
    }

    /** Sets {@link #activation()}. */
    default T setActivation(String v) {
        return with(activation(), v);
    }

    /** Sets {@link #regL2()}. */
    default T setRegL2(double v) {
        return with(regL2(), v);
    }

    /** Sets {@link #regL1()}. */
    default T setRegL1(double v) {
        return with(regL1(), v);
    }

    /** Sets {@link #intercept()}. */
    default T setIntercept(boolean v) {
        return with(intercept(), v);
    }

    /** Sets {@link #standardize()}. */
    default T setStandardize(boolean v) {
        return with(standardize(), v);
    }

    /** Sets {@link #huberDelta()}. */
    default T setHuberDelta(double v) {
        return with(huberDelta(), v);
    }

    /** Sets {@link #optimizer()}. */
    default T setOptimizer(String v) {
        return with(optimizer(), v);
    }

    /** Sets {@link #stepSize()}. */
    default T setStepSize(String v) {
        return with(stepSize(), v);
    }

    /** Sets {@link #schedule()}. */
    default T setSchedule(String v) {
        return with(schedule(), v);
    }

    /** Sets {@link #lbfgsMemory()}. */
    default T setLbfgsMemory(int v) {
        return with(lbfgsMemory(), v);
    }

    /** Sets {@link #momentum()}. */
    default T setMomentum(double v) {
        return with(momentum(), v);
    }

    /** Sets {@link #maxIter()}. */
    default T setMaxIter(int v) {
        return with(maxIter(), v);
    }

    /** Sets {@link #tol()}. */
    default T setTol(double v) {
        return with(tol(), v);
    }

    /** Sets {@link #gradTol()}. */
    default T setGradTol(double v) {
        return with(gradTol(), v);
    }

    /** Sets {@link #timeLimit()}. */
    default T setTimeLimit(double v) {
        return with(timeLimit(), v);
    }

    /** Sets {@link #partitions()}. */
    default T setPartitions(int v) {
        return with(partitions(), v);
    }

    /** Sets {@link #treeDepth()}. */
    default T setTreeDepth(int v) {
        return with(treeDepth(), v);
    }

    /** Sets {@link #blockSize()}. */
    default T setBlockSize(long v) {
        return with(blockSize(), v);
    }

    /** Sets {@link #featureStorage()}. */
    default T setFeatureStorage(String v) {
        return with(featureStorage(), v);
    }

    /** Sets {@link #layout()}. */
    default T setLayout(String v) {
        return with(layout(), v);
    }

    /** Sets {@link #storageLevel()}. */
    default T setStorageLevel(String v) {
        return with(storageLevel(), v);
    }

    /** Sets {@link #seed()}. */
    default T setSeed(long v) {
        return with(seed(), v);
    }

    /** Sets {@link #weightCol()}. */
    default T setWeightCol(String v) {
        return with(weightCol(), v);
    }

    /** Sets {@link #orderCol()}. */
    default T setOrderCol(String v) {
        return with(orderCol(), v);
    }
}
