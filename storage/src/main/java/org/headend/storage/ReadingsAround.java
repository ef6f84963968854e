package org.headend.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * The two readings of a meter around a time: the newest at or before it and the oldest after it,
 * each only if within the window asked for. What interpolating a register at a field check's time
 * needs (issue 7).
 *
 * @param at     the meter and time asked for
 * @param before the newest reading with {@code time <= at.time()}, or null
 * @param after  the oldest reading with {@code time > at.time()}, or null
 */
public record ReadingsAround(MeterTime at, Reading before, Reading after) {
    public ReadingsAround {
        Objects.requireNonNull(at, "at");
        if (before != null && before.time().isAfter(at.time())) {
            throw new IllegalArgumentException("before " + before.time() + " is after " + at.time());
        }
        if (after != null && !after.time().isAfter(at.time())) {
            throw new IllegalArgumentException("after " + after.time() + " is not after " + at.time());
        }
    }

    public Optional<Reading> beforeReading() {
        return Optional.ofNullable(before);
    }

    public Optional<Reading> afterReading() {
        return Optional.ofNullable(after);
    }
}
