package dev.fullbatch.math;

/**
 * Whether fullbatch's Vector-API kernels ({@link VectorExp} and the model package's dense and network kernels) run in
 * this JVM: the {@code jdk.incubator.vector} module is present (every launcher and test JVM adds it) and
 * {@code -Dfullbatch.kernels=scalar} was not given. Decided once per JVM; it never changes a bit of any result, only
 * how fast the same bits come.
 */
public final class VectorKernels {
    /** True when the vector implementations are used. */
    public static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"scalar".equals(System.getProperty("fullbatch.kernels"));

    private VectorKernels() {
    }
}
