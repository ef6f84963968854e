package org.headend.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The meters' events and the daily poll tallies (schema V2 on SQLite, V3 on PostgreSQL), on the
 * owning store's {@link StoreTransactions}. The tables are the same on both; only their time and
 * day columns differ: PostgreSQL keeps timestamptz and date, SQLite epoch milliseconds and ISO text.
 */
final class JdbcEventsAndTallies {
    private final StoreTransactions tx;
    private final boolean postgresql;

    /** @param postgresql whether the database is PostgreSQL (timestamptz and date columns) */
    JdbcEventsAndTallies(StoreTransactions tx, boolean postgresql) {
        this.tx = tx;
        this.postgresql = postgresql;
    }

    /** @see ReadingStore#writeEvents */
    int writeEvents(List<MeterEvent> events) {
        // PostgreSQL tells a row this statement inserted from one it updated by xmax = 0 (its MVCC
        // system column); SQLite has no such column, so each event is looked up before it is written.
        String returning = postgresql ? " RETURNING (xmax = 0)" : "";
        return tx.write("write " + events.size() + " events", c -> {
            int fresh = 0;
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO meter_event (meter, kind, started, ended, detail, recorded) VALUES (?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (meter, kind, started) DO UPDATE SET ended = excluded.ended"
                            + " WHERE meter_event.ended IS NULL AND excluded.ended IS NOT NULL" + returning);
                 PreparedStatement find = postgresql ? null : c.prepareStatement(
                         "SELECT 1 FROM meter_event WHERE meter = ? AND kind = ? AND started = ?")) {
                for (MeterEvent e : events) {
                    boolean known = find != null && eventKnown(find, e);
                    ins.setString(1, e.meter());
                    ins.setString(2, e.kind());
                    setTime(ins, 3, e.started());
                    setTime(ins, 4, e.ended().orElse(null));
                    ins.setString(5, e.detail());
                    setTime(ins, 6, e.recorded());
                    if (postgresql) {
                        try (ResultSet rs = ins.executeQuery()) {
                            fresh += rs.next() && rs.getBoolean(1) ? 1 : 0;
                        }
                    } else {
                        ins.executeUpdate();
                        fresh += known ? 0 : 1;
                    }
                }
            }
            return fresh;
        });
    }

    private boolean eventKnown(PreparedStatement find, MeterEvent e) throws SQLException {
        find.setString(1, e.meter());
        find.setString(2, e.kind());
        setTime(find, 3, e.started());
        try (ResultSet rs = find.executeQuery()) {
            return rs.next();
        }
    }

    /** @see ReadingStore#events */
    List<MeterEvent> events(Instant from, Instant to) {
        return tx.read("read events " + from + ".." + to, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT meter, kind, " + ms("started") + ", " + ms("ended") + ", detail, " + ms("recorded")
                            + " FROM meter_event WHERE started >= ? AND started < ? ORDER BY started, meter, kind")) {
                setTime(p, 1, from);
                setTime(p, 2, to);
                return MeterEvent.rows(p);
            }
        });
    }

    /** @see ReadingStore#writePollDays */
    void writePollDays(List<PollDay> tallies) {
        tx.write("write " + tallies.size() + " poll tallies", c -> {
            try (PreparedStatement up = c.prepareStatement(
                    "INSERT INTO poll_day (day, meter, due, answered, failed, skipped, updated) VALUES (?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (day, meter) DO UPDATE SET due = excluded.due, answered = excluded.answered,"
                            + " failed = excluded.failed, skipped = excluded.skipped, updated = excluded.updated"
                            + " WHERE excluded.updated > poll_day.updated")) {
                for (PollDay t : tallies) {
                    setDay(up, 1, t.day());
                    up.setString(2, t.meter());
                    up.setInt(3, t.due());
                    up.setInt(4, t.answered());
                    up.setInt(5, t.failed());
                    up.setInt(6, t.skipped());
                    setTime(up, 7, t.updated());
                    up.addBatch();
                }
                up.executeBatch();
            }
            return null;
        });
    }

    /** @see ReadingStore#pollDays */
    List<PollDay> pollDays(LocalDate from, LocalDate to) {
        return tx.read("read poll tallies " + from + ".." + to, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT day, meter, due, answered, failed, skipped, "
                    + ms("updated") + " FROM poll_day WHERE day >= ? AND day < ? ORDER BY day, meter")) {
                setDay(p, 1, from);
                setDay(p, 2, to);
                List<PollDay> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PollDay(day(rs, 1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                                rs.getInt(5), rs.getInt(6), Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
                return out;
            }
        });
    }

    /** A time column as epoch milliseconds. */
    private String ms(String column) {
        return postgresql ? PostgresStore.EPOCH_MS.formatted(column) : column;
    }

    private void setTime(PreparedStatement p, int i, Instant t) throws SQLException {
        if (t == null) {
            p.setNull(i, postgresql ? Types.TIMESTAMP_WITH_TIMEZONE : Types.BIGINT);
        } else if (postgresql) {
            p.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        } else {
            p.setLong(i, t.toEpochMilli());
        }
    }

    private void setDay(PreparedStatement p, int i, LocalDate day) throws SQLException {
        if (postgresql) {
            p.setObject(i, day);
        } else {
            p.setString(i, day.toString());
        }
    }

    private LocalDate day(ResultSet rs, int i) throws SQLException {
        return postgresql ? rs.getObject(i, LocalDate.class) : LocalDate.parse(rs.getString(i));
    }
}
