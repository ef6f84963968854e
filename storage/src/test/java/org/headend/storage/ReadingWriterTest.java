package org.headend.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingWriterTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path dir;
    FlakyStore store;

    @BeforeEach
    void openStore() {
        store = new FlakyStore(Stores.open("embedded:" + dir.resolve("store.db")));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static List<Reading> readings(int from, int n) {
        List<Reading> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(new Reading(String.format("%012d", i % 7), T0.plusSeconds(i), "energy.active.import.total",
                    i, "kWh", Quality.ACTUAL, Source.SCHEDULED));
        }
        return out;
    }

    static WriterSettings quick() {
        return WriterSettings.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .withCloseTimeout(Duration.ofSeconds(5));
    }

    @Test
    void closeWritesTheLastPartialBatch() throws Exception {
        ReadingWriter writer = ReadingWriter.start(store, quick().withInterval(NEVER));
        writer.acceptAll(readings(0, 3));
        writer.close();
        assertEquals(3, store.count());
        assertEquals(3, writer.stats().written());
    }

    @Test
    void closeWaitsForTheFlushInFlightAndDoesNotWriteItTwice() throws Exception {
        ReadingWriter writer = ReadingWriter.start(store, quick().withBatchSize(10).withInterval(NEVER));
        CountDownLatch release = new CountDownLatch(1);
        store.hold = release;
        writer.acceptAll(readings(0, 10));
        store.entered.await();
        writer.accept(readings(10, 1).get(0));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(writer::close);
        // close is waiting on the held flush: it cannot complete before the release below
        await().until(() -> writer.stats().accepted() == 11);
        assertFalse(closing.isDone());
        store.hold = null;
        release.countDown();
        closing.get();
        assertEquals(11, store.count());
        assertEquals(2, store.writes.get()); // the held batch once, the last reading once
    }

    @Test
    void aFullBatchIsWrittenWithoutWaitingForTheInterval() throws Exception {
        try (ReadingWriter writer = ReadingWriter.start(store, quick().withBatchSize(50).withInterval(NEVER))) {
            writer.acceptAll(readings(0, 50));
            await().until(() -> store.count() == 50);
        }
    }

    @Test
    void aPartialBatchIsWrittenWhenTheIntervalHasPassed() throws Exception {
        try (ReadingWriter writer = ReadingWriter.start(store, quick().withInterval(Duration.ofMillis(20)))) {
            writer.acceptAll(readings(0, 2));
            await().until(() -> store.count() == 2);
        }
    }

    @Test
    void failedWritesAreCountedAndRetriedUntilTheStoreIsBack() throws Exception {
        store.down = true;
        try (ReadingWriter writer = ReadingWriter.start(store, quick().withInterval(Duration.ofMillis(5)))) {
            writer.acceptAll(readings(0, 5));
            await().until(() -> store.failedWrites.get() >= 3);
            store.down = false;
            await().until(() -> store.count() == 5);
            ReadingWriter.Stats stats = writer.stats();
            assertTrue(stats.failures() >= 3, stats.toString());
            assertTrue(stats.lastError().orElseThrow().contains("store is down"), stats.toString());
            assertEquals(5, stats.stored());
        }
    }

    @Test
    void acceptBlocksWhenTheQueueIsFullAndResumesWhenItDrains() throws Exception {
        WriterSettings tiny = new WriterSettings(5, NEVER, 5, Duration.ofMillis(5), Duration.ofMillis(20),
                Duration.ofSeconds(5), null, 1 << 20, 1);
        CountDownLatch release = new CountDownLatch(1);
        store.hold = release;
        ReadingWriter writer = ReadingWriter.start(store, tiny);
        writer.acceptAll(readings(0, 5));        // taken by the flusher, held inside the store
        store.entered.await();
        writer.acceptAll(readings(5, 5));        // fills the queue
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                writer.accept(readings(10, 1).get(0));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(() -> writer.stats().queued() == 5);
        assertFalse(blocked.isDone());
        store.hold = null;
        release.countDown();
        blocked.get();
        writer.close();
        assertEquals(11, store.count());
    }

    @Test
    void aClosedWriterRefusesReadings() {
        ReadingWriter writer = ReadingWriter.start(store, quick());
        writer.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> writer.accept(readings(0, 1).get(0)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void withoutASpoolWhatTheStoreNeverTakesIsCountedLostAtClose() throws Exception {
        store.down = true;
        ReadingWriter writer = ReadingWriter.start(store, quick().withCloseTimeout(Duration.ofMillis(50)));
        writer.acceptAll(readings(0, 4));
        writer.close();
        assertEquals(4, writer.stats().lost());
        assertEquals(0, store.count());
    }

    @Test
    void invalidSettingsAreReportedTogether() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WriterSettings(
                0, Duration.ZERO, 10, Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofSeconds(1), null, 1 << 20, 1));
        assertTrue(e.getMessage().contains("batchSize was 0"), e.getMessage());
        assertTrue(e.getMessage().contains("interval was PT0S"), e.getMessage());
        assertTrue(e.getMessage().contains("initialBackoff/maxBackoff"), e.getMessage());
    }
}
