package org.headend.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGStatement;

/**
 * PostgreSQL's {@code lastPerMeter}: a copy of {@code series.last_*} per quantity that each call
 * brings up to date by fetching only the series rows changed since the previous call. Sending all
 * 100,000 rows every time cost 80-300 ms, mostly in output and transfer (docs/performance.md);
 * the server's scan of {@code series} is a small part of it.
 *
 * <p>Unlike the embedded store's copy this one is right with any number of writing processes: it
 * follows the database, not this process's commits. Each call runs in one REPEATABLE READ
 * snapshot and asks for rows whose {@code last_xid} (the transaction that moved them, schema V5)
 * is not older than the previous snapshot's xmin; a change the previous call could not see was
 * made by such a transaction. Rows it already had may come again, which is harmless.
 */
final class FollowedLastReadings {
    private static final String SNAPSHOT_XMIN = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text";

    private final String select;
    private final LastReadings kept = new LastReadings();
    /** Per quantity, the xmin of the snapshot the kept copy is complete for. Guarded by this. */
    private final Map<String, String> followedFrom = new HashMap<>();

    /** @param select {@code SELECT} of (meter, time ms, value, unit, quality, source) {@code FROM series} */
    FollowedLastReadings(String select) {
        this.select = select;
    }

    /** The last reading of every meter of {@code quantity}, ordered by meter. */
    synchronized List<Reading> lastPerMeter(Connection c, String quantity) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try {
            String xmin;
            try (PreparedStatement p = c.prepareStatement(SNAPSHOT_XMIN); ResultSet rs = p.executeQuery()) {
                rs.next();
                xmin = rs.getString(1); // the statement also fixes the transaction's snapshot
            }
            String from = followedFrom.get(quantity);
            String sql = select + "WHERE quantity = ? AND last_time IS NOT NULL"
                    + (from == null ? "" : " AND last_xid >= ?::xid8");
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.unwrap(PGStatement.class).setPrepareThreshold(-1); // binary rows (PostgresStore.query)
                p.setString(1, quantity);
                if (from != null) {
                    p.setString(2, from);
                }
                kept.merge(quantity, PostgresStore.readings(p, quantity));
            }
            c.commit();
            followedFrom.put(quantity, xmin);
            return kept.get(quantity);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }
}
