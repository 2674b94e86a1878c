package dev.fullbatch.ml;

import java.util.Objects;

/**
 * Hands a stage's uid to Spark's constructors. Spark's Scala traits create their parameters (featuresCol,
 * predictionCol...) while the superclass constructor runs, and each parameter asks its stage for its uid then,
 * before a Java subclass can have set a field. A stage's constructor offers the uid here on its own thread just
 * before the superclass constructor runs, answers {@code uid()} from here until its field is set, and takes it back
 * right after; nothing stays behind.
 */
final class StageUid {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private StageUid() {
    }

    /** Offers {@code uid} to the constructor about to run on this thread; returns null (a constructor marker). */
    static Void offer(String uid) {
        PENDING.set(Objects.requireNonNull(uid, "uid"));
        return null;
    }

    /** The uid offered to the constructor running on this thread. */
    static String pending() {
        return PENDING.get();
    }

    /** The uid offered, removed from this thread. */
    static String take() {
        String uid = PENDING.get();
        PENDING.remove();
        return uid;
    }
}
