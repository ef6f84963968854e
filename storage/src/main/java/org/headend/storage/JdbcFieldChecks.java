package org.headend.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGStatement;

/**
 * {@link FieldCheckStore} in plain SQL that SQLite and PostgreSQL both run (schema V4 and V8: times
 * as epoch milliseconds). The store lends it connections through {@link StoreTransactions}, so field checks
 * share its writer discipline (SQLite: the one writer connection under its lock).
 */
final class JdbcFieldChecks implements FieldCheckStore {

    private static final String COLUMNS = "meter, check_time_ms, meter_present, register_kwh, meter_serial, ct_ratio, "
            + "vt_ratio, ct_serial, vt_serial, seal, meter_clock_ms, clamp_current_a, clamp_voltage_v, "
            + "clamp_power_factor, phases, meter_power_kw, ws_pulses, ws_constant, ws_power_w, ws_seconds, crew, notes, origin";
    private static final String FINDING_COLUMNS = "meter, check_time_ms, category, evidence, energy_kwh, band, area, "
            + "found_at_ms, accepted_at_ms, accepted_by";
    private static final String CORRECTION_COLUMNS = "meter, check_time_ms, category, quantity, remote_value, field_value, "
            + "energy_kwh, valid_from_ms, accepted_at_ms, accepted_by, note";

    private final StoreTransactions tx;
    private final boolean postgresql;
    private final ComparisonRecorder recorder;

    /**
     * @param postgresql whether the database is PostgreSQL: bulk writes take arrays, bulk reads come in binary
     */
    JdbcFieldChecks(StoreTransactions tx, boolean postgresql) {
        this.tx = tx;
        this.postgresql = postgresql;
        this.recorder = new ComparisonRecorder(postgresql);
    }

