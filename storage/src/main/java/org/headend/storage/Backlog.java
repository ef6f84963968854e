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
     * As {@link #append} but may return before the batches are durable; {@link #sync} makes them so.
     * The writer syncs while the store writes the batches before them: the spool's fsync and the
     * store's commit overlap instead of following each other. Only the appending thread may call
     * {@link #sync} concurrently with the other methods.
     */
    default void appendUnsynced(List<List<Reading>> batches) {
        append(batches);
    }

    /** Makes everything appended so far as durable as this backlog gets. */
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
        public void close() {
        }
    }
}
