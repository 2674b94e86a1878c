package dev.fullbatch.bench;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The memory-bandwidth floor of a pass: a plain multi-threaded read of every array a kernel reads (labels, feature
 * values, sparse columns and row offsets), with no Spark and no arithmetic beyond the sum that keeps the JIT from
 * dropping the loads. Threads take blocks round-robin, as Spark's tasks take partitions.
 */
public final class MemoryFloor implements AutoCloseable {
    private final List<Block> blocks;
    private final int threads;
    private final ExecutorService pool;

    /**
     * @param blocks the data, held in this JVM
     * @param threads reading threads, at least 1 (as many as the Spark executor's cores)
     */
    public MemoryFloor(List<Block> blocks, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.blocks = List.copyOf(blocks);
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "memory-floor");
            t.setDaemon(true);
            return t;
        });
    }

    /** One pass over all blocks; returns the sum of everything read. */
    public double pass() throws Exception {
        List<Future<Double>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            parts.add(pool.submit(() -> {
                double s = 0;
                for (int b = first; b < blocks.size(); b += threads) {
                    s += read(blocks.get(b));
                }
                return s;
            }));
        }
        double total = 0;
        for (Future<Double> f : parts) {
            total += f.get();
        }
        return total;
    }

    /** The number of bytes one pass reads. */
    public long bytesPerPass() {
        long bytes = 0;
        for (Block b : blocks) {
            bytes += 8L * b.rows();
            if (b instanceof DenseBlock d) {
                bytes += d.values() != null ? 8L * d.values().length : 4L * d.floatValues().length;
            } else {
                SparseBlock s = (SparseBlock) b;
                bytes += 4L * (s.rows() + 1) + 4L * s.columns().length
                        + (s.values() != null ? 8L * s.values().length : 4L * s.floatValues().length);
            }
        }
        return bytes;
    }

    private static double read(Block block) {
        double s = sum(block.labels());
        if (block instanceof DenseBlock d) {
            return s + (d.values() != null ? sum(d.values()) : sum(d.floatValues()));
        }
        SparseBlock sp = (SparseBlock) block;
        long c = sum(sp.rowStart()) + sum(sp.columns());
        return s + c + (sp.values() != null ? sum(sp.values()) : sum(sp.floatValues()));
    }

    private static double sum(double[] a) {
        // Eight independent chains, so the loop is bound by memory rather than by the latency of an add.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = 0;
        for (; i + 7 < a.length; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        for (; i < a.length; i++) {
            s0 += a[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static double sum(float[] a) {
        // Eight independent chains, so the loop is bound by memory rather than by the latency of an add.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = 0;
        for (; i + 7 < a.length; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        for (; i < a.length; i++) {
            s0 += a[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static long sum(int[] a) {
        long s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
