package org.headend.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default: one SQLite file in WAL mode (dependencies.md section 7). One writer
 * connection, serialised by a lock; readers come from a small HikariCP pool of read-only
 * connections, which WAL lets read while the writer writes.
 */
final class SqliteStore implements ReadingStore {
    private static final int READERS = 4;
    // The newest reading of each series, found in the (series, time) index: the write path keeps no
    // series.last_* on SQLite (updating one row per series and batch cost the writer a quarter of its
    // time, docs/performance.md), and a seek per series answers as exactly, in any process.
    private static final String NEWEST = "SELECT s.meter, r.time, r.value, r.unit, r.quality, r.source"
            + " FROM series s JOIN reading r ON r.series = s.id"
            + " AND r.time = (SELECT max(x.time) FROM reading x WHERE x.series = s.id) ";

    private final Path file;
    private final StoreOptions options;
    private final Connection writer;
    private final HikariDataSource readers;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final LastReadings lastReadings = new LastReadings();
    private final SqliteIngest ingest;
    private volatile boolean closed;
    private final String version;
    private final int schemaVersion;
    private final Transactions transactions = new Transactions();
    private final FieldCheckStore fieldChecks = new JdbcFieldChecks(transactions, false);
    private final MeterArchiveStore archive = new JdbcMeterArchive(transactions);
    private final JdbcEventsAndTallies eventsAndTallies = new JdbcEventsAndTallies(transactions, false);

    private SqliteStore(Path file, StoreOptions options, Connection writer, HikariDataSource readers,
                        String version, int schemaVersion) {
        this.file = file;
        this.options = options;
        this.writer = writer;
        this.readers = readers;
        this.version = version;
        this.schemaVersion = schemaVersion;
        this.ingest = new SqliteIngest(writer, lastReadings);
    }

