package org.headend.storage;

import java.time.Instant;
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
}
