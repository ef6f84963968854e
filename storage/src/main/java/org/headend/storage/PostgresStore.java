package org.headend.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.PGStatement;

/**
 * PostgreSQL over JDBC, connections from HikariCP (validated at start: open fails if the server
 * cannot be reached). Batches of readings go in through {@link PostgresIngest} (COPY into a
 * staging table, one merge statement per batch), one at a time; reads run in parallel on the pool.
 *
 * <p>Layout: TimescaleDB hypertable with compression (and retention if configured) when the
 * server offers the extension, else native monthly range partitions ({@link Partitions}).
 * The choice is recorded at the first migration and kept.
 */
final class PostgresStore implements ReadingStore {
    static final String TIMESCALEDB = "timescaledb";
    static final String PARTITIONED = "partitioned";

    // Times leave the server as epoch milliseconds: parsing 100,000 timestamptz texts into
    // OffsetDateTime was most of the client's share of lastPerMeter. Stored times are whole ms.
    // date_part, not extract: since PostgreSQL 14 extract returns numeric, and its arithmetic took
    // 55-87 ms of a 100,000-row lastPerMeter scan against 39-40 ms (EXPLAIN ANALYZE). The double is
    // exact here: epoch seconds near 2e9 carry about 1e-7 s of error, far below the half millisecond
    // that the cast to bigint rounds away.
    static final String EPOCH_MS = "(date_part('epoch', %s) * 1000)::bigint";
    private static final String LAST =
            "SELECT meter, " + EPOCH_MS.formatted("last_time") + ", last_value, last_unit, last_quality, last_source FROM series ";

    private final HikariDataSource pool;
    private final String where;
    private final String layout;
    /** The server's fsync is on and synchronous_commit not off: a commit it reports is on disk. */
    private final boolean durableCommits;
    private final Partitions partitions;
    private final DailyOpenings dailyOpenings; // TimescaleDB only, else null
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Transactions transactions = new Transactions();
    private final FieldCheckStore fieldChecks = new JdbcFieldChecks(transactions, true);
    private final MeterArchiveStore archive = new JdbcMeterArchive(transactions);
    private final JdbcEventsAndTallies eventsAndTallies = new JdbcEventsAndTallies(transactions, true);
    private final FollowedLastReadings lastReadings = new FollowedLastReadings(LAST);
    private final PostgresIngest ingest;
    private final PostgresAround around;

    private PostgresStore(HikariDataSource pool, String where, String layout, Partitions partitions,
                          DailyOpenings dailyOpenings, boolean durableCommits) {
        this.pool = pool;
        this.where = where;
        this.layout = layout;
        this.durableCommits = durableCommits;
        this.partitions = partitions;
        this.dailyOpenings = dailyOpenings;
        this.ingest = new PostgresIngest(pool, where, partitions, lastReadings);
        this.around = new PostgresAround(pool, where);
    }

    static PostgresStore open(String url, String envUser, String envPassword, StoreOptions options, Clock clock) {
        return open(url, envUser, envPassword, options, false, clock);
    }

    /**
     * @param keepPolicies leave TimescaleDB's policies and daily aggregate as the database has them
     *                     (a tool opening the store), rather than setting them from {@code options}
     */
    static PostgresStore open(String url, String envUser, String envPassword, StoreOptions options,
                              boolean keepPolicies, Clock clock) {
        String safeUrl = PostgresPool.safe(url);
        HikariDataSource pool = PostgresPool.open(url, envUser, envPassword, options.connections());
        try (Connection c = pool.getConnection()) {
            String version = scalar(c, "SHOW server_version");
            String where = "PostgreSQL " + version + " at " + safeUrl.replaceFirst("\\?.*", "")
                    + " schema " + c.getSchema();
            String variant = chooseVariant(c);
            String lock = "SELECT pg_advisory_xact_lock(hashtext('headend.migrate.' || current_schema()))";
            int schema = new Migrator("postgresql", variant, lock).migrate(c);
            boolean durable = "t".equals(scalar(c,
                    "SELECT current_setting('fsync') = 'on' AND current_setting('synchronous_commit') <> 'off'"));
            if (TIMESCALEDB.equals(variant)) {
                String policies = keepPolicies ? "policies as set" : Timescale.applyPolicies(c, options);
                DailyOpenings daily = keepPolicies ? DailyOpenings.existing(c, clock)
                        : DailyOpenings.open(c, options.dailyZone(), clock);
                return new PostgresStore(pool, where, "TimescaleDB " + scalar(c,
                        "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")
                        + " hypertable, " + policies + (daily == null ? "" : ", " + daily.describe())
                        + ", schema v" + schema, null, daily, durable);
            }
            Partitions partitions = Partitions.open(pool, c, options, clock);
            String note = hasTimescaleAvailable(c) ? "" : ", TimescaleDB not available";
            return new PostgresStore(pool, where, "native monthly partitions, BRIN on time, DEFAULT kept empty"
                    + note + ", schema v" + schema, partitions, null, durable);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new StoreException("cannot open the PostgreSQL store at " + safeUrl + ": " + rootMessage(e), e);
        }
    }

