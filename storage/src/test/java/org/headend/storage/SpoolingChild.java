package org.headend.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: the writer's process in {@link ReadingWriterOutageTest} and {@link SpoolTest}, started
 * as a child JVM and killed with SIGKILL. Writes batches of {@code batch} readings
 * ({@link ReadingWriterTest#readings}) through a spool to a store (one that cannot be reached, or
 * one that is up) and prints {@code SPOOLED n} once the first n readings are committed by the store
 * or in the spool (fsynced), as the writer's counters report them, until killed.
 *
 * <pre>SpoolingChild SPOOL_DIR STORE_SPEC BATCH</pre>
 */
public final class SpoolingChild {
    private SpoolingChild() {
    }

    public static void main(String[] args) throws Exception {
        Path spool = Path.of(args[0]);
        int batch = Integer.parseInt(args[2]);
        ReadingStore store = Stores.openDeferred(args[1], StoreOptions.defaults());
        WriterSettings settings = WriterSettings.defaults().withBatchSize(batch).withInterval(Duration.ofHours(1))
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).withSpool(spool, 64L << 20);
        ReadingWriter writer = ReadingWriter.start(store, settings);
        for (int k = 0; k < 100_000; k++) {
            writer.acceptAll(ReadingWriterTest.readings(k * batch, batch));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // written is read before backlogBatches: a batch moving from one to the other is not counted twice
            while (durableBatches(writer.stats(), batch) < k + 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("batch " + k + " not spooled in 30 s: " + writer.stats());
                }
                LockSupport.parkNanos(1_000_000);
            }
            System.out.println("SPOOLED " + (long) (k + 1) * batch);
            System.out.flush();
        }
    }

    private static long durableBatches(ReadingWriter.Stats stats, int batch) {
        return stats.written() / batch + stats.backlogBatches();
    }
}
