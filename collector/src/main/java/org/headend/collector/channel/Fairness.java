package org.headend.collector.channel;

import java.time.Duration;
import java.util.Objects;

/**
 * How a bus keeps one failing meter from costing the others their reads ({@link MeterHealth}).
 *
 * @param timeoutFloor    the adaptive reply timeout never goes below this; the bus's request timeout is its ceiling
 * @param deviations      timeout = smoothed round trip + this many mean deviations (RFC 6298 uses 4)
 * @param quarantineAfter consecutive silent polls that put a meter in quarantine; 0 = never
 * @param probeMin        first pause before a quarantined meter is asked again, doubling after each silent probe
 * @param probeMax        cap of that pause
 */
public record Fairness(Duration timeoutFloor, int deviations, int quarantineAfter, Duration probeMin, Duration probeMax) {

    /**
     * A meter may legally start its reply 500 ms after the request (protocols.md §1.1), so the
     * floor keeps a meter that has always been quick from being dropped the first time it is slow;
     * one minute to one hour between probes of a dead meter costs its bus at most one timeout a minute.
     */
    public static final Fairness DEFAULTS = new Fairness(Duration.ofMillis(500), 4, 3, Duration.ofMinutes(1),
            Duration.ofHours(1));

    public Fairness {
        Objects.requireNonNull(timeoutFloor, "timeoutFloor");
        Objects.requireNonNull(probeMin, "probeMin");
        Objects.requireNonNull(probeMax, "probeMax");
        if (timeoutFloor.isNegative() || timeoutFloor.isZero()) {
            throw new IllegalArgumentException("timeoutFloor must be positive, was " + timeoutFloor);
        }
        if (deviations < 0 || deviations > 16) {
            throw new IllegalArgumentException("deviations must be 0..16, was " + deviations);
        }
        if (quarantineAfter < 0) {
            throw new IllegalArgumentException("quarantineAfter must be 0 (never) or more, was " + quarantineAfter);
        }
        if (probeMin.isNegative() || probeMin.isZero() || probeMax.compareTo(probeMin) < 0) {
            throw new IllegalArgumentException("probe backoff must be 0 < min <= max, was " + probeMin + ".." + probeMax);
        }
    }
}
