package org.headend.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The values a meter put into its last clean reply for one DI, exactly as encoded: unscaled BCD
 * numbers in catalogue order (e.g. 0001FF00: total, T1..T4 in 0.01 kWh). An element the meter
 * reported as FF bytes (phase B of a single-phase meter) is {@link SimulatedMeter#NOT_AVAILABLE}.
 *
 * @param servedAt the simulator clock's instant when the reply was built
 */
public record ServedValue(long dataId, Instant servedAt, List<Long> unscaled) {

    public ServedValue {
        Objects.requireNonNull(servedAt, "servedAt");
        unscaled = List.copyOf(unscaled);
    }

    /** Element {@code index}, unscaled. */
    public long unscaled(int index) {
        return unscaled.get(index);
    }

    public boolean isAvailable(int index) {
        return unscaled.get(index) != SimulatedMeter.NOT_AVAILABLE;
    }
}
