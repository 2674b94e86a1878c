package dev.fullbatch.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The peaks of this JVM's heap use while open, from the garbage collector's notifications: heap use only falls at a
 * collection, so its largest value over a span is the use just before one of the span's collections (or at its end),
 * which every notification reports. In {@code local} mode the JVM is driver and executors at once, so this is
 * everything a system held: its cached data, its tasks' partials and what the driver received.
 *
 * <p>Two figures: the peak <em>before</em> a collection is what the heap had to hold, garbage not yet collected
 * included (it grows with the heap the collector is given); the peak <em>after</em> one is what survived a
 * collection: an upper bound of the live data at that moment, sampled at each collection. Open one per measured
 * span, after {@link System#gc()} so that earlier spans' garbage does not count; close it to read the peaks.
 */
final class HeapPeaks implements AutoCloseable {

    /**
     * The peaks of one span, in bytes.
     *
     * @param beforeCollection largest heap use just before a collection or at the span's end
     * @param afterCollection largest heap use just after a collection (0 when none ran)
     * @param collections collections during the span
     * @param live largest heap use after a forced full collection, or -1 when none was forced
     */
    record Peak(long beforeCollection, long afterCollection, long collections, long live) {
    }

    private final Set<String> heapPools;
    private final AtomicLong before = new AtomicLong();
    private final AtomicLong after = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private final AtomicLong live = new AtomicLong(-1);
    private final Thread forcing;

    /**
     * Starts listening; the current heap use is the first sample.
     *
     * @param liveEveryMillis forces a full collection this often and records the heap use after it, or 0 for none
     */
    HeapPeaks(long liveEveryMillis) {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(Collectors.toUnmodifiableSet());
        before.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        forcing = liveEveryMillis <= 0 ? null : new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(liveEveryMillis);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc(); // a full ("major") collection, whose notification records the live heap
            }
        }, "live-heap-sampler");
        if (forcing != null) {
            forcing.setDaemon(true);
            forcing.start();
        }
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var gc = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        var info = gc.getGcInfo();
        before.accumulateAndGet(heapUsed(info.getMemoryUsageBeforeGc()), Math::max);
        long used = heapUsed(info.getMemoryUsageAfterGc());
        after.accumulateAndGet(used, Math::max);
        if (forcing != null && gc.getGcAction().contains("major")) {
            // Read from the collection itself: by the time System.gc() returns, tasks may have allocated again.
            live.accumulateAndGet(used, Math::max);
        }
        collections.incrementAndGet();
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : pools.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        return used;
    }

    /** Stops listening and returns the peaks, the current heap use included. */
    Peak peak() {
        before.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        close();
        return new Peak(before.get(), after.get(), collections.get(), live.get());
    }

    @Override
    public void close() {
        if (forcing != null) {
            forcing.interrupt();
            try {
                forcing.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException alreadyRemoved) {
                // closed twice: nothing to do
            }
        }
        emitters.clear();
    }

    /**
     * This process's peak resident memory so far ({@code VmHWM} of {@code /proc/self/status}), in bytes, or -1 where
     * there is no such file (not Linux).
     */
    static long processPeakResident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // the kernel reports kB
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
