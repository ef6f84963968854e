package org.headend.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches on disk between the writer and the store, so a reading a meter answered survives the
 * database being away and the process stopping. Append-only segment files
 * {@code seg-<16 digits>.spool} of records in {@link SpoolRecords}' format, one per batch. A
 * segment is deleted once the store has committed every batch in it and it is no longer the one
 * appended to (deleting and creating a file per batch cost a directory fsync each); a record whose
 * batch was committed but whose segment is still there is replayed after a restart, which the
 * idempotent store ignores (at least once into an idempotent store: each reading stored once).
 *
 * <p>{@link #appendUnsynced} only queues the batches, in memory and in order: a thread of the
 * spool's own ({@code headend-spool-append}) encodes, writes and fsyncs them while the writer hands
 * the same batches, from memory, to the store. {@link #sync} waits for that; the writer calls it
 * only for batches the store did not commit. A batch the store commits before its record is
 * written is not written at all when the store's commits survive a power cut (PostgreSQL, SQLite
 * with FULL sync); with SQLite's default NORMAL sync a power cut may take the last commits, so it
 * is written all the same and stays until its segment rolls, which covers the commits SQLite has
 * not yet forced to disk in all but a long stall. One whose write fails stays in memory, is
 * retried at the next {@link #sync}, and meanwhile the spool counts as full. The newest few batches
 * stay in memory beside their records, so the store is fed without reading them back.
 *
 * <p>At open every segment is scanned in order: a record cut short or failing its CRC (a write torn
 * by a crash, never acknowledged to anyone) is cut off with a warning, the rest is replayed first.
 * Bounded by {@code maxBytes}, with a warning at 80 %. One thread (the writer's flusher) calls its
 * methods; the appender shares its state under the spool's monitor.
 */
final class Spool implements Backlog {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final long MAX_SEGMENT_BYTES = 4L << 20;
    private static final int HEADER = SpoolRecords.HEADER;
    /**
     * Batches kept in memory beside their records: while the store keeps up, the only ones pending.
     * Twice the writer's group ({@link ReadingWriter#GROUP}) appended at once, which must never be read back.
     */
    private static final int IN_MEMORY = 2 * ReadingWriter.GROUP;

    /** A pending batch; guarded by the spool's monitor. */
    private static final class Ref {
        final long seq;
        /** The readings while in memory: until written, then while among the first {@link #IN_MEMORY}. */
        List<Reading> batch;
        /** Where its record is; null while it is not on disk. */
        SpoolSegments.Place place;
        boolean acknowledged;

        Ref(long seq, List<Reading> batch) {
            this.seq = seq;
            this.batch = batch;
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final SpoolSegments segments;
    private final BooleanSupplier commitsSurvivePowerCut;
    /** Not acknowledged, oldest first; their seqs are consecutive. */
    private final ArrayDeque<Ref> pending = new ArrayDeque<>();
    /** Appended and not on disk yet, oldest first: the appender's work. */
    private final ArrayDeque<Ref> unwritten = new ArrayDeque<>();
    private final TreeMap<Long, Integer> pendingPerSegment = new TreeMap<>();
    private final SpoolRecords records = new SpoolRecords(); // the appender's
    /** Bytes of the records of batches not yet acknowledged (what the bound limits). */
    private long bytes;
    private boolean warned;
    private long appendedSeq;
    /** Every batch up to this seq is written and fsynced, or was committed before it was written. */
    private long durableSeq;
    /** A write failed: the batches from it on stay unwritten until {@link #sync} asks for a retry. */
    private boolean stalled;
    /** The appender's last failure, thrown by the next {@link #sync}. */
    private Exception failure;
    private boolean closing;
    private Thread appender;

    private Spool(Path dir, long maxBytes, BooleanSupplier commitsSurvivePowerCut) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.commitsSurvivePowerCut = commitsSurvivePowerCut;
        // segments roll at a sixteenth of the bound (64 KiB..4 MiB): disk use stays under maxBytes plus one segment
        this.segments = new SpoolSegments(dir, Math.max(64 << 10, Math.min(MAX_SEGMENT_BYTES, maxBytes / 16)));
    }

    /**
     * Opens (creating) the spool in {@code dir} and finds what an earlier run left there.
     *
     * @param commitsSurvivePowerCut whether the store's commits do ({@link ReadingStore#commitsSurvivePowerCut}):
     *     if not, batches it committed before their record was written are written all the same
     */
    static Spool open(Path dir, long maxBytes, BooleanSupplier commitsSurvivePowerCut) {
        Spool s = new Spool(dir, maxBytes, commitsSurvivePowerCut);
        try {
            for (SpoolSegments.Place place : s.segments.scan()) {
                Ref ref = new Ref(++s.appendedSeq, null);
                ref.place = place;
                s.pending.addLast(ref);
                s.pendingPerSegment.merge(place.segment(), 1, Integer::sum);
                s.bytes += HEADER + place.length();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool in " + dir + ": " + e.getMessage(), e);
        }
        s.durableSeq = s.appendedSeq;
        if (!s.pending.isEmpty()) {
            LOG.info("spool {} holds {} batches ({} bytes) from an earlier run; replaying them first",
                    dir, s.pending.size(), s.bytes);
        }
        return s;
    }

    /** Appends and waits until the batches are on disk (fsynced); throws if they could not be written. */
    @Override
    public void append(List<List<Reading>> batches) {
        appendUnsynced(batches);
        sync();
    }

    /** Queues the batches for the appender; no I/O here. */
    @Override
    public synchronized void appendUnsynced(List<List<Reading>> batches) {
        if (closing) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
        for (List<Reading> batch : batches) {
            Ref ref = new Ref(++appendedSeq, List.copyOf(batch));
            pending.addLast(ref);
            unwritten.addLast(ref);
        }
        if (appender == null) {
            appender = new Thread(this::appendLoop, "headend-spool-append");
            appender.setDaemon(true); // a spool never closed must not keep the JVM alive
            appender.start();
        }
        notifyAll();
    }

    /**
     * Waits until every batch appended so far is on disk and fsynced (or was committed by the store
     * first). After a failed write, asks the appender to try the batches left again first.
     *
     * @throws UncheckedIOException if a write or fsync failed since the last call; batches not
     *     written stay in memory, in order, and go to the store as usual
     */
    @Override
    public synchronized void sync() {
        if (stalled) {
            stalled = false;
            notifyAll();
        }
        long target = appendedSeq;
        boolean interrupted = false;
        while (durableSeq < target && !stalled && appender != null && appender.isAlive()) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // what the caller waits for is durability: finish waiting
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Exception f = failure;
        failure = null;
        if (f == null && durableSeq < target && !stalled) {
            f = new IOException("the spool's appender thread stopped");
        }
        if (f != null) {
            throw new UncheckedIOException("cannot write or fsync the spool in " + dir + " (" + unwritten.size()
                    + " batches not written yet): " + f.getMessage(), f instanceof IOException io ? io : new IOException(f));
        }
    }

    /** The appender: writes what was appended, oldest first, then one fsync for all of it. */
    private void appendLoop() {
        try {
            while (true) {
                long upTo;
                synchronized (this) {
                    while (!closing && (unwritten.isEmpty() || stalled)) {
                        wait();
                    }
                    if (unwritten.isEmpty() || stalled) {
                        return; // closing, and nothing it could write
                    }
                    upTo = unwritten.peekLast().seq;
                }
                try {
                    if (writeUnwritten(upTo)) { // nothing written (all committed first): nothing to force
                        FileChannel tail;
                        synchronized (this) {
                            tail = segments.tail();
                        }
                        SpoolSegments.force(tail);
                    }
                    synchronized (this) {
                        durableSeq = upTo;
                        notifyAll();
                    }
                } catch (IOException | RuntimeException e) {
                    synchronized (this) {
                        failure = e;
                        stalled = !unwritten.isEmpty(); // a failed fsync leaves nothing to retry
                        if (!stalled) {
                            durableSeq = upTo;
                        }
                        notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                notifyAll(); // a sync() waiting must see that the appender is gone
            }
        }
    }

    /** Writes the unwritten batches up to {@code upTo}, encoding each outside the monitor; whether it wrote any. */
    private boolean writeUnwritten(long upTo) throws IOException {
        boolean wrote = false;
        while (true) {
            Ref ref;
            List<Reading> batch;
            synchronized (this) {
                ref = unwritten.peekFirst();
                if (ref == null || ref.seq > upTo) {
                    return wrote;
                }
                if (ref.acknowledged && commitsSurvivePowerCut.getAsBoolean()) { // in the store for good: no record needed
                    unwritten.removeFirst();
                    continue;
                }
                batch = ref.batch;
            }
            ByteBuffer record;
            try {
                record = records.record(batch);
            } catch (RuntimeException e) {
                if (droppedCommitted(ref, e)) {
                    continue;
                }
                throw e;
            }
            synchronized (this) {
                if (!ref.acknowledged) {
                    write(ref, record);
                    wrote = true;
                } else {
                    // committed, but a power cut may still take it from the store (SQLite's NORMAL
                    // sync): the record stays until its segment is done with; a replay is harmless
                    try {
                        segments.append(record, pendingPerSegment::containsKey);
                        wrote = true;
                    } catch (IOException e) {
                        droppedCommitted(ref, e); // the next write goes where this one failed
                        continue;
                    }
                }
                unwritten.removeFirst();
            }
            warnWhenNearlyFull();
        }
    }

    /**
     * A batch the store committed whose record cannot be made: its copy was only against a power
     * cut, so it is dropped (logged) rather than stopping the spool. Whether {@code ref} was such a batch.
     */
    private synchronized boolean droppedCommitted(Ref ref, Exception e) {
        if (!ref.acknowledged) {
            return false;
        }
        LOG.warn("spool {}: no copy of a batch the store has committed ({} readings): {}", dir, ref.batch.size(), e.getMessage());
        unwritten.removeFirst();
        return true;
    }

    /** Writes one record; called holding the monitor. */
    private void write(Ref ref, ByteBuffer record) throws IOException {
        ref.place = segments.append(record, pendingPerSegment::containsKey);
        if (ref.seq - pending.peekFirst().seq >= IN_MEMORY) {
            ref.batch = null; // read back from disk when its turn comes
        }
        pendingPerSegment.merge(ref.place.segment(), 1, Integer::sum);
        bytes += HEADER + ref.place.length();
    }

    private synchronized void warnWhenNearlyFull() {
        if (!warned && bytes > maxBytes * 8 / 10) {
            warned = true;
            LOG.warn("spool {} is {} % full ({} of {} bytes): the store has not taken batches for a while",
                    dir, bytes * 100 / maxBytes, bytes, maxBytes);
        }
    }

    @Override
    public Optional<List<Reading>> oldest() {
        SpoolSegments.Place place;
        synchronized (this) {
            Ref ref = pending.peekFirst();
            if (ref == null) {
                return Optional.empty();
            }
            if (ref.batch != null) {
                return Optional.of(ref.batch);
            }
            place = ref.place; // on disk: a batch leaves memory only once written
        }
        // read outside the monitor, not to hold up the appender; the segment stays until this batch is acknowledged
        try {
            return Optional.of(SpoolRecords.decode(segments.read(place)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the oldest batch of the spool in " + dir + " (" + place + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void acknowledge() {
        Ref ref = pending.removeFirst();
        ref.acknowledged = true;
        if (ref.place == null) {
            return; // committed before its record was written: the appender skips it, or writes a copy outside the accounts
        }
        long segment = ref.place.segment();
        bytes -= HEADER + ref.place.length();
        if (pendingPerSegment.merge(segment, -1, Integer::sum) == 0) {
            pendingPerSegment.remove(segment);
            try {
                segments.committed(segment);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete committed spool segment " + segment + " in " + dir
                        + ": " + e.getMessage(), e);
            }
        }
        if (bytes < maxBytes / 2) {
            warned = false;
        }
    }

    /** At its bound, or a write failed: new batches wait in the writer's queue either way. */
    @Override
    public synchronized boolean isFull() {
        return bytes >= maxBytes || stalled;
    }

    @Override
    public synchronized int batches() {
        return pending.size();
    }

    @Override
    public synchronized long bytes() {
        return bytes;
    }

    /** Readings of batches pending and not on disk (a write failed): lost if the process stops now. */
    @Override
    public synchronized long readingsOnlyInMemory() {
        long n = 0;
        for (Ref ref : pending) {
            n += ref.place == null ? ref.batch.size() : 0;
        }
        return n;
    }

    /** Records cut off at open because they were torn or corrupt. */
    int tornRecords() {
        return segments.tornRecords();
    }

    /** Lets the appender finish what it can write, then closes the tail (deleting it if every batch in it was committed). */
    @Override
    public void close() {
        Thread a;
        synchronized (this) {
            closing = true;
            notifyAll();
            a = appender;
        }
        boolean interrupted = false;
        while (a != null && a.isAlive()) {
            try {
                a.join();
            } catch (InterruptedException e) {
                interrupted = true; // the appender may be writing the last batches: let it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (!unwritten.isEmpty()) {
                LOG.error("spool {} closes with {} batches it could not write ({})", dir, unwritten.size(),
                        String.valueOf(failure));
            }
            segments.close(pendingPerSegment::containsKey);
        }
    }
}
