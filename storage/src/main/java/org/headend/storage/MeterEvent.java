package org.headend.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a meter recorded about itself (power down, cover opened, a phase lost), as the
 * anomaly checks need it. Known by meter, kind and start: storing it again is harmless, and a
 * later copy that knows the end fills it in.
 *
 * @param meter    the meter's address
 * @param kind     protocol-neutral code, e.g. {@code power.down}, {@code cover.open}, {@code voltage.loss.a}
 * @param started  when it began (meter's clock, as the meter reports it)
 * @param ended    when it ended, if over and reported
 * @param detail   what else the record said, readable; may be empty
 * @param recorded when the head-end learnt of it
 */
public record MeterEvent(String meter, String kind, Instant started, Optional<Instant> ended, String detail,
                         Instant recorded) {
    public MeterEvent {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(recorded, "recorded");
        if (kind.isBlank()) {
            throw new IllegalArgumentException("event of meter " + meter + " has a blank kind");
        }
        if (ended.isPresent() && ended.get().isBefore(started)) {
            throw new IllegalArgumentException("event " + kind + " of meter " + meter + " ends (" + ended.get()
                    + ") before it starts (" + started + ")");
        }
    }

    /** Rows of (meter, kind, started ms, ended ms or null, detail, recorded ms), as both stores' queries give them. */
    static List<MeterEvent> rows(PreparedStatement p) throws SQLException {
        List<MeterEvent> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long endedMs = rs.getLong(4);
                Optional<Instant> ended = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(endedMs));
                out.add(new MeterEvent(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), ended,
                        rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))));
            }
        }
        return out;
    }
}