    static SqliteStore open(Path file, StoreOptions options) {
        Path abs = file.toAbsolutePath();
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of the SQLite store " + abs + ": " + e, e);
        }
        Connection writer = null;
        HikariDataSource readers = null;
        try {
            writer = dataSource(abs, options, false).getConnection();
            writer.setAutoCommit(false);
            int schema = new Migrator("sqlite", "sqlite", null).migrate(writer);
            String version;
            try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
                rs.next();
                version = rs.getString(1);
            }
            writer.commit();
            HikariConfig hc = new HikariConfig();
            hc.setPoolName("headend-sqlite-readers");
            hc.setDataSource(dataSource(abs, options, true));
            hc.setMaximumPoolSize(READERS);
            hc.setMinimumIdle(1);
            hc.setReadOnly(true);
            readers = new HikariDataSource(hc);
            return new SqliteStore(abs, options, writer, readers, version, schema);
        } catch (SQLException | RuntimeException e) {
            if (readers != null) {
                readers.close();
            }
            closeQuietly(writer);
            throw new StoreException("cannot open the SQLite store " + abs + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteDataSource dataSource(Path file, StoreOptions options, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        if (!readOnly) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL); // persistent in the file; readers find it set
        }
        config.setSynchronous(options.fullSync() ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setCacheSize(-options.sqliteCacheKib());
        config.setBusyTimeout(10_000);
        config.setReadOnly(readOnly);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    @Override
    public int write(List<Reading> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<Reading> rows = Batch.normalized(batch);
        writeLock.lock();
        try {
            return ingest.write(rows);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw new StoreException("SQLite store " + file + " failed to write a batch of " + batch.size()
                    + " readings (nothing of it stored): " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<Reading> lastPerMeter(String quantity) {
        if (closed) {
            throw new StoreException("SQLite store " + file + " is closed: lastPerMeter(" + quantity + ") refused");
        }
        List<Reading> kept = lastReadings.get(quantity);
        if (kept != null) {
            return kept;
        }
        writeLock.lock(); // no commit between this snapshot and keeping it (LastReadings)
        try {
            kept = lastReadings.get(quantity);
            if (kept == null) {
                lastReadings.load(quantity, query("lastPerMeter(" + quantity + ")", quantity,
                        NEWEST + "WHERE s.quantity = ? ORDER BY s.meter", quantity));
                kept = lastReadings.get(quantity);
            }
            return kept;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<Reading> last(String meter, String quantity) {
        return query("last(" + meter + ", " + quantity + ")", quantity,
                NEWEST + "WHERE s.quantity = ? AND s.meter = ?", quantity, meter)
                .stream().findFirst();
    }

    @Override
    public List<Reading> between(String meter, String quantity, Instant from, Instant to) {
        return query("between(" + meter + ", " + quantity + ", " + from + ", " + to + ")", quantity,
                "SELECT s.meter, r.time, r.value, r.unit, r.quality, r.source "
                        + "FROM series s JOIN reading r ON r.series = s.id "
                        + "WHERE s.quantity = ? AND s.meter = ? AND r.time >= ? AND r.time < ? ORDER BY r.time",
                quantity, meter, from.toEpochMilli(), to.toEpochMilli());
    }

    @Override
    public List<Reading> newestAtOrBefore(String quantity, Instant at, Duration window) {
        // One range of the time-first key; with max() SQLite takes the other columns from the row
        // that has the maximum (its documented bare-column rule), so this is the newest per series.
        return query("newestAtOrBefore(" + quantity + ", " + at + ", " + window + ")", quantity,
                "SELECT s.meter, max(r.time), r.value, r.unit, r.quality, r.source FROM reading r JOIN series s ON s.id = r.series"
                        + " WHERE s.quantity = ? AND r.time <= ? AND r.time >= ? GROUP BY r.series ORDER BY s.meter",
                quantity, at.toEpochMilli(), at.minus(window).toEpochMilli());
    }

    /**
     * Two index seeks per probe on reading_by_series (series, time), on one reader connection: an
     * in-process seek costs microseconds, so a list of probes needs no set-based query here.
     */
    @Override
    public List<ReadingsAround> around(String quantity, List<MeterTime> probes, Duration window) {
        String what = "around(" + quantity + ", " + probes.size() + " probes)";
        String sql = "SELECT r.time, r.value, r.unit, r.quality, r.source FROM series s JOIN reading r ON r.series = s.id "
                + "WHERE s.quantity = ? AND s.meter = ? AND r.time %s ? AND r.time %s ? ORDER BY r.time %s LIMIT 1";
        try (Connection c = readers.getConnection();
             PreparedStatement before = c.prepareStatement(sql.formatted("<=", ">=", "DESC"));
             PreparedStatement after = c.prepareStatement(sql.formatted(">", "<=", "ASC"))) {
            List<ReadingsAround> out = new ArrayList<>(probes.size());
            for (MeterTime p : probes) {
                long t = p.time().toEpochMilli();
                out.add(new ReadingsAround(p, seek(before, quantity, p.meter(), t, t - window.toMillis()),
                        seek(after, quantity, p.meter(), t, t + window.toMillis())));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("SQLite store " + file + " failed " + what + ": " + e.getMessage(), e);
        }
    }

    private static Reading seek(PreparedStatement p, String quantity, String meter, long t, long bound) throws SQLException {
        p.setString(1, quantity);
        p.setString(2, meter);
        p.setLong(3, t);
        p.setLong(4, bound);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? new Reading(meter, Instant.ofEpochMilli(rs.getLong(1)), quantity, rs.getDouble(2),
                    rs.getString(3), Quality.ofCode(rs.getInt(4)), Source.ofCode(rs.getInt(5))) : null;
        }
    }

    @Override
    public FieldCheckStore fieldChecks() {
        return fieldChecks;
    }

    @Override
    public MeterArchiveStore archive() {
        return archive;
    }

    /** Field-check work: writes on the one writer connection under its lock, reads on the reader pool. */
    private final class Transactions implements StoreTransactions {
        @Override
        public <T> T write(String what, StoreTransactions.Work<T> work) {
            writeLock.lock();
            try {
                if (closed) {
                    throw new StoreException("SQLite store " + file + " is closed: " + what + " refused");
                }
                T result = work.run(writer);
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                if (e instanceof StoreException se) {
                    throw se;
                }
                throw new StoreException("SQLite store " + file + " failed to " + what + " (nothing of it stored): "
                        + e.getMessage(), e);
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public <T> T read(String what, StoreTransactions.Work<T> work) {
            try (Connection c = readers.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                throw new StoreException("SQLite store " + file + " failed to " + what + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<DailyUse> dailyUse(String quantity, LocalDate from, LocalDate to, ZoneId zone) {
        return dailyUseOf(quantity, null, from, to, zone);
    }

    @Override
    public List<DailyUse> dailyUse(String meter, String quantity, LocalDate from, LocalDate to, ZoneId zone) {
        return dailyUseOf(quantity, meter, from, to, zone);
    }

    private List<DailyUse> dailyUseOf(String quantity, String meter, LocalDate from, LocalDate to, ZoneId zone) {
        String days = "d(day, lo, hi) AS " + LocalDays.values(LocalDays.spanning(from, to, zone));
        // The first key of each range, then the row at that key. MATERIALIZED keeps SQLite from
        // running the seek again for each use of its column (3 times per row without it).
        String openings = "t AS MATERIALIZED (SELECT s.id AS series, s.meter AS meter, d.day AS day, (SELECT r.time"
                + " FROM reading r WHERE r.series = s.id AND r.time >= d.lo AND r.time < d.hi ORDER BY r.time LIMIT 1) AS time"
                + " FROM series s CROSS JOIN d WHERE " + LocalDays.seriesFilter(meter != null) + "),"
                + " o AS MATERIALIZED (SELECT t.meter, t.day, t.time, r.value FROM t"
                + " JOIN reading r ON r.series = t.series AND r.time = t.time)";
        String sql = LocalDays.dailyUseSql(days, openings, t -> t);
        Object[] args = meter == null ? new Object[] {quantity} : new Object[] {quantity, meter};
        try (Connection c = readers.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return DailyUse.rows(p, from);
        } catch (SQLException e) {
            throw new StoreException("SQLite store " + file + " failed dailyUse(" + quantity + ", " + from + ".." + to
                    + "): " + e.getMessage(), e);
        }
    }

    @Override
    public int writeEvents(List<MeterEvent> events) {
        return eventsAndTallies.writeEvents(events);
    }

    @Override
    public List<MeterEvent> events(Instant from, Instant to) {
        return eventsAndTallies.events(from, to);
    }

    @Override
    public void writePollDays(List<PollDay> tallies) {
        eventsAndTallies.writePollDays(tallies);
    }

    @Override
    public List<PollDay> pollDays(LocalDate from, LocalDate to) {
        return eventsAndTallies.pollDays(from, to);
    }

    @Override
    public long count() {
        try (Connection c = readers.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM reading")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("SQLite store " + file + " failed to count readings: " + e.getMessage(), e);
        }
    }

    /** Rows of (meter, time, value, unit, quality, source), all of {@code quantity}. */
    private List<Reading> query(String what, String quantity, String sql, Object... args) {
        try (Connection c = readers.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return Reading.rows(p, quantity);
        } catch (SQLException e) {
            throw new StoreException("SQLite store " + file + " failed " + what + ": " + e.getMessage(), e);
        }
    }

    /** Only with {@code synchronous=FULL}: in WAL mode NORMAL survives a crash of the process, not a power cut. */
    @Override
    public boolean commitsSurvivePowerCut() {
        return options.fullSync();
    }

    @Override
    public String describe() {
        return "SQLite " + version + " at " + file + " (WAL, synchronous=" + (options.fullSync() ? "FULL" : "NORMAL")
                + ", cache " + options.sqliteCacheKib() / 1024 + " MiB, schema v" + schemaVersion + ")";
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closed = true;
            readers.close();
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // the write's own error is the one to report
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing: nothing left to do with this connection
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
