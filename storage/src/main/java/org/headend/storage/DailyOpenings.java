package org.headend.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TimescaleDB's continuous aggregate {@code reading_daily}: each series' opening (its first reading)
 * of each local day of one zone, the figure daily use is made of. Real-time
 * ({@code materialized_only = false}), so readings newer than the last refresh count at once; and
 * before a daily-use query reads it, the complete days of the query's window that TimescaleDB
 * logged as changed (a late reading, a spool drained after an outage) or never materialized are
 * refreshed, so the answer is always the one the readings give. The day under way is never
 * materialized by a query. A refresh policy keeps the materialization near the present between
 * queries where TimescaleDB runs its jobs.
 */
final class DailyOpenings {
    private static final Logger LOG = LoggerFactory.getLogger(DailyOpenings.class);
    static final String VIEW = "reading_daily";

    private final ZoneId zone;
    private final String zoneName;
    private final Clock clock;
    private volatile boolean refreshRefused; // warn once, not at every query

    private DailyOpenings(ZoneId zone, String zoneName, Clock clock) {
        this.zone = zone;
        this.zoneName = zoneName;
        this.clock = clock;
    }

    /**
     * Makes the aggregate for {@code zone} if it is missing, or remakes it if it was made for
     * another zone; null (and daily use from the readings) if the database knows no such zone.
     */
    static DailyOpenings open(Connection c, ZoneId zone, Clock clock) throws SQLException {
        String name = databaseName(c, zone);
        if (name == null) {
            LOG.warn("daily openings: zone {} has no IANA name PostgreSQL knows; daily use is computed from the readings", zone);
            return null;
        }
        String made = madeFor(c);
        try (Statement s = c.createStatement()) {
            if (made != null && !made.equals(name)) {
                LOG.info("daily openings: remaking {} for zone {} (it was made for {})", VIEW, name, made);
                s.execute("DROP MATERIALIZED VIEW " + VIEW);
                made = null;
            }
            if (made == null) {
                // the zone is a name pg_timezone_names holds (checked above), so quoting it is safe
                s.execute("CREATE MATERIALIZED VIEW " + VIEW + " WITH (timescaledb.continuous,"
                        + " timescaledb.materialized_only = false) AS SELECT series,"
                        + " time_bucket(INTERVAL '1 day', time, '" + name + "') AS day, min(time) AS opening_time,"
                        + " first(value, time) AS opening_value, count(*) AS readings"
                        + " FROM reading GROUP BY series, day WITH NO DATA");
                s.execute("COMMENT ON VIEW " + VIEW + " IS '" + name + "'");
            }
        } catch (SQLException e) {
            // e.g. a TimescaleDB before 2.8 (no time_bucket with a zone in an aggregate): daily use
            // is still right, computed from the readings
            LOG.warn("daily openings: no continuous aggregate ({}); daily use is computed from the readings", e.getMessage());
            return null;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SELECT add_continuous_aggregate_policy('" + VIEW + "', start_offset => NULL,"
                    + " end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '1 hour', if_not_exists => true)");
        } catch (SQLException e) {
            LOG.warn("daily openings: no refresh policy ({}); queries refresh the days they read", e.getMessage());
        }
        return new DailyOpenings(zone, name, clock);
    }

    /** The aggregate as made, in the zone it was made for; null if there is none. */
    static DailyOpenings existing(Connection c, Clock clock) throws SQLException {
        String made = madeFor(c);
        return made == null || made.equals("?") ? null : new DailyOpenings(ZoneId.of(made), made, clock);
    }

    /** Daily use in {@code asked} can be read from this aggregate: its days are the same instants. */
    boolean covers(ZoneId asked) {
        return zone.getRules().equals(asked.getRules());
    }

    String describe() {
        return "daily openings aggregated in " + zoneName;
    }

