package org.headend.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    static final String ENERGY = "energy.active.import.total";
    /** The spool's view of a store whose commits survive a power cut (PostgreSQL, SQLite with FULL sync). */
    static final java.util.function.BooleanSupplier DURABLE_STORE = () -> true;

    @TempDir
    Path dir;

    Path spoolDir() {
        return dir.resolve("spool");
    }

    List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(spoolDir())) {
            return s.sorted().toList();
        }
    }

    static List<Reading> batch(int from, int n) {
        return ReadingWriterTest.readings(from, n);
    }

    /** A record's payload as format 1 was first written, through DataOutputStream. */
    static byte[] formatOne(List<Reading> batch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeInt(batch.size());
            for (Reading r : batch) {
                out.writeUTF(r.meter());
                out.writeLong(r.time().getEpochSecond());
                out.writeInt(r.time().getNano());
                out.writeUTF(r.quantity());
                out.writeDouble(r.value());
                out.writeUTF(r.unit());
                out.writeByte(r.quality().code());
                out.writeByte(r.source().code());
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void recordsAreByteForByteWhatDataOutputStreamWrites() throws IOException {
        // spools written by earlier versions are replayed: the format must not move
        List<Reading> batch = new ArrayList<>(batch(0, 3));
        batch.add(new Reading("00000000000\u00e9", Instant.parse("2026-02-01T00:00:00.123456789Z"), "gas.volume",
                -0.0, "m\u00b3", Quality.ESTIMATED, Source.BACKFILL)); // two-byte characters
        batch.add(new Reading("000000000001", Instant.EPOCH, "x\u0000y", 1e300, "", Quality.SUSPECT, Source.FIELD));
        batch.add(new Reading("\u20ac\u0800\uffff", Instant.ofEpochSecond(-1, 5), "\ud83d\ude00 emoji", Double.MIN_VALUE,
                "\u07ff\u0080\u007f", Quality.CORRECTED, Source.ON_DEMAND)); // three bytes each, surrogates apart
        assertArrayEquals(formatOne(batch), SpoolRecords.encode(batch));
        assertEquals(batch, SpoolRecords.decode(SpoolRecords.encode(batch)));
    }

    @Test
    void aRecordLargerThanTheEncodersBufferIsTheSameBytes() throws IOException {
        List<Reading> big = new ArrayList<>();
        for (Reading r : batch(0, 3000)) { // ~200 KiB: the 64 KiB buffer grows twice
            big.add(new Reading(r.meter() + "\u00fc".repeat(10), r.time(), r.quantity(), r.value(), r.unit(),
                    r.quality(), r.source()));
        }
        SpoolRecords records = new SpoolRecords();
        records.record(batch(0, 2)); // a reused buffer: what an earlier record left must not leak into the next
        ByteBuffer record = records.record(big);
        byte[] payload = formatOne(big);
        assertEquals(payload.length, record.getInt(0));
        assertEquals(SpoolRecords.crc(payload, 0, payload.length), record.getInt(4));
        assertArrayEquals(payload, Arrays.copyOfRange(record.array(), SpoolRecords.HEADER, record.limit()));
    }

    @Test
    void batchesComeBackInOrderAfterReopening() {
        Spool spool = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        spool.append(List.of(batch(0, 3)));
        spool.append(List.of(batch(3, 2)));
        // no close: an abrupt stop leaves the files as they are
        Spool again = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        assertEquals(2, again.batches());
        assertEquals(batch(0, 3), again.oldest().orElseThrow());
        again.acknowledge();
        assertEquals(batch(3, 2), again.oldest().orElseThrow());
        again.close();
    }

    @Test
    void aCommittedSegmentIsDeletedWhenItIsNoLongerAppendedToOrAtClose() throws IOException {
        Spool spool = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE); // segments roll at 64 KiB
        spool.append(List.of(batch(0, 3)));
        spool.append(List.of(batch(3, 3)));
        spool.acknowledge();
        spool.acknowledge();
        assertEquals(0, spool.bytes());
        List<Path> first = segments();
        assertEquals(1, first.size(), "the segment appended to stays, committed or not");
        spool.append(List.of(batch(6, 2000))); // over 64 KiB: a new segment, and the committed one goes
        assertEquals(1, segments().size());
        assertTrue(!segments().equals(first), "the committed segment was deleted when the spool rolled");
        spool.acknowledge();
        spool.close();
        assertTrue(segments().isEmpty(), "nothing to replay after a clean close");
    }

    @Test
    void aCommittedBatchLeftInTheSegmentByAnAbruptStopIsReplayedOnce() {
        Spool spool = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        spool.append(List.of(batch(0, 3)));
        spool.acknowledge();
        spool.append(List.of(batch(3, 2)));
        // no close: the idempotent store ignores the replayed committed batch
        Spool again = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        assertEquals(List.of(batch(0, 3), batch(3, 2)), drain(again));
    }

    @Test
    void batchesTheStoreCommittedFirstAreWrittenAllTheSameWhenItsCommitsMayNotSurviveAPowerCut() {
        Spool spool = Spool.open(spoolDir(), 1 << 20, () -> false); // SQLite's default NORMAL sync
        List<List<Reading>> in = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            in.add(batch(i * 10, 10)); // all in one segment
        }
        spool.appendUnsynced(in);
        for (var b = spool.oldest(); b.isPresent(); b = spool.oldest()) { // the store commits them, mostly before the appender writes
            spool.acknowledge();
        }
        spool.sync();
        assertEquals(0, spool.batches());
        // no close: a power cut that took the store's last commits finds every batch in the spool
        assertEquals(in, drain(Spool.open(spoolDir(), 1 << 20, DURABLE_STORE)));
    }

    @Test
    void manyPendingBatchesComeBackInOrderFromMemoryAndFromDisk() {
        Spool spool = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        List<List<Reading>> in = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // more than the spool keeps in memory
            in.add(batch(i * 5, 5));
            spool.append(List.of(in.get(i)));
        }
        assertEquals(in, drain(spool));
    }

    @Test
    void batchesAppendedAreTheOldestAtOnceWhileTheSpoolWritesThem() throws IOException {
        Spool spool = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        List<List<Reading>> in = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            in.add(batch(i * 100, 100));
        }
        spool.appendUnsynced(in);
        List<List<Reading>> out = new ArrayList<>();
        for (var b = spool.oldest(); b.isPresent(); b = spool.oldest()) { // races the appender: both orders are right
            out.add(b.get());
            spool.acknowledge();
        }
        spool.sync();
        assertEquals(in, out);
        assertEquals(0, spool.bytes());
        assertFalse(spool.isFull());
        spool.close();
        assertTrue(segments().isEmpty(), "committed batches, written or skipped, leave nothing to replay");
    }

    @Test
    void aBatchTheSpoolCannotWriteStaysInMemoryAndTheSpoolCountsFullUntilTheStoreHasIt() {
        Spool spool = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        Reading r = batch(0, 1).get(0);
        List<Reading> unwritable = List.of(new Reading("\u20ac".repeat(30_000), r.time(), r.quantity(), r.value(),
                r.unit(), r.quality(), r.source())); // 90,000 bytes: too long for a record's text
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class, () -> spool.append(List.of(unwritable)));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertTrue(spool.isFull(), "new batches must wait while one cannot be written");
        assertEquals(1, spool.readingsOnlyInMemory());
        assertEquals(unwritable, spool.oldest().orElseThrow());
        spool.acknowledge(); // the store took it
        spool.sync(); // the retry has nothing left to write
        assertFalse(spool.isFull());
        spool.append(List.of(batch(5, 2)));
        assertEquals(0, spool.readingsOnlyInMemory());
        assertEquals(List.of(batch(5, 2)), drain(Spool.open(spoolDir(), 1 << 20, DURABLE_STORE)));
    }

    @Test
    void batchesAppendedTogetherAreKeptInOrderAcrossASegmentRoll() {
        Spool spool = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE); // segments roll at 64 KiB
        List<List<Reading>> group = List.of(batch(0, 1500), batch(1500, 1500), batch(3000, 3));
        spool.append(group);
        Spool again = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE); // as after a crash: from disk only
        assertEquals(group, drain(again));
    }

    static List<List<Reading>> drain(Spool spool) {
        List<List<Reading>> out = new ArrayList<>();
        for (var b = spool.oldest(); b.isPresent(); b = spool.oldest()) {
            out.add(b.get());
            spool.acknowledge();
        }
        spool.close();
        return out;
    }

    /** A closed spool of two batches of three readings; its one segment, to damage. */
    Path twoBatchesOfThreeInOneSegment() throws IOException {
        Spool spool = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        spool.append(List.of(batch(0, 3)));
        spool.append(List.of(batch(3, 3)));
        spool.close();
        return segments().get(0);
    }

    @Test
    void aTornLastRecordIsCutOffAndTheRestReplayed() throws IOException {
        Path seg = twoBatchesOfThreeInOneSegment();
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 5); // the crash came in the middle of the second write
        }
        Spool again = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        assertEquals(1, again.tornRecords());
        assertEquals(1, again.batches());
        assertEquals(batch(0, 3), again.oldest().orElseThrow());
        again.append(List.of(batch(10, 1))); // appending after the cut works
        again.close();
        assertEquals(2, Spool.open(spoolDir(), 1 << 20, DURABLE_STORE).batches());
    }

    @Test
    void aRecordFailingItsCrcIsCutOff() throws IOException {
        Path seg = twoBatchesOfThreeInOneSegment();
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x55}), size - 3); // a bit rot in the last record's payload
        }
        Spool again = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        assertEquals(1, again.tornRecords());
        assertEquals(List.of(batch(0, 3)), List.of(again.oldest().orElseThrow()));
        assertEquals(1, again.batches());
        again.close();
    }

    @Test
    void isFullAtItsBound() {
        Spool spool = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
        while (!spool.isFull()) {
            spool.append(List.of(batch(0, 1000)));
        }
        assertTrue(spool.bytes() >= 1 << 20);
        spool.acknowledge();
        assertFalse(spool.isFull());
        spool.close();
    }

    @Test
    void readingsRoundTripExactly() throws IOException {
        Reading odd = new Reading("Zähler-1", Instant.parse("2026-03-01T00:00:00.123456789Z"), "q", -0.0, "m³",
                Quality.CORRECTED, Source.FIELD);
        assertEquals(List.of(odd), SpoolRecords.decode(SpoolRecords.encode(List.of(odd))));
    }

    @Nested
    class BetweenWriterAndStore {
        FlakyStore store;

        WriterSettings spooled() {
            return ReadingWriterTest.quick().withBatchSize(10).withInterval(Duration.ofMillis(5))
                    .withQueueCapacity(10).withSpool(spoolDir(), 1 << 20);
        }

        @org.junit.jupiter.api.BeforeEach
        void openStore() {
            store = new FlakyStore(Stores.open("embedded:" + dir.resolve("store.db")));
        }

        @org.junit.jupiter.api.AfterEach
        void closeStore() {
            store.close();
        }

        @Test
        void readingsKeepSpoolingWhileTheStoreIsDownAndDrainInOrderWhenItIsBack() throws Exception {
            store.down = true;
            try (ReadingWriter writer = ReadingWriter.start(store, spooled())) {
                // 200 readings through a queue of 10: accept never blocks for long, the spool takes them
                writer.acceptAll(batch(0, 200));
                // at least 20: under load the 5 ms interval can cut a batch short
                await().until(() -> writer.stats().queued() == 0 && writer.stats().backlogBatches() >= 20);
                assertTrue(writer.stats().spooledBytes() > 0);
                assertEquals(0, store.count());
                store.down = false;
                await().until(() -> store.count() == 200);
                await().until(() -> writer.stats().spooledBytes() == 0);
            }
            List<Reading> stored = store.between("000000000003", ENERGY, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
            assertEquals(batch(0, 200).stream().filter(r -> r.meter().equals("000000000003")).toList(), stored);
            assertTrue(segments().isEmpty());
        }

        @Test
        void batchesReachTheStoreInTheOrderAcceptedWhileTheSpoolWritesThemBeside() throws Exception {
            List<Reading> in = batch(0, 2000);
            try (ReadingWriter writer = ReadingWriter.start(store, spooled().withQueueCapacity(1000))) {
                writer.acceptAll(in); // up to 100 batches waiting: groups of 8 appended at once
                await().until(() -> store.count() == 2000);
            }
            assertEquals(in, store.committed.stream().flatMap(List::stream).toList());
            assertTrue(segments().isEmpty());
        }

        @Test
        void aBatchTheSpoolCannotWriteStillReachesTheStore() throws Exception {
            store.down = true;
            List<Reading> in = new ArrayList<>(batch(0, 9));
            Reading r = batch(9, 1).get(0);
            in.add(new Reading("\u20ac".repeat(30_000), r.time(), r.quantity(), r.value(), r.unit(), r.quality(),
                    r.source()));
            try (ReadingWriter writer = ReadingWriter.start(store, spooled())) {
                writer.acceptAll(in);
                // failures read first: more of them than of the store's means the spool failed too
                await().until(() -> writer.stats().failures() > store.failedWrites.get());
                store.down = false;
                await().until(() -> store.count() == 10);
                await().until(() -> writer.stats().backlogBatches() == 0);
                writer.acceptAll(batch(10, 10)); // the spool takes batches again
                await().until(() -> store.count() == 20);
                writer.close();
                assertEquals(0, writer.stats().lost());
            }
            assertTrue(segments().isEmpty());
        }

        @Test
        void whatAWriterKilledWhileTheStoreWasUpReportedIsStoredAfterTheNextStart() throws Exception {
            // the store may commit a batch before its record is fsynced: killed at any point, every
            // reading reported is in the store or in the spool, and the next writer stores the rest in order
            int batchSize = 50;
            Path db = dir.resolve("killed.db");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                    SpoolingChild.class.getName(), spoolDir().toString(), "embedded:" + db, String.valueOf(batchSize))
                    .redirectError(dir.resolve("child.err").toFile()).start();
            long reported = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(
                    child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (reported < 200 * batchSize && (line = out.readLine()) != null) {
                    if (line.startsWith("SPOOLED ")) {
                        reported = Long.parseLong(line.substring(8).strip());
                    }
                }
                child.destroyForcibly(); // SIGKILL on Linux, while the child keeps writing
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            }
            assertTrue(reported >= 200 * batchSize, "child reported only " + reported + " readings; its stderr: "
                    + Files.readString(dir.resolve("child.err")));
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
            try (ReadingStore killed = Stores.open("embedded:" + db)) {
                ReadingWriter writer = ReadingWriter.start(killed, spooled());
                writer.close();
                long stored = killed.count();
                assertTrue(stored >= reported, "stored " + stored + " < reported " + reported);
                assertEquals(0, stored % batchSize, "whole batches only: " + stored);
                assertEquals(0, writer.stats().backlogBatches());
                ReadingWriterOutageTest.assertStoredExactly(killed, ReadingWriterTest.readings(0, (int) stored));
            }
        }

        @Test
        void closingWhileTheStoreIsDownSpoolsEverythingQueuedBeforeTheDeadline() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            store.hold = release;
            ReadingWriter writer = ReadingWriter.start(store, spooled().withQueueCapacity(1000)
                    .withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).withCloseTimeout(Duration.ofMillis(200)));
            writer.acceptAll(batch(0, 10));
            store.entered.await(); // the flusher is inside the store with the first batch
            writer.acceptAll(batch(10, 490)); // 49 batches queued
            store.down = true;
            Thread closer = new Thread(writer::close);
            closer.start();
            await().until(() -> closer.getState() == Thread.State.WAITING); // closing, joining the flusher
            store.hold = null;
            release.countDown(); // the held write fails; the next retry is 5 s away, the deadline 0.2 s
            closer.join();
            assertAllSpooledThenStoredByTheNextStart(writer, 50, 500);
        }

        @Test
        void closingWhileTheStoreIsDownKeepsTheBatchesForTheNextStart() throws Exception {
            store.down = true;
            ReadingWriter writer = ReadingWriter.start(store, spooled().withCloseTimeout(Duration.ofMillis(30)));
            writer.acceptAll(batch(0, 25));
            writer.close();
            assertAllSpooledThenStoredByTheNextStart(writer, 3, 25);
        }

        /**
         * The closed {@code writer} lost nothing and left {@code batches} in the spool; with the store
         * back, the next writer's start stores them all, {@code readings} in all, and empties the spool.
         */
        void assertAllSpooledThenStoredByTheNextStart(ReadingWriter writer, int batches, long readings) throws Exception {
            assertEquals(0, writer.stats().lost());
            assertEquals(batches, writer.stats().backlogBatches());
            store.down = false;
            try (ReadingWriter next = ReadingWriter.start(store, spooled())) {
                await().until(() -> store.count() == readings);
            }
            assertTrue(segments().isEmpty());
        }

        @Test
        void afterAnAbruptStopTheSpoolIsReplayedAndNothingIsStoredTwice() throws Exception {
            Spool crashed = Spool.open(spoolDir(), 1 << 20, DURABLE_STORE);
            crashed.append(List.of(batch(0, 10)));
            crashed.append(List.of(batch(10, 10)));
            store.write(batch(0, 10)); // committed, but the process died before the acknowledgement
            // no close(): the process is gone
            try (ReadingWriter writer = ReadingWriter.start(store, spooled())) {
                writer.acceptAll(batch(20, 5));
                await().until(() -> store.count() == 25);
                await().until(() -> writer.stats().written() == 25);
                assertEquals(15, writer.stats().stored());
            }
            assertEquals(25, store.count());
            assertTrue(segments().isEmpty());
        }
    }
}
