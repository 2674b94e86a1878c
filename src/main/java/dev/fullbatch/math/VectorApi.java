package dev.fullbatch.math;

/**
 * Whether the kernels run on the JDK's Vector API: decided once per JVM, when this class loads. True when the
 * {@code jdk.incubator.vector} module is present (Spark's launcher, {@code scripts/fullbatch} and the test JVMs add
 * it) unless {@code -Dfullbatch.kernels=scalar} asks for the scalar loops. Every vector kernel gives the bits of its
 * scalar loop, so the choice changes speed, never a result. Classes that import the Vector API are loaded only
 * behind this flag.
 */
public final class VectorApi {
    /** Whether the vector kernels are used. */
    public static final boolean USED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"scalar".equals(System.getProperty("fullbatch.kernels"));

    private VectorApi() {
    }
}
