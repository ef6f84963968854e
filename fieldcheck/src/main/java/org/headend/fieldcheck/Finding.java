package org.headend.fieldcheck;

import java.time.Instant;
import java.util.Objects;

/**
 * One mismatch between a field check and the archive or the remote readings, with its evidence.
 *
 * @param meter       the meter's address
 * @param checkTime   the field check's time
 * @param category    what kind of mismatch
 * @param evidence    what was compared and found, in words and numbers an auditor can recompute
 * @param factor      the ratio found where one applies (archive / found for CT and VT, clamp / expected
 *                    for the clamp, 1 + r for the watt-second method), else NaN
 * @param energyKwh   primary energy involved, signed: positive = billed too little; 0 when none applies
 * @param band        the penalty band of |energyKwh|
 * @param quantity    what a correction changes: the register quantity, {@code multiplier}, or {@code none}
 * @param remoteValue the remote side's value (register at check time, archive multiplier), NaN if none
 * @param fieldValue  the field's value that prevails once accepted, NaN if none
 * @param validFrom   from when the field value holds (the last good check, or the check itself)
 */
public record Finding(String meter, Instant checkTime, Category category, String evidence, double factor,
                      double energyKwh, String band, String quantity, double remoteValue, double fieldValue,
                      Instant validFrom) {
    public Finding {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(checkTime, "checkTime");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(band, "band");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(validFrom, "validFrom");
    }
}
