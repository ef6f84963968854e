package org.headend.storage;

import java.time.Instant;
import java.util.Objects;

/** A meter and a time: what {@link ReadingStore#around} looks up readings around. */
public record MeterTime(String meter, Instant time) {
    public MeterTime {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(time, "time");
    }
}