    /**
     * Brings the days from {@code loMs} to {@code hiMs} (local midnights of the zone) up to date,
     * up to today at most: a day still under way stays real-time (computed from its readings at each
     * query), since materialized it would be invalidated by every write and recomputed for every
     * meter at the next query. False if the database refused (a read-only standby, a role without
     * the right): the caller then computes daily use from the readings, which is right, only slower.
     * Needs autocommit: TimescaleDB refuses a refresh inside a transaction block.
     */
    boolean refreshed(Connection c, long loMs, long hiMs) {
        long today = LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant().toEpochMilli();
        long end = Math.min(hiMs, today);
        if (end <= loMs || !pending(c, loMs, end)) {
            return true; // nothing complete to bring up to date, or nothing changed in those days
        }
        try (Statement s = c.createStatement()) {
            s.execute("CALL refresh_continuous_aggregate('" + VIEW + "', " + instant(loMs) + ", " + instant(end) + ")");
            return true;
        } catch (SQLException e) {
            if (!refreshRefused) {
                LOG.warn("daily openings: refreshing {} failed ({}); daily use is computed from the readings", VIEW,
                        e.getMessage());
                refreshRefused = true;
            }
            return false;
        }
    }

    /**
     * Whether TimescaleDB logged a change in [{@code loMs}, {@code hiMs}) that the aggregate has not
     * taken in yet (or the days were never materialized), read from its invalidation logs. A refresh
     * with nothing to do still cost up to 1.5 s when the window touched a never-materialized range
     * (TimescaleDB 2.23 in PGlite, 10,000 meters). The logs are TimescaleDB's catalog, not its API:
     * if they cannot be read, the answer is "refresh", which is always right.
     */
    private boolean pending(Connection c, long loMs, long hiMs) {
        String overlaps = " AND lowest_modified_value < ? AND greatest_modified_value >= ?";
        try (PreparedStatement p = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM"
                + " _timescaledb_catalog.continuous_aggs_materialization_invalidation_log l JOIN _timescaledb_catalog.continuous_agg a"
                + " ON l.materialization_id = a.mat_hypertable_id WHERE a.user_view_schema = current_schema()"
                + " AND a.user_view_name = '" + VIEW + "'" + overlaps + ") OR EXISTS (SELECT 1 FROM"
                + " _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log l JOIN _timescaledb_catalog.continuous_agg a"
                + " ON l.hypertable_id = a.raw_hypertable_id WHERE a.user_view_schema = current_schema()"
                + " AND a.user_view_name = '" + VIEW + "'" + overlaps + ")")) {
            for (int i = 0; i < 2; i++) {
                p.setLong(2 * i + 1, hiMs * 1000); // the logs hold microseconds since 1970
                p.setLong(2 * i + 2, loMs * 1000);
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * The openings CTE {@code o(meter, day, time, value)} over the days CTE {@code d}, as
     * {@link LocalDays#dailyUseSql} wants it. The bounds, in epoch ms, let TimescaleDB skip chunks.
     */
    static String openingsSql(boolean oneMeter, long loMs, long hiMs) {
        // one meter: its series id as a value, so the view's (series, day) index is used; joined
        // to series by name instead, the planner read every meter's rows of the days (131 ms
        // against 0.4 ms for 10,000 meters and two days, EXPLAIN ANALYZE)
        return "o AS (SELECT s.meter, d.day, a.opening_time AS time, a.opening_value AS value"
                + " FROM series s JOIN " + VIEW + " a ON a.series = s.id JOIN d ON a.day = d.lo"
                + " WHERE a.day >= " + instant(loMs) + " AND a.day < " + instant(hiMs)
                + (oneMeter ? " AND a.series = (SELECT id FROM series WHERE quantity = ? AND meter = ?))"
                        : " AND s.quantity = ?)");
    }

    private static String instant(long epochMs) {
        return "(timestamptz 'epoch' + " + epochMs + " * INTERVAL '1 millisecond')";
    }

    private static String databaseName(Connection c, ZoneId zone) throws SQLException {
        String id = zone instanceof ZoneOffset o ? (o.getTotalSeconds() == 0 ? "UTC" : null) : zone.getId();
        if (id == null) {
            return null;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM pg_timezone_names WHERE name = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0 ? id : null;
            }
        }
    }

    /** The zone the aggregate was made for (its comment), or null if there is none yet. */
    private static String madeFor(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CASE WHEN to_regclass('" + VIEW
                + "') IS NULL THEN NULL ELSE coalesce(obj_description(to_regclass('" + VIEW + "'), 'pg_class'), '?') END")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
