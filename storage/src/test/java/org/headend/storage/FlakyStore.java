package org.headend.storage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store behind a switch: while {@link #down} is set, writes fail as a lost database would;
 * {@link #hold} makes the next write wait inside the store until released. Not a mock: what is
 * written reaches the real store underneath.
 */
final class FlakyStore extends ForwardingStore {
    volatile boolean down;
    volatile CountDownLatch hold;
    final CountDownLatch entered = new CountDownLatch(1);
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger failedWrites = new AtomicInteger();
    /** Every batch the real store committed, in order. */
    final List<List<Reading>> committed = new CopyOnWriteArrayList<>();

    FlakyStore(ReadingStore real) {
        super(real);
    }

    @Override
    public int write(List<Reading> batch) {
        writes.incrementAndGet();
        CountDownLatch h = hold;
        if (h != null) {
            entered.countDown();
            try {
                h.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while held");
            }
        }
        if (down) {
            failedWrites.incrementAndGet();
            throw new StoreException("store is down (test switch)");
        }
        int fresh = real.write(batch);
        committed.add(List.copyOf(batch));
        return fresh;
    }

    @Override
    public String describe() {
        return "flaky " + real.describe();
    }
}
