package org.headend.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link MeterArchiveStore} in plain SQL that SQLite and PostgreSQL both run (schema V6), on the
 * owning store's {@link StoreTransactions} like the field checks.
 */
final class JdbcMeterArchive implements MeterArchiveStore {
    private static final String COLUMNS = "meter, status, protocol, channel, ct_ratio, vt_ratio, customer_class, "
            + "voltage_level, area, reading_method, latitude, longitude, account, customer_name, meter_serial, "
            + "ct_serial, vt_serial, seals, remote_since, accuracy_class";
    private static final String INSERT = "INSERT INTO meter_archive (" + COLUMNS + ", valid_from_ms) VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CLOSE = "UPDATE meter_archive SET valid_to_ms = ? WHERE meter = ? AND valid_to_ms IS NULL";
    private static final String SELECT = "SELECT " + COLUMNS + ", valid_from_ms, valid_to_ms FROM meter_archive ";

    private final StoreTransactions tx;

    JdbcMeterArchive(StoreTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Synced sync(List<ArchivedMeter> meters, boolean retireMissing, Instant at) {
        return tx.write("sync the meter archive (" + meters.size() + " meters)", c -> {
            Map<String, Version> stored = new LinkedHashMap<>();
            for (Version v : versions(c, "WHERE valid_to_ms IS NULL")) {
                stored.put(v.meter().meter(), v);
            }
            List<ArchivedMeter> opened = new ArrayList<>();
            List<Version> closed = new ArrayList<>();
            int added = 0;
            int changed = 0;
            int removed = 0;
            Set<String> given = new HashSet<>();
            for (ArchivedMeter m : meters) {
                if (!given.add(m.meter())) {
                    throw new IllegalArgumentException("meter " + m.meter() + " is twice in the archive to sync");
                }
                Version now = stored.get(m.meter());
                if (now == null) {
                    added++;
                    opened.add(m);
                } else if (!now.meter().equals(m)) {
                    changed++;
                    closed.add(now);
                    opened.add(m);
                }
            }
            if (retireMissing) {
                for (Version v : stored.values()) {
                    if (!given.contains(v.meter().meter()) && !ArchivedMeter.REMOVED.equals(v.meter().status())) {
                        removed++;
                        closed.add(v);
                        opened.add(v.meter().withStatus(ArchivedMeter.REMOVED));
                    }
                }
            }
            write(c, closed, opened, at);
            return new Synced(added, changed, removed, meters.size() - added - changed);
        });
    }

    /**
     * Closes the {@code closed} versions and opens the {@code opened} ones at {@code at}; a version
     * opened at or before {@code at} (a clock set back) is closed 1 ms after it opened instead, so
     * versions never overlap and the key (meter, valid_from_ms) stays unique.
     */
    private static void write(Connection c, List<Version> closed, List<ArchivedMeter> opened, Instant at) throws SQLException {
        Map<String, Long> from = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement(CLOSE)) {
            for (Version v : closed) {
                long t = Math.max(at.toEpochMilli(), v.validFrom().toEpochMilli() + 1);
                from.put(v.meter().meter(), t);
                p.setLong(1, t);
                p.setString(2, v.meter().meter());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            for (ArchivedMeter m : opened) {
                bind(p, m);
                p.setLong(21, from.getOrDefault(m.meter(), at.toEpochMilli()));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @Override
    public List<ArchivedMeter> current() {
        return tx.read("read the meter archive",
                c -> versions(c, "WHERE valid_to_ms IS NULL ORDER BY meter").stream().map(Version::meter).toList());
    }

    @Override
    public Optional<ArchivedMeter> asOf(String meter, Instant at) {
        long t = at.toEpochMilli();
        return tx.read("read meter " + meter + " of the archive as of " + at, c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT
                    + "WHERE meter = ? AND valid_from_ms <= ? AND (valid_to_ms IS NULL OR valid_to_ms > ?)")) {
                p.setString(1, meter);
                p.setLong(2, t);
                p.setLong(3, t);
                return rows(p).stream().findFirst().map(Version::meter);
            }
        });
    }

    @Override
    public List<Version> history(String meter) {
        return tx.read("read the archive history of meter " + meter, c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT + "WHERE meter = ? ORDER BY valid_from_ms")) {
                p.setString(1, meter);
                return rows(p);
            }
        });
    }

    private static List<Version> versions(Connection c, String where) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(SELECT + where)) {
            return rows(p);
        }
    }

    private static void bind(PreparedStatement p, ArchivedMeter m) throws SQLException {
        p.setString(1, m.meter());
        p.setString(2, m.status());
        p.setString(3, m.protocol());
        p.setString(4, m.channel());
        p.setDouble(5, m.ctRatio());
        p.setDouble(6, m.vtRatio());
        p.setString(7, m.customerClass());
        p.setString(8, m.voltageLevel());
        p.setString(9, m.area());
        p.setString(10, m.readingMethod());
        JdbcNulls.setDouble(p, 11, m.latitude());
        JdbcNulls.setDouble(p, 12, m.longitude());
        p.setString(13, m.account());
        p.setString(14, m.customerName());
        p.setString(15, m.meterSerial());
        p.setString(16, m.ctSerial());
        p.setString(17, m.vtSerial());
        p.setString(18, m.seals());
        p.setString(19, m.remoteSince() == null ? null : m.remoteSince().toString());
        JdbcNulls.setDouble(p, 20, m.accuracyClass());
    }

    private static List<Version> rows(PreparedStatement p) throws SQLException {
        List<Version> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                String since = rs.getString(19);
                ArchivedMeter m = new ArchivedMeter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getDouble(5), rs.getDouble(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), JdbcNulls.getDouble(rs, 11), JdbcNulls.getDouble(rs, 12), rs.getString(13),
                        rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18),
                        since == null ? null : LocalDate.parse(since), JdbcNulls.getDouble(rs, 20));
                Instant from = Instant.ofEpochMilli(rs.getLong(21));
                long to = rs.getLong(22);
                out.add(new Version(m, from, rs.wasNull() ? null : Instant.ofEpochMilli(to)));
            }
        }
        return out;
    }
}
