package org.headend.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link ReadingWriter}; start from {@link #defaults()}. Every value is checked at
 * construction and all failures are reported together.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>batchSize</td><td>1000</td><td>readings per store write; a full batch is flushed at once</td></tr>
 *   <tr><td>interval</td><td>1 s</td><td>a partial batch is flushed after this long</td></tr>
 *   <tr><td>queueCapacity</td><td>100,000</td><td>readings held in memory before {@code accept} blocks (backpressure)</td></tr>
 *   <tr><td>initialBackoff / maxBackoff</td><td>100 ms / 30 s</td><td>wait before retrying a failed write, doubling up to the cap</td></tr>
 *   <tr><td>closeTimeout</td><td>30 s</td><td>how long {@code close()} keeps retrying a failing store; with a spool
 *   nothing is lost after it (replayed at the next start), without one what is left is logged as lost</td></tr>
 *   <tr><td>spoolDirectory</td><td>none</td><td>durable spool between writer and store; none keeps at most
 *   {@code memoryBatches} failed batches in memory</td></tr>
 *   <tr><td>spoolMaxBytes</td><td>256 MiB</td><td>spool bound; a warning is logged at 80 %; when full, new readings wait
 *   in the queue, then {@code accept} blocks</td></tr>
 *   <tr><td>memoryBatches</td><td>4</td><td>without a spool: failed batches kept in memory for retry</td></tr>
 * </table>
 */
public record WriterSettings(int batchSize, Duration interval, int queueCapacity, Duration initialBackoff,
                             Duration maxBackoff, Duration closeTimeout, Path spoolDirectory, long spoolMaxBytes,
                             int memoryBatches) {

    public WriterSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        List<String> bad = new ArrayList<>();
        if (batchSize < 1 || batchSize > 100_000) {
            bad.add("batchSize was " + batchSize + " but must be 1..100000");
        }
        if (interval.toMillis() < 1) {
            bad.add("interval was " + interval + " but must be at least 1 ms");
        }
        if (queueCapacity < batchSize) {
            bad.add("queueCapacity was " + queueCapacity + " but must be at least batchSize (" + batchSize + ")");
        }
        if (initialBackoff.toMillis() < 1 || maxBackoff.compareTo(initialBackoff) < 0) {
            bad.add("initialBackoff/maxBackoff were " + initialBackoff + "/" + maxBackoff
                    + " but must be at least 1 ms and initial <= max");
        }
        if (closeTimeout.isNegative()) {
            bad.add("closeTimeout was " + closeTimeout + " but must not be negative");
        }
        if (spoolMaxBytes < (1 << 20)) {
            bad.add("spoolMaxBytes was " + spoolMaxBytes + " but must be at least 1 MiB");
        }
        if (memoryBatches < 1) {
            bad.add("memoryBatches was " + memoryBatches + " but must be at least 1");
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("invalid writer settings: " + String.join("; ", bad));
        }
    }

    public static WriterSettings defaults() {
        return new WriterSettings(1000, Duration.ofSeconds(1), 100_000, Duration.ofMillis(100), Duration.ofSeconds(30),
                Duration.ofSeconds(30), null, 256L << 20, 4);
    }

    public WriterSettings withBatchSize(int size) {
        return new WriterSettings(size, interval, queueCapacity, initialBackoff, maxBackoff,
                closeTimeout, spoolDirectory, spoolMaxBytes, memoryBatches);
    }

    public WriterSettings withInterval(Duration every) {
        return new WriterSettings(batchSize, every, queueCapacity, initialBackoff, maxBackoff, closeTimeout,
                spoolDirectory, spoolMaxBytes, memoryBatches);
    }

    public WriterSettings withQueueCapacity(int capacity) {
        return new WriterSettings(batchSize, interval, capacity, initialBackoff, maxBackoff, closeTimeout,
                spoolDirectory, spoolMaxBytes, memoryBatches);
    }

    public WriterSettings withBackoff(Duration initial, Duration max) {
        return new WriterSettings(batchSize, interval, queueCapacity, initial, max, closeTimeout,
                spoolDirectory, spoolMaxBytes, memoryBatches);
    }

    public WriterSettings withCloseTimeout(Duration timeout) {
        return new WriterSettings(batchSize, interval, queueCapacity, initialBackoff, maxBackoff, timeout,
                spoolDirectory, spoolMaxBytes, memoryBatches);
    }

    /** A durable spool in {@code directory} (created if missing), bounded by {@code maxBytes}. */
    public WriterSettings withSpool(Path directory, long maxBytes) {
        return new WriterSettings(batchSize, interval, queueCapacity, initialBackoff, maxBackoff, closeTimeout,
                Objects.requireNonNull(directory, "directory"), maxBytes, memoryBatches);
    }
}
