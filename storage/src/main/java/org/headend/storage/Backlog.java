package org.headend.storage;

import java.util.List;
import java.util.Optional;

/**
 * Batches taken from the writer's queue and not yet committed by the store, oldest first. Used
 * only by the writer's flusher thread. {@link Spool} keeps them on disk, {@link Memory} in memory.
 */
interface Backlog extends AutoCloseable {

    /**
     * Keeps {@code batches} behind the others, in order; returns once they are as durable as this
     * backlog gets (the spool: one fsync for all of them, so a writer that fell behind catches up).
     */
    void append(List<List<Reading>> batches);

    /**
     * As {@link #append} but returns at once; {@link #sync} waits until the batches are durable. The
     * batches are {@link #oldest} at once, so the store can take them while the spool writes and
     * fsyncs them on a thread of its own: a batch is lost only if the process dies before either is
     * done.
     */
    default void appendUnsynced(List<List<Reading>> batches) {
        append(batches);
    }

    /**
     * Waits until everything appended so far is as durable as this backlog gets; throws if it could
     * not be made so (the batches stay, in memory, and go to the store as usual).
     */
    default void sync() {
    }

    /** The oldest batch not yet acknowledged. */
    Optional<List<Reading>> oldest();

    /** The store committed the oldest batch: forget it. */
    void acknowledge();

    /** Whether another batch must wait (the writer then leaves readings in its queue). */
    boolean isFull();

    int batches();

    long bytes();

    /** Readings of batches held only in memory: lost if the process stops now. */
    long readingsOnlyInMemory();

    @Override
    void close();

    /** Failed batches in memory, at most {@code limit}: lost if the process dies. */
    final class Memory implements Backlog {
        private final java.util.ArrayDeque<List<Reading>> batches = new java.util.ArrayDeque<>();
        private final int limit;

        Memory(int limit) {
            this.limit = limit;
        }

        @Override
        public void append(List<List<Reading>> more) {
            batches.addAll(more);
        }

        @Override
        public Optional<List<Reading>> oldest() {
            return Optional.ofNullable(batches.peekFirst());
        }

        @Override
        public void acknowledge() {
            batches.removeFirst();
        }

        @Override
        public boolean isFull() {
            return batches.size() >= limit;
        }

        @Override
        public int batches() {
            return batches.size();
        }

        @Override
        public long bytes() {
            return 0;
        }

        @Override
        public long readingsOnlyInMemory() {
            return batches.stream().mapToLong(List::size).sum();
        }

        @Override
        public void close() {
        }
    }
}
