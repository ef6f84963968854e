package org.headend.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where readings are kept, with the meters' events and the poll tallies that read-rate reports
 * are computed from. Implementations: the embedded default (SQLite) and PostgreSQL
 * (TimescaleDB when present), opened by {@link Stores#open(String)}. Thread-safe: writes are
 * serialised inside the store (one writer), reads run beside them.
 *
 * <p>Times are stored to the millisecond (UTC): a reading's time is cut to the millisecond on
 * write, and two readings of one meter and quantity within the same millisecond are one key.
 * Methods throw {@link StoreException} when the database fails; a failed write stored nothing of
 * its batch. Callers that must not wait on the database put a {@link ReadingWriter} in front.
 */
public interface ReadingStore extends AutoCloseable {

    /**
     * Stores the batch in one transaction and returns when it is durable. A reading whose key
     * (time, meter, quantity) is already stored is left as it is, so a retried batch is harmless.
     *
     * @return how many readings were new
     */
    int write(List<Reading> batch);

    /**
     * The newest reading of each meter for {@code quantity}, one per meter, ordered by meter
     * (byte order), as an unmodifiable list. Each store keeps a copy in memory after the first
     * call and keeps it current from its own commits (PostgreSQL also from other processes').
     */
    List<Reading> lastPerMeter(String quantity);

    /** The newest reading of one meter and quantity. */
    Optional<Reading> last(String meter, String quantity);

    /** Readings of one meter and quantity with {@code from <= time < to}, oldest first. */
    List<Reading> between(String meter, String quantity, Instant from, Instant to);

    /**
     * Every meter's newest reading of {@code quantity} at or before {@code at} and at most
     * {@code window} before it, ordered by meter: the register of all meters at one time (a billing
     * cycle's start) in one pass over the window's readings instead of a seek per meter. A meter
     * without a reading in the window is absent. This default asks {@link #around} for every meter.
     */
    default List<Reading> newestAtOrBefore(String quantity, Instant at, Duration window) {
        List<MeterTime> probes = lastPerMeter(quantity).stream().map(r -> new MeterTime(r.meter(), at)).toList();
        return around(quantity, probes, window).stream().map(ReadingsAround::before).filter(java.util.Objects::nonNull)
                .sorted(java.util.Comparator.comparing(Reading::meter)).toList();
    }

    /**
     * For each probe, the readings of its meter and {@code quantity} around its time: the newest at
     * or before it and the oldest after it, each at most {@code window} away (a reading further off
     * says too little about the register then). One answer per probe, in the probe's order. The two
     * stores answer a list of probes in few round trips; this default asks {@link #between} per probe.
     */
    default List<ReadingsAround> around(String quantity, List<MeterTime> probes, Duration window) {
        List<ReadingsAround> out = new ArrayList<>(probes.size());
        for (MeterTime p : probes) {
            List<Reading> near = between(p.meter(), quantity, p.time().minus(window), p.time().plus(window).plusMillis(1));
            Reading before = null;
            Reading after = null;
            for (Reading r : near) {
                if (!r.time().isAfter(p.time())) {
                    before = r;
                } else if (after == null) {
                    after = r;
                }
            }
            out.add(new ReadingsAround(p, before, after));
        }
        return out;
    }

    /**
     * The field checks kept beside the readings in the same database (issue 7).
     *
     * @throws UnsupportedOperationException for a store that keeps none (test doubles)
     */
    default FieldCheckStore fieldChecks() {
        throw new UnsupportedOperationException(describe() + " keeps no field checks");
    }

    /**
     * The meter archive kept beside the readings in the same database, with its history.
     *
     * @throws UnsupportedOperationException for a store that keeps none (test doubles)
     */
    default MeterArchiveStore archive() {
        throw new UnsupportedOperationException(describe() + " keeps no meter archive");
    }

    /**
     * Use of a register quantity (e.g. {@code energy.active.import.total}) per meter and local day
     * {@code from <= day < to} in {@code zone}, ordered by meter, then day. See {@link DailyUse}
     * for what a day's figure is and why a day may have none.
     *
     * @throws IllegalArgumentException when {@code to} is not after {@code from}, or the span
     *                                  exceeds ten years
     */
    List<DailyUse> dailyUse(String quantity, LocalDate from, LocalDate to, ZoneId zone);

    /** {@link #dailyUse(String, LocalDate, LocalDate, ZoneId)} of one meter. */
    List<DailyUse> dailyUse(String meter, String quantity, LocalDate from, LocalDate to, ZoneId zone);

    /**
     * Stores meter events in one transaction. An event already stored (same meter, kind and start)
     * is kept, and gets the end of the new copy when it had none.
     *
     * @return how many events were new
     */
    int writeEvents(List<MeterEvent> events);

    /** Events of all meters that started at {@code from <= started < to}, by start, then meter and kind. */
    List<MeterEvent> events(Instant from, Instant to);

    /** Stores poll tallies in one transaction; a tally older than the stored one of its meter and day is ignored. */
    void writePollDays(List<PollDay> tallies);

    /** Poll tallies of days {@code from <= day < to}, by day, then meter. */
    List<PollDay> pollDays(LocalDate from, LocalDate to);

    /** All readings stored. */
    long count();

    /**
     * Whether a commit this store reported is on stable storage, so that it survives a power cut.
     * When it is not, a spool in front of the store also keeps the batches the store committed
     * (until their segment is done), not only those it has not taken yet. Unknown stores: false.
     */
    default boolean commitsSurvivePowerCut() {
        return false;
    }

    /** What this store is, for the start-up line, e.g. "SQLite 3.54.1 at data/headend.db". */
    String describe();

    @Override
    void close();
}
