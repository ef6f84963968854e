package org.headend.collector.concentrator;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.headend.storage.Source;

/**
 * The per-meter, per-day completeness ledger of daily readings (issue 5, backfill): a day is
 * complete once the meter's daily frozen forward active energy (AFN 0D F161) for it has been
 * taken, and the ledger keeps whether that happened on time ({@link Source#SCHEDULED}: read on the
 * day after) or later from the frozen data ({@link Source#BACKFILL}).
 *
 * <p>What it holds is also in the store: the daily value is the reading of
 * {@code energy.active.import.total} at the local midnight that ends the day, with that source; so
 * the ledger is rebuilt from the store at start ({@link #seed}) and needs no table of its own.
 *
 * <p>A day is owed from the meter's first day (the day the front end started, or its oldest daily
 * reading in the store) and for at most {@code windowDays} days back: meters keep about 62 days
 * of frozen data, older gaps cannot be filled. Per meter two 64-bit masks over a sliding window of
 * days, so 100,000 meters cost a few MiB. Thread-safe.
 */
public final class DayLedger {

    private static final int BITS = 64;

    private final int windowDays;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Bit k stands for epoch day {@code base + k}. */
    private static final class Entry {
        long first;
        long base;
        long complete;
        long backfilled;

        Entry(long first) {
            this.first = first;
            this.base = first;
        }

        /** Moves the window so that {@code day} has a bit; days falling out are forgotten (too old). */
        void reach(long day) {
            if (day >= base + BITS) {
                long shift = day - (BITS - 1) - base;
                complete = shift >= BITS ? 0 : complete >>> shift;
                backfilled = shift >= BITS ? 0 : backfilled >>> shift;
                base += shift;
            }
        }
    }

    DayLedger(int windowDays) {
        if (windowDays < 1 || windowDays > BITS - 2) {
            throw new IllegalArgumentException("window of " + windowDays + " days must be 1.." + (BITS - 2));
        }
        this.windowDays = windowDays;
    }

    /** Starts owing days of {@code meter} from {@code first} (kept if the meter is known already with an earlier first day). */
    void track(String meter, LocalDate first) {
        entries.compute(meter, (m, e) -> {
            long d = first.toEpochDay();
            if (e == null) {
                return new Entry(d);
            }
            if (d < e.first && d >= e.base) {
                e.first = d;
            }
            return e;
        });
    }

    /** Records that {@code day} of {@code meter} was read, on time or by backfill. */
    void complete(String meter, LocalDate day, Source source) {
        Entry e = entries.get(meter);
        if (e == null) {
            return;
        }
        synchronized (e) {
            long d = day.toEpochDay();
            e.reach(d);
            if (d < e.base) {
                return;
            }
            long bit = 1L << (d - e.base);
            e.complete |= bit;
            if (source == Source.BACKFILL) {
                e.backfilled |= bit;
            } else {
                e.backfilled &= ~bit;
            }
        }
    }

    /** How {@code day} of {@code meter} was read; empty while it is missing (or untracked). */
    public Optional<Source> day(String meter, LocalDate day) {
        Entry e = entries.get(meter);
        if (e == null) {
            return Optional.empty();
        }
        synchronized (e) {
            long d = day.toEpochDay() - e.base;
            if (d < 0 || d >= BITS || (e.complete >>> d & 1) == 0) {
                return Optional.empty();
            }
            return Optional.of((e.backfilled >>> d & 1) != 0 ? Source.BACKFILL : Source.SCHEDULED);
        }
    }

    /** Days of {@code meter} still owed on {@code today}: from its first day (within the window) to yesterday, oldest first. */
    public List<LocalDate> missing(String meter, LocalDate today) {
        Entry e = entries.get(meter);
        List<LocalDate> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        synchronized (e) {
            long t = today.toEpochDay();
            e.reach(t);
            long from = Math.max(Math.max(e.first, e.base), t - windowDays);
            for (long d = from; d < t; d++) {
                if ((e.complete >>> (d - e.base) & 1) == 0) {
                    out.add(LocalDate.ofEpochDay(d));
                }
            }
        }
        return out;
    }

    /** The local day whose end (the next midnight) is {@code midnight}, or null when it is not a midnight in {@code zone}. */
    static LocalDate dayEndingAt(java.time.Instant midnight, ZoneId zone) {
        var t = midnight.atZone(zone);
        return t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? t.toLocalDate().minusDays(1) : null;
    }

    /** The instant a daily reading of {@code day} is stored at: the local midnight ending it. */
    static java.time.Instant endOf(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
