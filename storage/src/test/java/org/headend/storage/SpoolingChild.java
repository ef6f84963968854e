package org.headend.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: the writer's process in {@link ReadingWriterOutageTest}, started as a child JVM and
 * killed with SIGKILL. Spools batches of {@code batch} readings ({@link ReadingWriterTest#readings})
 * to a store that cannot be reached and prints {@code SPOOLED n} once the first n readings are in
 * the spool (fsynced), until killed.
 *
 * <pre>SpoolingChild SPOOL_DIR UNREACHABLE_JDBC_URL BATCH</pre>
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
            while (writer.stats().backlogBatches() < k + 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("batch " + k + " not spooled in 30 s: " + writer.stats());
                }
                LockSupport.parkNanos(1_000_000);
            }
            System.out.println("SPOOLED " + (long) (k + 1) * batch);
            System.out.flush();
        }
    }
}
