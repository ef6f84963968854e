package org.headend.storage;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Local days as ranges of epoch milliseconds, worked out here rather than by the database: a day
 * in a zone with daylight saving is 23 or 25 hours long, SQLite knows no zones, and both stores
 * then run the same query shape over plain numbers.
 */
final class LocalDays {
    /** Most days one query may span: beyond that a caller should page, not load years at once. */
    static final int MAX_DAYS = 3_700;

    /**
     * The daily-use query, given the days as a CTE {@code d(day, lo, hi)} in the store's time type
     * and the openings as a CTE {@code o(meter, day, time, value)} built over {@code d} with
     * parameters quantity and, for one meter, meter. Each opening should be one seek of the
     * (series, time) key per series and day, not a grouping of every reading of the days; each is
     * paired with the next opening of its series by a window, not a self-join.
     *
     * @param epochMs turns a time expression of the store into epoch milliseconds
     */
    static String dailyUseSql(String days, String openings, UnaryOperator<String> epochMs) {
        return "WITH " + days + ", " + openings + ","
                + " x AS (SELECT meter, day, time, value, LEAD(day) OVER w AS nday, LEAD(time) OVER w AS ntime,"
                + " LEAD(value) OVER w AS nvalue FROM o WINDOW w AS (PARTITION BY meter ORDER BY day))"
                + " SELECT meter, day, " + epochMs.apply("time") + ", value, " + epochMs.apply("ntime") + ", nvalue"
                + " FROM x WHERE nday = day + 1 ORDER BY meter, day";
    }

    /** The condition on series {@code s} that picks the query's quantity (and meter, when {@code oneMeter}). */
    static String seriesFilter(boolean oneMeter) {
        return "s.quantity = ?" + (oneMeter ? " AND s.meter = ?" : "");
    }

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
