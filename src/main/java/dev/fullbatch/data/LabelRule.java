package dev.fullbatch.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * The labels an objective accepts, checked twice: every record as it is parsed ({@link #check}), so that a stray
 * label is reported with its file and line (or skipped with the other bad records), and the whole input once its
 * {@link LabelStats} are known ({@link #classCount}, {@link #checkHeldOut}), for what no single line shows: a single
 * class, or 0/1 labels mixed with -1/+1. Immutable.
 *
 * @param kind what the labels are: real values, two classes, or class numbers
 * @param objective the objective's command-line name, for messages
 * @param classes the class count for {@link Kind#CLASSES} (0: inferred as the largest label + 1), else 0
 * @param classesOrigin what fixed {@code classes}, for messages, e.g. "--classes 3"; empty when inferred
 */
public record LabelRule(Kind kind, String objective, int classes, String classesOrigin) implements Serializable {

    /** The most classes a softmax label may imply when the count is inferred. */
    public static final int MAX_CLASSES = 100_000;

    /** What the labels are. */
    public enum Kind {
        /** Real values (regression): any finite number. */
        REAL,
        /** Two classes, written 0/1 or -1/+1. */
        BINARY,
        /** Class numbers 0..K-1. */
        CLASSES,
        /** Non-negative real values (poisson, tweedie): counts, amounts with zeros. */
        NON_NEGATIVE,
        /** Positive real values (gamma): amounts, durations. */
        POSITIVE
    }

    /** Validates. */
    public LabelRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(objective, "objective");
        classesOrigin = classesOrigin == null ? "" : classesOrigin;
        if (classes < 0 || classes == 1 || (classes > 0 && kind != Kind.CLASSES)) {
            throw new IllegalArgumentException("classes must be 0, or at least 2 for CLASSES, got " + classes
                    + " for " + kind);
        }
    }

    /** Real-valued labels (least-squares, huber); every finite value is accepted. */
    public static LabelRule real(String objective) {
        return new LabelRule(Kind.REAL, objective, 0, "");
    }

    /** Two classes written 0/1 or -1/+1 (logistic, squared-hinge). */
    public static LabelRule binary(String objective) {
        return new LabelRule(Kind.BINARY, objective, 0, "");
    }

    /** Non-negative labels (poisson, tweedie). */
    public static LabelRule nonNegative(String objective) {
        return new LabelRule(Kind.NON_NEGATIVE, objective, 0, "");
    }

    /** Positive labels (gamma). */
    public static LabelRule positive(String objective) {
        return new LabelRule(Kind.POSITIVE, objective, 0, "");
    }

    /**
     * Class numbers 0..K-1 (softmax).
     *
     * @param classes K, or 0 to infer it as the largest label + 1
     * @param origin what fixed K, e.g. "--classes 3" (ignored when inferred)
     */
    public static LabelRule classes(String objective, int classes, String origin) {
        return new LabelRule(Kind.CLASSES, objective, classes, classes > 0 ? origin : "");
    }

    /** This rule with the class count fixed (for held-out data, which must use the training classes). */
    public LabelRule withClasses(int k, String origin) {
        return kind == Kind.CLASSES ? classes(objective, k, origin) : this;
    }

    /**
     * Checks one record's label (already known to be a finite number).
     *
     * @return null when it is acceptable, else a sentence saying what is wrong
     */
    public String check(double label) {
        switch (kind) {
            case BINARY:
                if (label == 0 || label == 1 || label == -1) {
                    return null;
                }
                return "label " + text(label) + " is not a class label of --objective " + objective
                        + " (0/1 or -1/+1)";
            case CLASSES:
                if (label != Math.rint(label) || label < 0) {
                    return "label " + text(label) + " is not a class number: --objective " + objective
                            + " needs integer labels 0..K-1";
                }
                if (classes > 0 && label >= classes) {
                    return "label " + text(label) + " is not below " + classesOrigin + " (labels must be 0.."
                            + (classes - 1) + ")";
                }
                if (label >= MAX_CLASSES) {
                    return "label " + text(label) + " would mean more than " + MAX_CLASSES + " classes: --objective "
                            + objective + " needs class numbers 0..K-1 (are these regression targets?)";
                }
                return null;
            case NON_NEGATIVE:
                return label >= 0 ? null : "label " + text(label) + " is negative: --objective " + objective
                        + " needs labels >= 0";
            case POSITIVE:
                return label > 0 ? null : "label " + text(label) + " is not positive: --objective " + objective
                        + " needs labels > 0";
            default:
                return null;
        }
    }

    /**
     * Checks the labels of a whole training input and returns the class count: 0 for real labels, 2 for two
     * classes, K for class numbers.
     *
     * @param where names the input, e.g. "training data file:/x"
     * @throws BadInputException naming the input, the labels found and the fix
     */
    public int classCount(LabelStats stats, String where) {
        if (stats.count() == 0) {
            throw new BadInputException(where + " has no data rows");
        }
        checkEach(stats, where);
        double[] distinct = stats.distinct();
        switch (kind) {
            case BINARY:
                if (distinct.length < 2) {
                    throw new BadInputException(where + " has a single class (every label is "
                            + text(distinct[0]) + "); --objective " + objective + " needs both classes present");
                }
                checkConvention(distinct, where);
                return 2;
            case CLASSES:
                if (distinct != null && distinct.length < 2) {
                    throw new BadInputException(where + " has a single class (every label is "
                            + text(distinct[0]) + "); --objective " + objective
                            + " needs at least two classes present");
                }
                return classes > 0 ? classes : Math.max(2, (int) stats.max() + 1);
            default:
                return 0;
        }
    }

    /**
     * Checks the labels of held-out data (validation, or data to score) against this rule; a single class is
     * fine there.
     *
     * @throws BadInputException naming the input and the labels found
     */
    public void checkHeldOut(LabelStats stats, String where) {
        checkEach(stats, where);
        if (kind == Kind.BINARY) {
            checkConvention(stats.distinct(), where);
        }
    }

    /** Repeats the per-record check on the summary, for stats that did not come through {@link #check}. */
    private void checkEach(LabelStats stats, String where) {
        if (stats.count() == 0) {
            return;
        }
        double[] distinct = stats.distinct();
        if (kind == Kind.BINARY && distinct == null) {
            throw new BadInputException(where + " has more than " + LabelStats.MAX_DISTINCT + " distinct labels; "
                    + "--objective " + objective + " needs two classes, 0/1 or -1/+1");
        }
        String problem = null;
        if (distinct != null) {
            for (int i = 0; i < distinct.length && problem == null; i++) {
                problem = check(distinct[i]);
            }
        } else if (kind == Kind.NON_NEGATIVE || kind == Kind.POSITIVE) {
            problem = check(stats.min());
        } else if (kind == Kind.CLASSES) {
            problem = !stats.allIntegers() ? "labels from " + text(stats.min()) + " to " + text(stats.max())
                    + " are not all whole numbers: --objective " + objective + " needs integer labels 0..K-1"
                    : stats.min() < 0 ? check(stats.min()) : check(stats.max());
        }
        if (problem != null) {
            throw new BadInputException(where + ": " + problem);
        }
    }

    private void checkConvention(double[] distinct, String where) {
        boolean minusOne = false;
        boolean zero = false;
        for (double v : distinct) {
            minusOne |= v == -1;
            zero |= v == 0;
        }
        if (minusOne && zero) {
            StringBuilder found = new StringBuilder();
            for (double v : distinct) {
                found.append(found.length() == 0 ? "" : ", ").append(text(v));
            }
            throw new BadInputException(where + " mixes the 0/1 and -1/+1 label conventions (labels " + found
                    + "); --objective " + objective + " needs one of them");
        }
    }

    /** A label as the user wrote it, as far as possible: whole numbers without ".0". */
    static String text(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
