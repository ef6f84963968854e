package org.headend.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store behind a switch: while {@link #down} is set, writes fail as a lost database would;
 * {@link #hold} makes the next write wait inside the store until released. Not a mock: what is
 * written reaches the real store underneath.
 */
final class FlakyStore implements ReadingStore {
    final ReadingStore real;
    volatile boolean down;
    volatile CountDownLatch hold;
    final CountDownLatch entered = new CountDownLatch(1);
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger failedWrites = new AtomicInteger();

    FlakyStore(ReadingStore real) {
        this.real = real;
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
        return real.write(batch);
    }

    @Override
    public List<Reading> lastPerMeter(String quantity) {
        return real.lastPerMeter(quantity);
    }

    @Override
    public Optional<Reading> last(String meter, String quantity) {
        return real.last(meter, quantity);
    }

    @Override
    public List<DailyUse> dailyUse(String quantity, java.time.LocalDate from, java.time.LocalDate to, java.time.ZoneId zone) {
        return real.dailyUse(quantity, from, to, zone);
    }

    @Override
    public List<DailyUse> dailyUse(String meter, String quantity, java.time.LocalDate from, java.time.LocalDate to,
                                    java.time.ZoneId zone) {
        return real.dailyUse(meter, quantity, from, to, zone);
    }

    @Override
    public int writeEvents(List<MeterEvent> events) {
        return real.writeEvents(events);
    }

    @Override
    public List<MeterEvent> events(java.time.Instant from, java.time.Instant to) {
        return real.events(from, to);
    }

    @Override
    public void writePollDays(List<PollDay> tallies) {
        real.writePollDays(tallies);
    }

    @Override
    public List<PollDay> pollDays(java.time.LocalDate from, java.time.LocalDate to) {
        return real.pollDays(from, to);
    }

    @Override
    public List<Reading> between(String meter, String quantity, Instant from, Instant to) {
        return real.between(meter, quantity, from, to);
    }

    @Override
    public long count() {
        return real.count();
    }

    @Override
    public String describe() {
        return "flaky " + real.describe();
    }

    @Override
    public void close() {
        real.close();
    }
}
