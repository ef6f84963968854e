package org.headend.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a batch of readings gets into PostgreSQL: series ids found or made, the rows sent with COPY
 * into a per-connection temporary staging table, then one statement that inserts them into
 * {@code reading} and moves {@code series.last_*} forward, all in one transaction, so a retried
 * batch never duplicates a reading. The caller serialises batches ({@link PostgresStore#write}).
 */
final class PostgresIngest {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresIngest.class);

    private static final String STAGING = "CREATE TEMP TABLE IF NOT EXISTS reading_staging (time_ms BIGINT, "
            + "series INTEGER, value DOUBLE PRECISION, unit TEXT, quality SMALLINT, source SMALLINT) "
            + "ON COMMIT DELETE ROWS";
    // Series not in the cache, found or created in one round trip. The outer SELECT does not see
    // the CTE's inserts (one snapshot), so each series comes back exactly once.
    private static final String FIND_OR_CREATE = "WITH want AS (SELECT * FROM unnest(?::text[], ?::text[]) AS w(quantity, meter)),"
            + " created AS (INSERT INTO series (quantity, meter) SELECT w.quantity, w.meter FROM want w"
            + " WHERE NOT EXISTS (SELECT 1 FROM series x WHERE x.quantity = w.quantity AND x.meter = w.meter)"
            + " ON CONFLICT DO NOTHING RETURNING id, quantity, meter)"
            + " SELECT id, quantity, meter FROM created"
            + " UNION ALL SELECT x.id, x.quantity, x.meter FROM series x JOIN want w"
            + " ON x.quantity = w.quantity AND x.meter = w.meter";
    // Data-modifying CTEs run to completion whether or not the outer query reads them.
    // %s: "" for the fast path (a plain insert), ON CONFLICT DO NOTHING for the idempotent one.
    private static final String MERGE = "WITH inserted AS ("
            + " INSERT INTO reading (time, value, series, quality, source, unit)"
            + " SELECT timestamptz 'epoch' + s.time_ms * interval '1 millisecond', s.value, s.series, s.quality, s.source, s.unit"
            + " FROM reading_staging s"
            + "%s RETURNING time, value, series, quality, source, unit"
            + "), newest AS (SELECT DISTINCT ON (series) * FROM inserted ORDER BY series, time DESC"
            + "), moved AS (UPDATE series x SET last_time = n.time, last_value = n.value, last_unit = n.unit,"
            + " last_quality = n.quality, last_source = n.source, last_xid = pg_current_xact_id() FROM newest n"
            + " WHERE x.id = n.series AND (x.last_time IS NULL OR x.last_time < n.time))"
            + " SELECT count(*), pg_current_xact_id()::text FROM inserted";
    // ON CONFLICT on the partitioned table cost 1.3-2.4x a plain insert of the same 10,000 new rows
    // (psql: 44-99 vs 28-42 ms, docs/performance.md). Readings arrive new, in time order, so the plain
    // insert is tried first, under a savepoint, and the idempotent one runs only when a key is
    // already there (a retry after a lost commit reply, a spool replay): same result, and the
    // server logs one duplicate-key ERROR line for such a batch.
    private static final String MERGE_NEW = MERGE.formatted("");
    private static final String MERGE_IDEMPOTENT = MERGE.formatted(" ON CONFLICT DO NOTHING");
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int ANALYZE_AFTER_NEW_SERIES = 1000;

    // A batch touches its own series, not all of them: joined by hash, the merge's update and the
    // series lookup scanned the whole series table once per batch (14-18 ms of 64-81 for 10,000
    // of 100,000 series in EXPLAIN ANALYZE, growing with the site); by index 42-59 ms. The planner
    // picks the hash join from its estimates, so this transaction does not offer it.
    private static final String INDEX_JOINS = "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off";

    private final DataSource pool;
    private final String where;
    private final Partitions partitions; // null on TimescaleDB
    private final FollowedLastReadings lastReadings;
    private final SeriesIds seriesIds = new SeriesIds();

    PostgresIngest(DataSource pool, String where, Partitions partitions, FollowedLastReadings lastReadings) {
        this.pool = pool;
        this.where = where;
        this.partitions = partitions;
        this.lastReadings = lastReadings;
    }

    /** Writes normalised {@code rows} (Batch.normalized); returns how many readings were new. */
    int write(List<Reading> rows) throws SQLException, IOException {
        if (partitions != null) {
            partitions.ensureFor(rows);
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(INDEX_JOINS + "; " + STAGING); // one round trip
                Map<Batch.SeriesKey, Long> fresh = SeriesIds.newMap();
                long[] ids = seriesIds.resolve(rows, missing -> findOrCreate(c, missing), fresh);
                byte[] copy = CopyText.encode(rows, ids);
                c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY reading_staging FROM STDIN", new ByteArrayInputStream(copy));
                Merged merged = merge(c, s);
                c.commit();
                if (merged.allNew()) {
                    lastReadings.committed(merged.xid(), rows);
                }
                seriesIds.publish(fresh);
                if (fresh.size() >= ANALYZE_AFTER_NEW_SERIES) {
                    analyzeSeries(c);
                }
                return merged.inserted();
            } catch (SQLException | IOException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r); // a broken connection: the server rolls back on its own
                }
                throw e;
            }
        }
    }

    /**
     * What a merge did: how many readings were new, in which transaction, and whether every staged
     * reading was new (the plain insert ran), so that the batch is exactly what the transaction wrote.
     */
    private record Merged(int inserted, String xid, boolean allNew) {
    }

    /** Moves the staged rows into reading and series. */
    private static Merged merge(Connection c, Statement s) throws SQLException {
        Savepoint plain = c.setSavepoint();
        try (ResultSet rs = s.executeQuery(MERGE_NEW)) {
            rs.next();
            return new Merged(rs.getInt(1), rs.getString(2), true);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(plain); // some readings are stored already: keep those, add the rest
        }
        try (ResultSet rs = s.executeQuery(MERGE_IDEMPOTENT)) {
            rs.next();
            return new Merged(rs.getInt(1), rs.getString(2), false);
        }
    }

    /**
     * A first load makes series grow from nothing faster than autovacuum notices; with stale
     * statistics lastPerMeter was planned as a bitmap scan and a sort spilled to disk
     * (docs/performance.md). Runs after the commit: a failure here loses nothing, so it is only logged.
     */
    private void analyzeSeries(Connection c) {
        try {
            c.setAutoCommit(true);
            PostgresStore.execute(c, "ANALYZE series");
        } catch (SQLException e) {
            LOG.warn("{}: ANALYZE series after a load of new series failed (harmless): {}", where, e.getMessage());
        }
    }

    private static Map<Batch.SeriesKey, Long> findOrCreate(Connection c, Set<Batch.SeriesKey> missing)
            throws SQLException {
        String[] quantities = new String[missing.size()];
        String[] meters = new String[missing.size()];
        int i = 0;
        for (Batch.SeriesKey k : missing) {
            quantities[i] = k.quantity();
            meters[i++] = k.meter();
        }
        Map<Batch.SeriesKey, Long> found = SeriesIds.newMap();
        try (PreparedStatement p = c.prepareStatement(FIND_OR_CREATE)) {
            p.setArray(1, c.createArrayOf("text", quantities));
            p.setArray(2, c.createArrayOf("text", meters));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    found.put(new Batch.SeriesKey(rs.getString(3), rs.getString(2)), rs.getLong(1));
                }
            }
        }
        return found;
    }

    /** PostgreSQL COPY text format: tab-separated, backslash escapes (PostgreSQL docs, COPY "Text Format"). */
    static final class CopyText {
        private CopyText() {
        }

        /** Rows of reading_staging: time_ms, series, value, unit, quality, source. */
        static byte[] encode(List<Reading> rows, long[] seriesIds) {
            StringBuilder sb = new StringBuilder(rows.size() * 40);
            for (int i = 0; i < rows.size(); i++) {
                Reading r = rows.get(i);
                sb.append(r.time().toEpochMilli()).append('\t');
                sb.append(seriesIds[i]).append('\t');
                sb.append(r.value()).append('\t');
                escape(sb, r.unit()).append('\t');
                sb.append(r.quality().code()).append('\t');
                sb.append(r.source().code()).append('\n');
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        static StringBuilder escape(StringBuilder sb, String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> sb.append("\\\\");
                    case '\t' -> sb.append("\\t");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(ch);
                }
            }
            return sb;
        }
    }
}
