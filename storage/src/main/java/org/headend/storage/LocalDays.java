package org.headend.storage;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Local days as ranges of epoch milliseconds, worked out here rather than by the database: a day
 * in a zone with daylight saving is 23 or 25 hours long, SQLite knows no zones, and both stores
 * then run the same query shape over plain numbers.
 */
final class LocalDays {
    /** Most days one query may span: beyond that a caller should page, not load years at once. */
    static final int MAX_DAYS = 3_700;

    /** Day {@code index} (0 = the first asked for) as [lo, hi) in epoch milliseconds. */
    record Day(int index, long lo, long hi) {
    }

    private LocalDays() {
    }

    /**
     * Days {@code from} .. {@code to} inclusive: the days asked for ({@code from} .. {@code to - 1})
     * and the one after the last, whose opening closes it.
     */
    static List<Day> spanning(LocalDate from, LocalDate to, ZoneId zone) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("daily use from " + from + " to " + to + ": 'to' must be after 'from'");
        }
        long days = to.toEpochDay() - from.toEpochDay();
        if (days > MAX_DAYS) {
            throw new IllegalArgumentException("daily use over " + days + " days asked for; at most " + MAX_DAYS + " per query");
        }
        List<Day> out = new ArrayList<>((int) days + 1);
        for (int i = 0; i <= days; i++) {
            LocalDate d = from.plusDays(i);
            out.add(new Day(i, d.atStartOfDay(zone).toInstant().toEpochMilli(),
                    d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli()));
        }
        return out;
    }

    /** The days as a SQL row source {@code (VALUES (index, lo, hi), ...)}: numbers only, nothing quoted. */
    static String values(List<Day> days) {
        StringBuilder sb = new StringBuilder(days.size() * 36).append("(VALUES ");
        for (Day d : days) {
            if (d.index() > 0) {
                sb.append(", ");
            }
            sb.append('(').append(d.index()).append(", ").append(d.lo()).append(", ").append(d.hi()).append(')');
        }
        return sb.append(')').toString();
    }
}
