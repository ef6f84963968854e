package org.headend.collector.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A delay that starts at {@code min} and doubles after each failure up to {@code max}, as
 * HikariCP's {@code PoolEntryCreator} backs off; a success starts again at {@code min}.
 */
public record Backoff(Duration min, Duration max) {

    public Backoff {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
    }

    /** The delay before attempt {@code failures + 1}: min x 2^failures, capped at max. */
    public Duration delayAfter(int failures) {
        if (failures <= 0) {
            return min;
        }
        int shift = Math.min(failures, 30);
        long ms = min.toMillis() << shift;
        return ms <= 0 || ms >= max.toMillis() ? max : Duration.ofMillis(ms);
    }
}
