package org.headend.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One stored reading: a meter's value of one quantity at one time, already multiplied by the
 * billing multiplier (CT x VT) where the quantity is a primary-side value.
 *
 * <p>The key is (time, meter, quantity): writing the same key again is harmless (idempotent).
 *
 * @param meter    the meter's address as printed (12 digits for DL/T 645)
 * @param time     when the value was read (wall clock of the head-end, UTC)
 * @param quantity protocol-neutral name, e.g. {@code energy.active.import.total}
 * @param value    the value in {@code unit}
 * @param unit     e.g. kWh, V, A, kW
 * @param quality  actual, estimated, suspect or corrected
 * @param source   how the value was obtained
 */
public record Reading(String meter, Instant time, String quantity, double value, String unit,
                      Quality quality, Source source) {
    public Reading {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(source, "source");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("reading of " + meter + " " + quantity + " is not finite: " + value);
        }
    }

    /** Rows of (meter, time ms, value, unit, quality, source), all of {@code quantity}, as both stores' queries give them. */
    static List<Reading> rows(PreparedStatement p, String quantity) throws SQLException {
        List<Reading> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new Reading(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                        quantity, rs.getDouble(3), rs.getString(4), Quality.ofCode(rs.getInt(5)),
                        Source.ofCode(rs.getInt(6))));
            }
        }
        return out;
    }
}
