package org.headend.fieldcheck;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.headend.collector.archive.Meter;
import org.headend.storage.Reading;

/**
 * One meter on the due list, with what the crew must verify: the archive's record (account,
 * serials, ratios, seals) and the last remote reading, so the crew compares on the spot.
 *
 * @param meter      the archive's record
 * @param reasons    why it is due, at least one
 * @param dueBy      the last day the check may be done
 * @param detail     the rule's evidence (e.g. the cycle number, or the unchanged register)
 * @param lastCheck  its last accepted check, or null
 * @param lastRemote its last remote reading (primary value), or null
 * @param stop       position on its area's route, 1-based; meters without coordinates come last
 */
public record DueMeter(Meter meter, List<DueReason> reasons, LocalDate dueBy, String detail, Instant lastCheck,
                       Reading lastRemote, int stop) {
    public DueMeter {
        Objects.requireNonNull(meter, "meter");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("meter " + meter.address() + " is due for no reason");
        }
        Objects.requireNonNull(dueBy, "dueBy");
        Objects.requireNonNull(detail, "detail");
    }

    DueMeter withStop(int n) {
        return new DueMeter(meter, reasons, dueBy, detail, lastCheck, lastRemote, n);
    }

    /** The last remote register reading in register units (secondary kWh), or NaN. */
    public double lastRemoteRegisterKwh() {
        return lastRemote == null ? Double.NaN : lastRemote.value() / meter.multiplier().doubleValue();
    }
}
