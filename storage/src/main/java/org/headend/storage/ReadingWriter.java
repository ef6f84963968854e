package org.headend.storage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches readings in front of a {@link ReadingStore}, after Micrometer's PushMeterRegistry
 * (style.md, storage): {@link #accept} only queues; one flusher thread writes a batch when
 * {@link WriterSettings#batchSize()} readings wait or {@link WriterSettings#interval()} has passed,
 * one flush at a time. A failed write is caught, counted and retried, oldest batch first, with
 * backoff doubling up to {@link WriterSettings#maxBackoff()}; meanwhile new batches go to the
 * backlog (the durable {@link Spool} if configured), and when that is full readings wait in the
 * queue, and when the queue is full {@code accept} blocks: backpressure, never a silent drop.
 *
 * <p>{@link #close()} stops accepting, waits for the flush in flight, flushes what is queued and
 * retries a failing store up to {@link WriterSettings#closeTimeout()}; with a spool anything left
 * is on disk and replayed, first and in order, by the next writer on the same directory.
 * The caller closes the store after the writer.
 */
public final class ReadingWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingWriter.class);

    private final ReadingStore store;
    private final WriterSettings settings;
    private final LongSupplier nanoTime;
    private final Backlog backlog;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Reading> queue = new ArrayDeque<>();
    private final Thread flusher;
    private boolean closing;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile long lastFlushNanos;
    private volatile long backlogBytes;
    private volatile int backlogBatches;
    private volatile String lastError;
    private volatile Throwable stoppedBy;

    private int failuresInRow;
    private long retryAt;

    private ReadingWriter(ReadingStore store, WriterSettings settings, LongSupplier nanoTime, Backlog backlog) {
        this.store = store;
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.backlog = backlog;
        this.flusher = new Thread(new Flusher(), "headend-reading-writer");
        // daemon: a forgotten close() must not keep the JVM alive; closing is the caller's duty
        this.flusher.setDaemon(true);
        this.backlogBytes = backlog.bytes();
        this.backlogBatches = backlog.batches();
    }

    /** Starts a writer on {@code store}; with a spool configured, replays what it holds first. */
    public static ReadingWriter start(ReadingStore store, WriterSettings settings) {
        return start(store, settings, System::nanoTime);
    }

    /** As {@link #start(ReadingStore, WriterSettings)} with a monotonic clock for intervals and backoff. */
    public static ReadingWriter start(ReadingStore store, WriterSettings settings, LongSupplier nanoTime) {
        Backlog backlog = settings.spoolDirectory() == null ? new Backlog.Memory(settings.memoryBatches())
                : Spool.open(settings.spoolDirectory(), settings.spoolMaxBytes(), store::commitsSurvivePowerCut);
        ReadingWriter w = new ReadingWriter(store, settings, nanoTime, backlog);
        w.flusher.start();
        return w;
    }

    /**
     * Queues one reading. Returns at once unless the queue is full, then waits for room.
     *
     * @throws IllegalStateException if the writer is closed
     */
    public void accept(Reading reading) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.size() >= settings.queueCapacity() && !closing) {
                notFull.await();
            }
            if (closing) {
                throw new IllegalStateException("reading writer is " + (stoppedBy == null ? "closed" : "stopped by " + stoppedBy)
                        + "; reading of " + reading.meter() + " " + reading.quantity() + " at " + reading.time() + " not taken");
            }
            queue.addLast(reading);
            accepted.incrementAndGet();
            if (queue.size() >= settings.batchSize()) {
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues readings in order, as {@link #accept(Reading)} each. */
    public void acceptAll(List<Reading> readings) throws InterruptedException {
        for (Reading r : readings) {
            accept(r);
        }
    }

    /** Counters for the collector's metrics: plain values, read at any time. */
    public Stats stats() {
        int queued;
        lock.lock();
        try {
            queued = queue.size();
        } finally {
            lock.unlock();
        }
        return new Stats(accepted.get(), written.get(), stored.get(), failures.get(), lost.get(), queued,
                backlogBatches, backlogBytes, Duration.ofNanos(lastFlushNanos), Optional.ofNullable(lastError));
    }

    /**
     * A snapshot of the writer's counters.
     *
     * @param accepted      readings taken by {@code accept}
     * @param written       readings the store committed (new or already there)
     * @param stored        of those, readings that were new to the store
     * @param failures      store writes that failed (each retried)
     * @param lost          readings given up at close (only without a spool, after closeTimeout)
     * @param queued        readings waiting in memory
     * @param backlogBatches batches taken from the queue and not yet committed
     * @param spooledBytes  bytes in the spool (0 without one)
     * @param lastFlush     how long the last successful store write took
     * @param lastError     the last write failure's message
     */
    public record Stats(long accepted, long written, long stored, long failures, long lost, int queued,
                        int backlogBatches, long spooledBytes, Duration lastFlush, Optional<String> lastError) {
    }

    /** Stops accepting, flushes everything and waits for it (see the class comment). */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing && !flusher.isAlive()) {
                return;
            }
            closing = true;
            wake.signal();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (flusher.isAlive()) {
            try {
                flusher.join();
            } catch (InterruptedException e) {
                interrupted = true; // finish the join: leaving now could lose the batch in flight
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Full batches a flusher that fell behind puts in the backlog at once (one spool fsync). */
    static final int GROUP = 8;

    /** The one flusher: gathers, appends to the backlog, writes the backlog to the store. */
    private final class Flusher implements Runnable {
        @Override
        public void run() {
            long nextFlush = nanoTime.getAsLong() + settings.interval().toNanos();
            try {
                while (true) {
                    List<List<Reading>> batches = gather(nextFlush);
                    if (batches == null) {
                        break;
                    }
                    if (!batches.isEmpty()) {
                        // the spool encodes, writes and fsyncs them on its own thread while the store takes them
                        backlog.appendUnsynced(batches);
                    }
                    if (batches.isEmpty() || batches.get(batches.size() - 1).size() < settings.batchSize()) {
                        nextFlush = nanoTime.getAsLong() + settings.interval().toNanos();
                    }
                    drainBacklog();
                    syncWhatTheStoreDidNotTake();
                    backlogBytes = backlog.bytes();
                    backlogBatches = backlog.batches();
                }
                finish();
            } catch (Throwable t) {
                stoppedBy = t;
                LOG.error("reading writer stopped by an unexpected error; {} readings queued, {} batches in the backlog",
                        queue.size(), backlog.batches(), t);
            } finally {
                backlog.close();
                lock.lock();
                try {
                    closing = true; // a dead flusher must not let accept() block forever
                    notFull.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        /**
         * Up to a batch from the queue, once a batch is full or {@code nextFlush} is due, and every
         * further full batch waiting, up to {@link #GROUP} in all (none while the backlog is full,
         * once a retry is due); null once closing.
         */
        private List<List<Reading>> gather(long nextFlush) throws InterruptedException {
            lock.lock();
            try {
                while (!closing) {
                    boolean full = backlog.isFull();
                    if (!full && queue.size() >= settings.batchSize()) {
                        break;
                    }
                    long until = full ? retryAt
                            : failuresInRow > 0 && backlog.batches() > 0 ? Math.min(nextFlush, retryAt) : nextFlush;
                    long wait = until - nanoTime.getAsLong();
                    if (wait <= 0) {
                        break;
                    }
                    wake.awaitNanos(wait);
                }
                if (closing) {
                    return null;
                }
                List<List<Reading>> batches = new ArrayList<>();
                if (!backlog.isFull() && !queue.isEmpty()) {
                    batches.add(take());
                    while (batches.size() < GROUP && queue.size() >= settings.batchSize()) {
                        batches.add(take());
                    }
                }
                return batches;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Batches the store committed are durable there; those it did not take must be durable in the
         * backlog before the stats count them and before the next gather. So the flusher waits for the
         * spool's fsync only while the store is failing (or the spool is), never while it keeps up.
         */
        private void syncWhatTheStoreDidNotTake() {
            if (backlog.batches() > 0 || backlog.isFull()) { // full: also a spool write that failed and waits for a retry
                syncBacklog();
            }
        }

        /**
         * Waits until the backlog's batches are durable; a failure (spool disk full or unwritable) is
         * counted and logged: those batches stay in memory, go to the store as usual, and the spool
         * counts as full (new readings wait in the queue) until a later sync writes them.
         */
        private void syncBacklog() {
            try {
                backlog.sync();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                lastError = String.valueOf(e.getMessage());
                LOG.error("spool write or fsync failed: {} readings are only in memory until the store or the spool takes them ({})",
                        backlog.readingsOnlyInMemory(), e.toString());
            }
        }

        /** Up to a batch from the queue; called holding the lock. */
        private List<Reading> take() {
            int n = Math.min(queue.size(), settings.batchSize());
            List<Reading> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(queue.pollFirst());
            }
            notFull.signalAll();
            return batch;
        }

        /** Writes backlog batches oldest first until it is empty or a write fails. */
        private void drainBacklog() {
            while (nanoTime.getAsLong() - retryAt >= 0 || failuresInRow == 0) {
                List<Reading> batch = List.of();
                long start = nanoTime.getAsLong();
                try {
                    Optional<List<Reading>> oldest = backlog.oldest(); // a spool read can fail too: retried alike
                    if (oldest.isEmpty()) {
                        return;
                    }
                    batch = oldest.get();
                    int fresh = store.write(batch);
                    lastFlushNanos = nanoTime.getAsLong() - start;
                    backlog.acknowledge();
                    written.addAndGet(batch.size());
                    stored.addAndGet(fresh);
                    if (failuresInRow > 0) {
                        LOG.info("store {} takes writes again after {} failures", store.describe(), failuresInRow);
                    }
                    failuresInRow = 0;
                } catch (Throwable t) {
                    failures.incrementAndGet();
                    lastError = String.valueOf(t.getMessage());
                    long backoff = backoffNanos(failuresInRow++);
                    retryAt = nanoTime.getAsLong() + backoff;
                    LOG.warn("write of {} readings failed (failure {} in a row, {} batches waiting, retry in {} ms): {}",
                            batch.size(), failuresInRow, backlog.batches(), backoff / 1_000_000, t.toString());
                    return;
                }
            }
        }

        private long backoffNanos(int failuresBefore) {
            long initial = settings.initialBackoff().toNanos();
            long max = settings.maxBackoff().toNanos();
            return failuresBefore >= 30 ? max : Math.min(max, initial << failuresBefore);
        }

        /**
         * The final flush: everything queued goes to the backlog and the store, retrying a failing
         * store until closeTimeout; then what is left is reported (spooled: kept; else: lost).
         */
        private void finish() throws InterruptedException {
            long deadline = nanoTime.getAsLong() + settings.closeTimeout().toNanos();
            int queued;
            while (true) {
                lock.lock();
                try {
                    // everything queued goes to the backlog now, not a group per backoff: the deadline may be near
                    while (!queue.isEmpty() && !backlog.isFull()) {
                        List<List<Reading>> group = new ArrayList<>();
                        while (group.size() < GROUP && !queue.isEmpty()) {
                            group.add(take());
                        }
                        backlog.appendUnsynced(group);
                        if (failuresInRow > 0) {
                            syncBacklog(); // the store is failing: the bound must count these before more are taken
                        }
                    }
                    queued = queue.size();
                } finally {
                    lock.unlock();
                }
                drainBacklog();
                syncWhatTheStoreDidNotTake();
                backlogBytes = backlog.bytes();
                backlogBatches = backlog.batches();
                if ((backlog.batches() == 0 && queued == 0) || nanoTime.getAsLong() - deadline >= 0) {
                    break;
                }
                long wait = Math.min(retryAt, deadline) - nanoTime.getAsLong();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            if (backlog instanceof Spool && backlog.batches() > 0) {
                LOG.warn("closing with {} batches ({} bytes) in the spool: the store did not take them within {}; "
                        + "they are replayed at the next start", backlog.batches(), backlog.bytes(), settings.closeTimeout());
            }
            long gone = queued + backlog.readingsOnlyInMemory();
            if (gone > 0) {
                lost.addAndGet(gone);
                LOG.error("closing: {} readings could not be written or spooled within {} and are lost ({})",
                        gone, settings.closeTimeout(), lastError);
            }
        }
    }
}
