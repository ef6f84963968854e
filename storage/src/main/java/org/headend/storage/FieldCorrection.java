package org.headend.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * The field value prevailing over the remote one, recorded when a mismatch is accepted (issue 7).
 * The remote readings stay stored as read; reports and bills apply this on top of them.
 *
 * @param meter       the meter's address
 * @param checkTime   the field check's time; the correction applies from {@code validFrom}
 * @param category    the accepted mismatch's category code
 * @param quantity    the quantity corrected, e.g. {@code energy.active.import.total} or {@code multiplier}
 * @param remoteValue what the remote side had (register at check time, or the archive's multiplier)
 * @param fieldValue  what the field found and now prevails
 * @param energyKwh   energy the correction moves (primary kWh, signed: positive is energy billed too little)
 * @param validFrom   from when the field value holds (the last good check, or the check itself)
 * @param acceptedAt  when it was accepted
 * @param acceptedBy  who accepted it
 * @param note        why, in the acceptor's words
 */
public record FieldCorrection(String meter, Instant checkTime, String category, String quantity, double remoteValue,
                              double fieldValue, double energyKwh, Instant validFrom, Instant acceptedAt,
                              String acceptedBy, String note) {
    public FieldCorrection {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(checkTime, "checkTime");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(acceptedBy, "acceptedBy");
        note = Objects.requireNonNullElse(note, "");
        checkTime = Instant.ofEpochMilli(checkTime.toEpochMilli());
        validFrom = Instant.ofEpochMilli(validFrom.toEpochMilli());
        acceptedAt = Instant.ofEpochMilli(acceptedAt.toEpochMilli());
    }
}
