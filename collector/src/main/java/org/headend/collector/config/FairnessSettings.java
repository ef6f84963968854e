package org.headend.collector.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How every bus and line keeps a failing meter from costing the others their reads ({@code fairness}
 * in YAML): each meter's reply timeout follows its round trips, and a meter silent for several polls
 * in a row is quarantined and only probed, with backoff.
 *
 * @param timeoutFloor    least adaptive reply timeout; a bus's {@code requestTimeout} is the most
 * @param deviations      timeout = smoothed round trip + this many mean deviations
 * @param quarantineAfter consecutive silent polls before quarantine; 0 = never quarantine
 * @param probeBackoff    pause before probing a quarantined meter, doubling after each silent probe
 */
public record FairnessSettings(Duration timeoutFloor, int deviations, int quarantineAfter, Backoff probeBackoff) {

    /** A meter may start its reply 500 ms after the request (protocols.md §1.1). */
    public static final Duration DEFAULT_TIMEOUT_FLOOR = Duration.ofMillis(500);
    /** RFC 6298's k. */
    public static final int DEFAULT_DEVIATIONS = 4;
    public static final int DEFAULT_QUARANTINE_AFTER = 3;
    public static final Backoff DEFAULT_PROBE_BACKOFF = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1));

    public static final FairnessSettings DEFAULTS = new FairnessSettings(DEFAULT_TIMEOUT_FLOOR, DEFAULT_DEVIATIONS,
            DEFAULT_QUARANTINE_AFTER, DEFAULT_PROBE_BACKOFF);

    public FairnessSettings {
        Objects.requireNonNull(timeoutFloor, "timeoutFloor");
        Objects.requireNonNull(probeBackoff, "probeBackoff");
    }
}
