package org.headend.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store that may be created while its database is unreachable, so that a collector can start,
 * poll and spool during an outage (issue 4, "Writing"). The real store is opened at the first
 * call that needs it; until that succeeds every call throws {@link StoreException} naming the
 * last reason, which a {@link ReadingWriter} counts and retries with backoff like any failed
 * write. Once open, calls go straight through: the real store reconnects on its own (its pool).
 */
final class DeferredStore implements ReadingStore {
    private final String name;
    private final Supplier<ReadingStore> opener;
    private volatile ReadingStore real;
    private volatile String lastFailure = "not tried yet";
    private boolean closed;

    DeferredStore(String name, Supplier<ReadingStore> opener) {
        this.name = name;
        this.opener = opener;
    }

    /** The open store, opening it now if needed; throws if the database is still not there. */
    private ReadingStore real() {
        ReadingStore r = real;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (closed) {
                throw new StoreException(name + " is closed");
            }
            if (real == null) {
                try {
                    real = opener.get();
                } catch (StoreException e) {
                    lastFailure = e.getMessage();
                    throw new StoreException(name + " is not open yet (the database is unreachable or refused"
                            + " the schema): " + e.getMessage(), e);
                }
            }
            return real;
        }
    }

    /** Opens the real store if the database is there; otherwise stays deferred, the cause in describe(). */
    void tryOpen() {
        try {
            real();
        } catch (StoreException e) {
            // the next call tries again
        }
    }

    /** Whether the real store has been opened (for tests and the start-up line). */
    boolean isOpen() {
        return real != null;
    }

    @Override
    public int write(List<Reading> batch) {
        return real().write(batch);
    }

    @Override
    public List<Reading> lastPerMeter(String quantity) {
        return real().lastPerMeter(quantity);
    }

    @Override
    public Optional<Reading> last(String meter, String quantity) {
        return real().last(meter, quantity);
    }

    @Override
    public List<Reading> between(String meter, String quantity, Instant from, Instant to) {
        return real().between(meter, quantity, from, to);
    }

    @Override
    public List<Reading> newestAtOrBefore(String quantity, Instant at, Duration window) {
        return real().newestAtOrBefore(quantity, at, window);
    }

    @Override
    public List<ReadingsAround> around(String quantity, List<MeterTime> probes, Duration window) {
        return real().around(quantity, probes, window);
    }

    @Override
    public FieldCheckStore fieldChecks() {
        return real().fieldChecks();
    }

    @Override
    public MeterArchiveStore archive() {
        return real().archive();
    }

    @Override
    public List<DailyUse> dailyUse(String quantity, LocalDate from, LocalDate to, ZoneId zone) {
        return real().dailyUse(quantity, from, to, zone);
    }

    @Override
    public List<DailyUse> dailyUse(String meter, String quantity, LocalDate from, LocalDate to, ZoneId zone) {
        return real().dailyUse(meter, quantity, from, to, zone);
    }

    @Override
    public int writeEvents(List<MeterEvent> events) {
        return real().writeEvents(events);
    }

    @Override
    public List<MeterEvent> events(Instant from, Instant to) {
        return real().events(from, to);
    }

    @Override
    public void writePollDays(List<PollDay> tallies) {
        real().writePollDays(tallies);
    }

    @Override
    public List<PollDay> pollDays(LocalDate from, LocalDate to) {
        return real().pollDays(from, to);
    }

    @Override
    public long count() {
        return real().count();
    }

    /** Not known before the store opens; nothing is committed before that either. */
    @Override
    public boolean commitsSurvivePowerCut() {
        ReadingStore r = real;
        return r != null && r.commitsSurvivePowerCut();
    }

    @Override
    public String describe() {
        ReadingStore r = real;
        return r != null ? r.describe() : name + " (not open yet, opened at the first write; last attempt: " + lastFailure + ")";
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (real != null) {
            real.close();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
