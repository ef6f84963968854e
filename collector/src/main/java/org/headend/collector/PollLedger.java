package org.headend.collector;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.headend.collector.poll.PollOutcome;
import org.headend.storage.PollDay;
import org.headend.storage.ReadingStore;
import org.headend.storage.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the schedule asked of each meter today and what came of it, kept as running tallies per
 * meter and local day and written to the store (table {@code poll_day}) once per cycle, off the
 * bus threads. Read-rate reports are computed from these rows.
 *
 * <p>Tallies are written whole and newest-wins, so a write the store refused is simply written
 * again at the next flush. At start the day's tallies already stored are taken up, so a restart
 * continues the counts instead of starting them again.
 */
final class PollLedger implements PollTallies, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PollLedger.class);

    private record Key(LocalDate day, String meter) {
    }

    private static final class Tally {
        int due;
        int answered;
        int failed;
        int skipped;
        boolean dirty;
    }

    private final ReadingStore store;
    private final ZoneId zone;
    private final Clock clock;
    private final Map<Key, Tally> tallies = new HashMap<>();
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "headend-poll-ledger");
        t.setDaemon(true);
        return t;
    });

    PollLedger(ReadingStore store, ZoneId zone, Clock clock) {
        this.store = store;
        this.zone = zone;
        this.clock = clock;
        LocalDate today = today();
        try {
            for (PollDay d : store.pollDays(today, today.plusDays(1))) {
                Tally t = tally(d.meter());
                t.due = d.due();
                t.answered = d.answered();
                t.failed = d.failed();
                t.skipped = d.skipped();
            }
        } catch (StoreException e) {
            log.warn("today's poll tallies could not be read from the store ({}); today's counts start from zero"
                    + " and replace the stored ones when written", e.getMessage());
        }
    }

    @Override
    public synchronized void due(String meter) {
        Tally t = tally(meter);
        t.due++;
        t.dirty = true;
    }

    @Override
    public synchronized void done(String meter, PollOutcome outcome) {
        Tally t = tally(meter);
        switch (outcome) {
            case OK, ERROR_REPLY -> t.answered++;
            case TIMEOUT, BAD_FRAME, DISCONNECTED -> t.failed++;
            case SKIPPED -> t.skipped++;
        }
        t.dirty = true;
    }

    /** A failed write is retried at the next flush. */
    @Override
    public void flush() {
        flusher.execute(this::write);
    }

    private void write() {
        List<PollDay> changed = new ArrayList<>();
        List<Tally> taken = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (this) {
            tallies.forEach((k, t) -> {
                if (t.dirty) {
                    changed.add(new PollDay(k.day(), k.meter(), t.due, t.answered, t.failed, t.skipped, now));
                    taken.add(t);
                    t.dirty = false;
                }
            });
        }
        if (changed.isEmpty()) {
            return;
        }
        try {
            store.writePollDays(changed);
            synchronized (this) {
                LocalDate today = today();
                tallies.entrySet().removeIf(e -> e.getKey().day().isBefore(today) && !e.getValue().dirty);
            }
        } catch (StoreException e) {
            synchronized (this) {
                taken.forEach(t -> t.dirty = true);
            }
            log.warn("{} poll tallies not written, kept for the next flush: {}", changed.size(), e.getMessage());
        }
    }

    private Tally tally(String meter) {
        return tallies.computeIfAbsent(new Key(today(), meter), k -> new Tally());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** Writes what is left, then stops. */
    @Override
    public void close() {
        flush();
        flusher.shutdown();
        try {
            if (!flusher.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("the last poll tallies were still being written after 30 s; left unwritten");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
