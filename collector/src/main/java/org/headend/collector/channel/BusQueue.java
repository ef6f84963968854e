package org.headend.collector.channel;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.headend.collector.poll.MeterJob;

/**
 * The jobs waiting for one bus: on-demand jobs first, scheduled ones in arrival order, and at most
 * one scheduled job per meter queued or in flight (a meter whose previous job is still pending is
 * skipped, so a slow or dead bus does not pile up work). Used on the bus's loop, except
 * {@link #claim}, which callers use from any thread.
 */
final class BusQueue {

    private final ArrayDeque<MeterJob> onDemand = new ArrayDeque<>();
    private final ArrayDeque<MeterJob> scheduled = new ArrayDeque<>();
    /** Meters with a scheduled job queued or in flight; added on the caller's thread, removed on the loop. */
    private final Set<Long> scheduledMeters = ConcurrentHashMap.newKeySet();
    private final int maxScheduled;

    BusQueue(int maxScheduled) {
        this.maxScheduled = maxScheduled;
    }

    /** Thread-safe. False for a scheduled job whose meter already has one queued or in flight. */
    boolean claim(MeterJob job) {
        return job.onDemand() || scheduledMeters.add(job.address().nibbles());
    }

    /** Queues a claimed job; false, without queueing, for a scheduled job beyond the limit. */
    boolean add(MeterJob job) {
        if (job.onDemand()) {
            onDemand.add(job);
            return true;
        }
        if (scheduled.size() >= maxScheduled) {
            return false;
        }
        scheduled.add(job);
        return true;
    }

    /** The next job, or null. */
    MeterJob poll() {
        MeterJob next = onDemand.poll();
        return next != null ? next : scheduled.poll();
    }

    /** The job ended (done, skipped or refused): its meter may be queued again. */
    void release(MeterJob job) {
        if (!job.onDemand()) {
            scheduledMeters.remove(job.address().nibbles());
        }
    }

    /** Takes every queued job out, in order, and hands it to {@code sink}. */
    void drain(Consumer<MeterJob> sink) {
        MeterJob job;
        while ((job = poll()) != null) {
            sink.accept(job);
        }
    }

    int size() {
        return onDemand.size() + scheduled.size();
    }
}