    private static String chooseVariant(Connection c) throws SQLException {
        Optional<String> recorded = Migrator.recordedVariant(c);
        if (recorded.isPresent()) {
            if (TIMESCALEDB.equals(recorded.get())) {
                execute(c, "CREATE EXTENSION IF NOT EXISTS timescaledb");
            }
            return recorded.get();
        }
        if (hasTimescaleAvailable(c)) {
            try {
                execute(c, "CREATE EXTENSION IF NOT EXISTS timescaledb");
                return TIMESCALEDB;
            } catch (SQLException e) {
                // offered but not loadable (e.g. not in shared_preload_libraries): native layout
                return PARTITIONED;
            }
        }
        return PARTITIONED;
    }

    private static boolean hasTimescaleAvailable(Connection c) throws SQLException {
        return scalar(c, "SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'").equals("1");
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
        } catch (SQLException | IOException | RuntimeException e) {
            throw new StoreException(where + " failed to write a batch of " + batch.size()
                    + " readings (nothing of it stored): " + rootMessage(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Series rows the last {@code lastPerMeter} call fetched from the server (tests). */
    int lastPerMeterFetched() {
        return lastReadings.fetchedByLastCall();
    }

    @Override
    public List<Reading> lastPerMeter(String quantity) {
        try (Connection c = pool.getConnection()) {
            return lastReadings.lastPerMeter(c, quantity);
        } catch (SQLException e) {
            throw new StoreException(where + " failed lastPerMeter(" + quantity + "): " + rootMessage(e), e);
        }
    }

    @Override
    public Optional<Reading> last(String meter, String quantity) {
        return query("last(" + meter + ", " + quantity + ")", quantity,
                LAST + "WHERE quantity = ? AND meter = ? AND last_time IS NOT NULL", quantity, meter)
                .stream().findFirst();
    }

    @Override
    public List<Reading> between(String meter, String quantity, Instant from, Instant to) {
        return query("between(" + meter + ", " + quantity + ", " + from + ", " + to + ")", quantity,
                "SELECT s.meter, " + EPOCH_MS.formatted("r.time") + ", r.value, r.unit, r.quality, r.source "
                        + "FROM series s JOIN reading r ON r.series = s.id "
                        + "WHERE s.quantity = ? AND s.meter = ? AND r.time >= ? AND r.time < ? ORDER BY r.time",
                quantity, meter, OffsetDateTime.ofInstant(from, ZoneOffset.UTC), OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
    }

    @Override
    public List<Reading> newestAtOrBefore(String quantity, Instant at, Duration window) {
        // One range of the time index (partitions pruned), newest per series; the series' order is
        // not the meters', so the few-ms sort of the answer stays in Java (as in lastPerMeter).
        List<Reading> out = query("newestAtOrBefore(" + quantity + ", " + at + ", " + window + ")", quantity,
                "SELECT DISTINCT ON (r.series) s.meter, " + EPOCH_MS.formatted("r.time") + ", r.value, r.unit, r.quality, r.source"
                        + " FROM reading r JOIN series s ON s.id = r.series"
                        + " WHERE s.quantity = ? AND r.time <= ? AND r.time >= ? ORDER BY r.series, r.time DESC",
                quantity, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), OffsetDateTime.ofInstant(at.minus(window), ZoneOffset.UTC));
        out.sort(Comparator.comparing(Reading::meter));
        return out;
    }

    @Override
    public List<ReadingsAround> around(String quantity, List<MeterTime> probes, Duration window) {
        return around.around(quantity, probes, window);
    }

    @Override
    public FieldCheckStore fieldChecks() {
        return fieldChecks;
    }

    @Override
    public MeterArchiveStore archive() {
        return archive;
    }

    /** Field-check work on a pooled connection, one transaction each; writes take the writer's lock. */
    private final class Transactions implements StoreTransactions {
        @Override
        public <T> T write(String what, StoreTransactions.Work<T> work) {
            writeLock.lock();
            try {
                return run(what, work);
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public <T> T read(String what, StoreTransactions.Work<T> work) {
            return run(what, work);
        }

        private <T> T run(String what, StoreTransactions.Work<T> work) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException(where + " failed to " + what + " (nothing of it stored): " + rootMessage(e), e);
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
        List<LocalDays.Day> span = LocalDays.spanning(from, to, zone);
        long lo = span.get(0).lo();
        long hi = span.get(span.size() - 1).hi();
        String days = "d0(day, lo, hi) AS " + LocalDays.values(span) + ","
                + " d AS (SELECT day, timestamptz 'epoch' + lo * interval '1 millisecond' AS lo,"
                + " timestamptz 'epoch' + hi * interval '1 millisecond' AS hi FROM d0)";
        Object[] args = meter == null ? new Object[] {quantity} : new Object[] {quantity, meter};
        try (Connection c = pool.getConnection()) {
            boolean aggregated = dailyOpenings != null && dailyOpenings.covers(zone) && dailyOpenings.refreshed(c, lo, hi);
            // One LATERAL seek per series and day gives time and value together (a second join back to
            // reading was planned as a hash join over the whole table).
            String openings = aggregated ? DailyOpenings.openingsSql(meter != null, lo, hi)
                    : "o AS (SELECT s.meter, d.day, f.time, f.value FROM series s CROSS JOIN d"
                    + " CROSS JOIN LATERAL (SELECT r.time, r.value FROM reading r WHERE r.series = s.id"
                    + " AND r.time >= d.lo AND r.time < d.hi ORDER BY r.time LIMIT 1) f WHERE "
                    + LocalDays.seriesFilter(meter != null) + ")";
            try (PreparedStatement p = c.prepareStatement(LocalDays.dailyUseSql(days, openings, EPOCH_MS::formatted))) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                return DailyUse.rows(p, from);
            }
        } catch (SQLException e) {
            throw new StoreException(where + " failed dailyUse(" + quantity + ", " + from + ".." + to + "): "
                    + rootMessage(e), e);
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
        try (Connection c = pool.getConnection()) {
            return Long.parseLong(scalar(c, "SELECT count(*) FROM reading"));
        } catch (SQLException e) {
            throw new StoreException(where + " failed to count readings: " + rootMessage(e), e);
        }
    }

    /** Rows of (meter, time, value, unit, quality, source), all of {@code quantity}. */
    private List<Reading> query(String what, String quantity, String sql, Object... args) {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            // Binary results from the first call: the server skips float8out/int8out for every value
            // and the driver skips parsing them (pgjdbc does this by default only from the 5th use of
            // a statement on one connection, and reads come from several pooled connections).
            p.unwrap(PGStatement.class).setPrepareThreshold(-1);
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return Reading.rows(p, quantity);
        } catch (SQLException e) {
            throw new StoreException(where + " failed " + what + ": " + rootMessage(e), e);
        }
    }

    @Override
    public boolean commitsSurvivePowerCut() {
        return durableCommits;
    }

    @Override
    public String describe() {
        return where + " (" + layout + (partitions == null ? "" : ", " + partitions.describe()) + ")";
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            pool.close();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + t + ")";
    }
}
