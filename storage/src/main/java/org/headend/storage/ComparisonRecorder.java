package org.headend.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGStatement;

/**
 * Records a comparison's outcomes ({@link FieldCheckStore#recordComparisons}) by writing only what
 * changed: it reads the outcomes and open findings already stored for the compared checks' time
 * span, and writes a check's outcome only when it is new or counts otherwise, and replaces its open
 * findings only when they differ. Comparing a quarter again after each import then writes only the
 * new checks, and an unchanged finding keeps the time it was first found.
 */
final class ComparisonRecorder {
    /** Checks per statement when PostgreSQL takes them as arrays. */
    private static final int CHUNK = 20_000;
    private static final String INSERT = "INSERT INTO field_outcome (meter, check_time_ms, counts, compared_at_ms)";
    private static final String ON_CONFLICT = " ON CONFLICT (meter, check_time_ms)"
            + " DO UPDATE SET counts = excluded.counts, compared_at_ms = excluded.compared_at_ms";
    // PostgreSQL: chunks as arrays, one statement each, instead of a round trip per check. Inserts
    // plan no join: each row is one probe of the key, however many rows a chunk holds (an UPDATE
    // joined to the arrays was planned as a hash join over the whole table, once per chunk).
    private static final String ARRAYS = " SELECT u.meter, u.t, u.counts, ?"
            + " FROM unnest(?::text[], ?::bigint[], ?::smallint[]) AS u(meter, t, counts)";
    private static final String CLEAR_ARRAYS = "DELETE FROM field_finding f USING unnest(?::text[], ?::bigint[]) AS u(meter, t)"
            + " WHERE f.meter = u.meter AND f.check_time_ms = u.t AND f.accepted_at_ms IS NULL";
    private static final String FINDING_INSERT = "INSERT INTO field_finding (meter, check_time_ms, category, evidence,"
            + " energy_kwh, band, area, found_at_ms, accepted_at_ms, accepted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, '')"
            + " ON CONFLICT DO NOTHING";

    private final boolean postgresql;

    ComparisonRecorder(boolean postgresql) {
        this.postgresql = postgresql;
    }

    private record Key(String meter, long timeMs) {
        static Key of(FieldCheckStore.Compared k) {
            return new Key(k.meter(), k.checkTime().toEpochMilli());
        }
    }

    /** What a finding says, without when it was found: equal ones need not be written again. */
    private record Said(String category, String evidence, double energyKwh, String band, String area) {
        static Said of(FieldFinding f) {
            return new Said(f.category(), f.evidence(), f.energyKwh(), f.band(), f.area());
        }
    }

    /** Records {@code compared} in the caller's transaction on {@code c}. */
    void record(Connection c, List<FieldCheckStore.Compared> all, Instant at) throws SQLException {
        Map<Key, FieldCheckStore.Compared> compared = new LinkedHashMap<>(all.size() * 2);
        for (FieldCheckStore.Compared k : all) {
            compared.put(Key.of(k), k); // a check twice in one call: its last outcome, as one after the other would
        }
        if (postgresql) {
            // two comparisons at once would each write what the other had not yet: one waits
            try (var s = c.createStatement()) {
                s.execute("LOCK TABLE field_outcome, field_finding IN SHARE ROW EXCLUSIVE MODE");
            }
        }
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (FieldCheckStore.Compared k : compared.values()) {
            from = Math.min(from, k.checkTime().toEpochMilli());
            to = Math.max(to, k.checkTime().toEpochMilli());
        }
        Map<Key, Boolean> counts = storedCounts(c, from, to);
        Map<Key, Set<Said>> open = openFindings(c, from, to);
        List<FieldCheckStore.Compared> added = new ArrayList<>();
        List<FieldCheckStore.Compared> changed = new ArrayList<>();
        List<FieldCheckStore.Compared> findings = new ArrayList<>();
        for (var e : compared.entrySet()) {
            Key key = e.getKey();
            FieldCheckStore.Compared k = e.getValue();
            Boolean stored = counts.get(key);
            if (stored == null) {
                added.add(k);
            } else if (stored != k.counts()) {
                changed.add(k);
            }
            Set<Said> was = open.get(key); // null: none open
            if (k.findings().isEmpty() ? was != null : !said(k).equals(was)) {
                findings.add(k);
            }
        }
        // new ones are plain inserts: cheaper than an upsert, and safe since no other comparison
        // writes meanwhile (PostgreSQL: the lock above; SQLite: its one writer)
        writeOutcomes(c, added, "", at);
        writeOutcomes(c, changed, ON_CONFLICT, at);
        replaceFindings(c, findings);
    }

    private static Set<Said> said(FieldCheckStore.Compared k) {
        Set<Said> out = new HashSet<>();
        k.findings().forEach(f -> out.add(Said.of(f)));
        return out;
    }

