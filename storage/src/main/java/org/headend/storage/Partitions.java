package org.headend.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import javax.sql.DataSource;

/**
 * Monthly range partitions of {@code reading} (native partitioning, no TimescaleDB). At open the
 * current month and {@link StoreOptions#monthsAhead()} ahead are created, and months wholly older
 * than the retention are dropped; before each write any month the batch reaches (a late backfill,
 * a clock far ahead) is created first. So the DEFAULT partition stays empty: a row there would
 * make creating its month fail, and every new partition would have to scan it (dependencies.md 4.1).
 */
final class Partitions {
    private final DataSource pool;
    private final NavigableSet<YearMonth> months = new ConcurrentSkipListSet<>();
    private int dropped;

    private Partitions(DataSource pool) {
        this.pool = pool;
    }

    /** Loads and creates the partitions on {@code c}, the opening connection (a pool of one has no other). */
    static Partitions open(DataSource pool, Connection c, StoreOptions options, Clock clock) throws SQLException {
        Partitions p = new Partitions(pool);
        p.load(c);
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        for (int i = 0; i <= options.monthsAhead(); i++) {
            p.create(c, now.plusMonths(i));
        }
        if (!options.retention().isZero()) {
            p.dropOlderThan(c, clock.instant().minus(options.retention()));
        }
        return p;
    }

    /** Creates the months of {@code rows} that have no partition yet. */
    void ensureFor(List<Reading> rows) throws SQLException {
        YearMonth last = null;
        Connection c = null;
        try {
            for (Reading r : rows) {
                YearMonth m = YearMonth.from(r.time().atOffset(ZoneOffset.UTC));
                if (m.equals(last) || months.contains(m)) {
                    last = m;
                    continue;
                }
                if (c == null) {
                    c = pool.getConnection();
                }
                create(c, m);
                last = m;
            }
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    String describe() {
        if (months.isEmpty()) {
            return "no monthly partitions";
        }
        return months.size() + " monthly partitions " + months.first() + ".." + months.last()
                + (dropped > 0 ? ", " + dropped + " dropped by retention" : "");
    }

    private void load(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "WHERE i.inhparent = 'reading'::regclass")) {
            while (rs.next()) {
                YearMonth m = monthOf(rs.getString(1));
                if (m != null) {
                    months.add(m);
                }
            }
        }
    }

    private void create(Connection c, YearMonth m) throws SQLException {
        if (months.contains(m)) {
            return;
        }
        // Values come from YearMonth, never from input text: safe to format into DDL.
        String sql = "CREATE TABLE IF NOT EXISTS " + name(m) + " PARTITION OF reading FOR VALUES FROM ('"
                + m.atDay(1) + " 00:00:00+00') TO ('" + m.plusMonths(1).atDay(1) + " 00:00:00+00')";
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new SQLException("cannot create the partition for " + m + " (" + sql + "): " + e.getMessage(),
                    e.getSQLState(), e);
        }
        months.add(m);
    }

    private void dropOlderThan(Connection c, Instant cutoff) throws SQLException {
        for (YearMonth m : List.copyOf(months)) {
            Instant end = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!end.isAfter(cutoff)) {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + name(m));
                }
                months.remove(m);
                dropped++;
            }
        }
    }

    static String name(YearMonth m) {
        return String.format("reading_p%04d%02d", m.getYear(), m.getMonthValue());
    }

    static YearMonth monthOf(String name) {
        if (!name.matches("reading_p\\d{6}")) {
            return null;
        }
        return YearMonth.of(Integer.parseInt(name.substring(9, 13)), Integer.parseInt(name.substring(13, 15)));
    }
}