    @Override
    public List<Saved> save(List<FieldResult> results) {
        if (results.isEmpty()) {
            return List.of();
        }
        return tx.write("save " + results.size() + " field results", c -> {
            List<Saved> out = new ArrayList<>(results.size());
            long now = System.currentTimeMillis();
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO field_check (" + COLUMNS
                    + ", imported_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                for (FieldResult r : results) {
                    bindResult(ins, r);
                    ins.setLong(24, now);
                    ins.addBatch();
                }
                // one batch (pipelined by pgjdbc); a count of 0 is a key stored already, by an
                // earlier import or earlier in this batch: compare with what is stored
                int[] counts = ins.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    FieldResult r = results.get(i);
                    if (counts[i] == 1) {
                        out.add(Saved.NEW);
                    } else {
                        FieldResult stored = find(c, r.meter(), r.checkTime()).orElseThrow();
                        out.add(stored.sameValuesAs(r) ? Saved.SAME : Saved.CONFLICT);
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<FieldResult> result(String meter, Instant checkTime) {
        return tx.read("read field result " + meter + " " + checkTime, c -> find(c, meter, checkTime));
    }

    private static Optional<FieldResult> find(Connection c, String meter, Instant checkTime) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM field_check WHERE meter = ? AND check_time_ms = ?")) {
            p.setString(1, meter);
            p.setLong(2, checkTime.toEpochMilli());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(readResult(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<FieldResult> results(Instant from, Instant to) {
        return tx.read("read field results " + from + ".." + to, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM field_check WHERE check_time_ms >= ? AND check_time_ms < ? ORDER BY meter, check_time_ms")) {
                if (postgresql) {
                    p.unwrap(PGStatement.class).setPrepareThreshold(-1); // a quarter's rows in binary: no number parsing
                }
                p.setLong(1, from.toEpochMilli());
                p.setLong(2, to.toEpochMilli());
                List<FieldResult> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(readResult(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void recordComparisons(List<Compared> compared, Instant at) {
        if (compared.isEmpty()) {
            return;
        }
        tx.write("record " + compared.size() + " comparisons", c -> {
            recorder.record(c, compared, at);
            return null;
        });
    }

    @Override
    public Map<String, Instant> lastCounted(Instant notAfter) {
        return tx.read("read last counted checks", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT meter, MAX(check_time_ms) FROM field_outcome "
                    + "WHERE counts = 1 AND check_time_ms <= ? GROUP BY meter")) {
                p.setLong(1, notAfter.toEpochMilli());
                Map<String, Instant> out = new LinkedHashMap<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Map<String, List<Instant>> counted(Instant from, Instant to) {
        return tx.read("read counted checks", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT meter, check_time_ms FROM field_outcome "
                    + "WHERE counts = 1 AND check_time_ms >= ? AND check_time_ms < ? ORDER BY meter, check_time_ms")) {
                p.setLong(1, from.toEpochMilli());
                p.setLong(2, to.toEpochMilli());
                Map<String, List<Instant>> out = new LinkedHashMap<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(Instant.ofEpochMilli(rs.getLong(2)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<FieldFinding> findings(Instant from, Instant to) {
        return tx.read("read findings", c -> checkedBetween(c, "SELECT " + FINDING_COLUMNS + " FROM field_finding ",
                from, to, rs -> {
                    long accepted = rs.getLong(9);
                    Instant acceptedAt = rs.wasNull() ? null : Instant.ofEpochMilli(accepted);
                    return new FieldFinding(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            rs.getString(4), rs.getDouble(5), rs.getString(6), rs.getString(7),
                            Instant.ofEpochMilli(rs.getLong(8)), acceptedAt, rs.getString(10));
                }));
    }

    @Override
    public boolean accept(FieldCorrection k) {
        return tx.write("accept " + k.category() + " of " + k.meter() + " at " + k.checkTime(), c -> {
            try (PreparedStatement mark = c.prepareStatement("UPDATE field_finding SET accepted_at_ms = ?, accepted_by = ? "
                    + "WHERE meter = ? AND check_time_ms = ? AND category = ? AND accepted_at_ms IS NULL")) {
                mark.setLong(1, k.acceptedAt().toEpochMilli());
                mark.setString(2, k.acceptedBy());
                mark.setString(3, k.meter());
                mark.setLong(4, k.checkTime().toEpochMilli());
                mark.setString(5, k.category());
                if (mark.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO field_correction (" + CORRECTION_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ins.setString(1, k.meter());
                ins.setLong(2, k.checkTime().toEpochMilli());
                ins.setString(3, k.category());
                ins.setString(4, k.quantity());
                ins.setDouble(5, k.remoteValue());
                ins.setDouble(6, k.fieldValue());
                ins.setDouble(7, k.energyKwh());
                ins.setLong(8, k.validFrom().toEpochMilli());
                ins.setLong(9, k.acceptedAt().toEpochMilli());
                ins.setString(10, k.acceptedBy());
                ins.setString(11, k.note());
                ins.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<FieldCorrection> corrections(Instant from, Instant to) {
        return tx.read("read corrections", c -> checkedBetween(c, "SELECT " + CORRECTION_COLUMNS + " FROM field_correction ",
                from, to, rs -> new FieldCorrection(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                        rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7),
                        Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)),
                        rs.getString(10), rs.getString(11))));
    }

    /** One row of a result, read. */
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * The rows of findings or corrections ({@code select} up to its FROM) of the checks at
     * {@code from <= check_time_ms < to}, by meter, check time and category.
     */
    private static <T> List<T> checkedBetween(Connection c, String select, Instant from, Instant to, Row<T> row)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(select + "WHERE check_time_ms >= ? AND check_time_ms < ?"
                + " ORDER BY meter, check_time_ms, category")) {
            p.setLong(1, from.toEpochMilli());
            p.setLong(2, to.toEpochMilli());
            List<T> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        }
    }

    private static void bindResult(PreparedStatement p, FieldResult r) throws SQLException {
        p.setString(1, r.meter());
        p.setLong(2, r.checkTime().toEpochMilli());
        p.setInt(3, r.meterPresent() ? 1 : 0);
        JdbcNulls.setDouble(p, 4, r.registerKwh());
        p.setString(5, r.meterSerial());
        JdbcNulls.setDouble(p, 6, r.ctRatio());
        JdbcNulls.setDouble(p, 7, r.vtRatio());
        p.setString(8, r.ctSerial());
        p.setString(9, r.vtSerial());
        p.setString(10, r.seal());
        if (r.meterClock() == null) {
            p.setNull(11, Types.BIGINT);
        } else {
            p.setLong(11, r.meterClock().toEpochMilli());
        }
        JdbcNulls.setDouble(p, 12, r.clampCurrentA());
        JdbcNulls.setDouble(p, 13, r.clampVoltageV());
        JdbcNulls.setDouble(p, 14, r.clampPowerFactor());
        if (r.phases() == null) {
            p.setNull(15, Types.SMALLINT);
        } else {
            p.setInt(15, r.phases());
        }
        JdbcNulls.setDouble(p, 16, r.meterPowerKw());
        JdbcNulls.setDouble(p, 17, r.wsPulses());
        JdbcNulls.setDouble(p, 18, r.wsConstant());
        JdbcNulls.setDouble(p, 19, r.wsPowerW());
        JdbcNulls.setDouble(p, 20, r.wsSeconds());
        p.setString(21, r.crew());
        p.setString(22, r.notes());
        p.setString(23, r.origin());
    }

    private static FieldResult readResult(ResultSet rs) throws SQLException {
        long clock = rs.getLong(11);
        Instant meterClock = rs.wasNull() ? null : Instant.ofEpochMilli(clock);
        int phases = rs.getInt(15);
        Integer ph = rs.wasNull() ? null : phases;
        return new FieldResult(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3) == 1, JdbcNulls.getDouble(rs, 4),
                rs.getString(5), JdbcNulls.getDouble(rs, 6), JdbcNulls.getDouble(rs, 7), rs.getString(8), rs.getString(9), rs.getString(10),
                meterClock, JdbcNulls.getDouble(rs, 12), JdbcNulls.getDouble(rs, 13), JdbcNulls.getDouble(rs, 14), ph, JdbcNulls.getDouble(rs, 16),
                JdbcNulls.getDouble(rs, 17), JdbcNulls.getDouble(rs, 18), JdbcNulls.getDouble(rs, 19), JdbcNulls.getDouble(rs, 20), rs.getString(21),
                rs.getString(22), rs.getString(23));
    }
}