    private Map<Key, Boolean> storedCounts(Connection c, long from, long to) throws SQLException {
        Map<Key, Boolean> out = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT meter, check_time_ms, counts FROM field_outcome"
                + " WHERE check_time_ms >= ? AND check_time_ms <= ?")) {
            binary(p);
            p.setLong(1, from);
            p.setLong(2, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(new Key(rs.getString(1), rs.getLong(2)), rs.getInt(3) == 1);
                }
            }
        }
        return out;
    }

    private Map<Key, Set<Said>> openFindings(Connection c, long from, long to) throws SQLException {
        Map<Key, Set<Said>> out = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT meter, check_time_ms, category, evidence, energy_kwh, band, area"
                + " FROM field_finding WHERE check_time_ms >= ? AND check_time_ms <= ? AND accepted_at_ms IS NULL")) {
            p.setLong(1, from);
            p.setLong(2, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(new Key(rs.getString(1), rs.getLong(2)), k -> new HashSet<>())
                            .add(new Said(rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return out;
    }

    private void writeOutcomes(Connection c, List<FieldCheckStore.Compared> outcomes, String onConflict, Instant at)
            throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        if (!postgresql) {
            try (PreparedStatement p = c.prepareStatement(INSERT + " VALUES (?, ?, ?, ?)" + onConflict)) {
                for (FieldCheckStore.Compared k : outcomes) {
                    p.setString(1, k.meter());
                    p.setLong(2, k.checkTime().toEpochMilli());
                    p.setInt(3, k.counts() ? 1 : 0);
                    p.setLong(4, at.toEpochMilli());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return;
        }
        try (PreparedStatement p = c.prepareStatement(INSERT + ARRAYS + onConflict)) {
            for (int from = 0; from < outcomes.size(); from += CHUNK) {
                List<FieldCheckStore.Compared> chunk = outcomes.subList(from, Math.min(outcomes.size(), from + CHUNK));
                Short[] counts = new Short[chunk.size()];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = (short) (chunk.get(i).counts() ? 1 : 0);
                }
                p.setLong(1, at.toEpochMilli());
                p.setArray(2, c.createArrayOf("text", meters(chunk)));
                p.setArray(3, c.createArrayOf("bigint", times(chunk)));
                p.setArray(4, c.createArrayOf("smallint", counts));
                p.executeUpdate();
            }
        }
    }

    /** Replaces the open findings of these checks by theirs; accepted ones are history and stay. */
    private void replaceFindings(Connection c, List<FieldCheckStore.Compared> checks) throws SQLException {
        if (checks.isEmpty()) {
            return;
        }
        if (postgresql) {
            try (PreparedStatement clear = c.prepareStatement(CLEAR_ARRAYS)) {
                for (int from = 0; from < checks.size(); from += CHUNK) {
                    List<FieldCheckStore.Compared> chunk = checks.subList(from, Math.min(checks.size(), from + CHUNK));
                    clear.setArray(1, c.createArrayOf("text", meters(chunk)));
                    clear.setArray(2, c.createArrayOf("bigint", times(chunk)));
                    clear.executeUpdate();
                }
            }
        } else {
            try (PreparedStatement clear = c.prepareStatement(
                    "DELETE FROM field_finding WHERE meter = ? AND check_time_ms = ? AND accepted_at_ms IS NULL")) {
                for (FieldCheckStore.Compared k : checks) {
                    clear.setString(1, k.meter());
                    clear.setLong(2, k.checkTime().toEpochMilli());
                    clear.addBatch();
                }
                clear.executeBatch();
            }
        }
        try (PreparedStatement add = c.prepareStatement(FINDING_INSERT)) {
            for (FieldCheckStore.Compared k : checks) {
                for (FieldFinding f : k.findings()) {
                    add.setString(1, f.meter());
                    add.setLong(2, f.checkTime().toEpochMilli());
                    add.setString(3, f.category());
                    add.setString(4, f.evidence());
                    add.setDouble(5, f.energyKwh());
                    add.setString(6, f.band());
                    add.setString(7, f.area());
                    add.setLong(8, f.foundAt().toEpochMilli());
                    add.addBatch();
                }
            }
            add.executeBatch(); // after the clearing: a finding found again replaces the open one
        }
    }

    /** PostgreSQL: rows in binary from the first execution (no text parsing of numbers). */
    private void binary(PreparedStatement p) throws SQLException {
        if (postgresql) {
            p.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
    }

    private static String[] meters(List<FieldCheckStore.Compared> chunk) {
        return chunk.stream().map(FieldCheckStore.Compared::meter).toArray(String[]::new);
    }

    private static Long[] times(List<FieldCheckStore.Compared> chunk) {
        return chunk.stream().map(k -> k.checkTime().toEpochMilli()).toArray(Long[]::new);
    }
}
