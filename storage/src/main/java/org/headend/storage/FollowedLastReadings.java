package org.headend.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
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
 *
 * <p>This process's own writes are applied to the copy as they commit ({@link #committed}), and
 * the rows those transactions moved are not fetched again: after a poll cycle that moved every
 * meter, a call fetches what other processes changed, not the 100,000 rows this one wrote.
 */
final class FollowedLastReadings {
    private static final String SNAPSHOT_XMIN = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text";
    // The scan of series is 10-20 ms; a parallel plan added 40-60 ms to it on 2 cores (EXPLAIN
    // ANALYZE, docs/performance.md): each worker is a new process that first maps the shared
    // buffers it reads. The planner offers one from its row estimate alone, so this transaction does not.
    private static final String SERIAL_SCAN = "SET LOCAL max_parallel_workers_per_gather = 0";

    private final String select;
    /** Per quantity, its kept readings. Guarded by this. */
    private final Map<String, Kept> kept = new HashMap<>();
    /** Transactions of this process whose moves of series are in every loaded copy. Guarded by this. */
    private final NavigableSet<Long> applied = new TreeSet<>();
    /** Rows the last call fetched, for tests. Guarded by this. */
    private int fetched;

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
            try (Statement s = c.createStatement()) {
                s.execute(SERIAL_SCAN); // SET takes no snapshot: the next statement fixes it
            }
            String xmin;
            try (PreparedStatement p = c.prepareStatement(SNAPSHOT_XMIN); ResultSet rs = p.executeQuery()) {
                rs.next();
                xmin = rs.getString(1); // the statement also fixes the transaction's snapshot
            }
            Kept k = kept.computeIfAbsent(quantity, q -> new Kept());
            Long from = k.snapshotXmin;
            String sql = select + "WHERE quantity = ? AND last_time IS NOT NULL"
                    + (from == null ? "" : " AND last_xid >= ?::text::xid8 AND last_xid <> ALL (?::text[]::xid8[])");
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.unwrap(PGStatement.class).setPrepareThreshold(-1); // binary rows (PostgresStore.query)
                p.setString(1, quantity);
                if (from != null) {
                    p.setString(2, from.toString());
                    p.setArray(3, c.createArrayOf("text", applied.tailSet(from, true).stream().map(String::valueOf).toArray()));
                }
                List<Reading> changed = Reading.rows(p, quantity);
                fetched = changed.size();
                if (from == null) {
                    k.load(changed);
                } else {
                    k.merge(changed);
                }
            }
            c.commit();
            k.snapshotXmin = Long.parseLong(xmin);
            forgetAppliedBefore();
            return List.of(k.byMeter);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    synchronized int fetchedByLastCall() {
        return fetched;
    }

    /**
     * Transaction {@code xid} of this process committed {@code written}, every one of them a new
     * reading (no key was stored before). Each moves its meter's kept reading forward if newer, as
     * the transaction moved {@code series}; copies not loaded yet load everything at their first call.
     */
    synchronized void committed(String xid, List<Reading> written) {
        Map<String, List<Reading>> byQuantity = new HashMap<>();
        for (Reading r : written) {
            if (kept.containsKey(r.quantity())) {
                byQuantity.computeIfAbsent(r.quantity(), q -> new ArrayList<>()).add(r);
            }
        }
        byQuantity.forEach((quantity, readings) -> kept.get(quantity).merge(readings));
        applied.add(Long.parseLong(xid));
    }

    /** A transaction older than every copy's snapshot xmin is filtered out by {@code last_xid >=} anyway. */
    private void forgetAppliedBefore() {
        long oldest = Long.MAX_VALUE;
        for (Kept k : kept.values()) {
            oldest = Math.min(oldest, k.snapshotXmin == null ? Long.MIN_VALUE : k.snapshotXmin);
        }
        applied.headSet(oldest, false).clear();
    }

    /**
     * One quantity's readings as an array ordered by meter with an index into it: a merge of 100,000
     * changed rows costs a hash lookup each (a sorted map's merge cost 1-2 us per row), and the answer
     * is one array copy.
     */
    private static final class Kept {
        Reading[] byMeter = new Reading[0];
        /** Position of each meter in byMeter; built at the first merge after a load, not by the load. */
        Map<String, Integer> index;
        /** The xmin of the snapshot this copy is complete for; null before the first load. */
        Long snapshotXmin;

        /**
         * The first call's rows (one per meter, as the database keeps them): sorted, nothing else.
         * A one-shot tool (a due list, a report) asks once, so the index waits for a merge.
         */
        void load(List<Reading> rows) {
            byMeter = rows.toArray(new Reading[0]);
            Arrays.sort(byMeter, BY_METER);
            index = null;
        }

        void merge(List<Reading> changed) {
            if (changed.isEmpty()) {
                return; // no index needed yet
            }
            if (index == null) {
                index = new HashMap<>(byMeter.length * 2);
                for (int i = 0; i < byMeter.length; i++) {
                    index.put(byMeter[i].meter(), i);
                }
            }
            Map<String, Reading> added = new HashMap<>();
            for (Reading r : changed) {
                Integer i = index.get(r.meter());
                if (i == null) {
                    added.merge(r.meter(), r, (a, b) -> b.time().isAfter(a.time()) ? b : a);
                } else if (r.time().isAfter(byMeter[i].time())) {
                    byMeter[i] = r;
                }
            }
            if (added.isEmpty()) {
                return;
            }
            Reading[] all = Arrays.copyOf(byMeter, byMeter.length + added.size());
            int n = byMeter.length;
            for (Reading r : added.values()) {
                all[n++] = r;
            }
            Arrays.sort(all, BY_METER);
            index.clear();
            for (int i = 0; i < all.length; i++) {
                index.put(all[i].meter(), i);
            }
            byMeter = all;
        }
    }

    // meters are ASCII codes: char order = the database's byte order (COLLATE "C")
    private static final Comparator<Reading> BY_METER = Comparator.comparing(Reading::meter);
}
