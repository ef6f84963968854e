package org.headend.collector.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings every bus inherits unless it sets its own ({@code busDefaults} in YAML).
 * See {@link BusSettings} for the meaning of each.
 */
public record BusDefaults(Duration requestTimeout, int retries, Duration retryBackoff, Backoff reconnectBackoff,
                          int preamble) {

    /**
     * A reply may start 500 ms after the request and its bytes may be 500 ms apart; a 2400-baud
     * single-DI round trip is already ~222 ms (protocols.md §1.1, §5), so 2 s leaves room for
     * slow meters and block reads.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_RETRIES = 2;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);
    public static final Backoff DEFAULT_RECONNECT_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    /** Masters send 4 FE bytes before a frame to wake the receiver (protocols.md §1.1). */
    public static final int DEFAULT_PREAMBLE = 4;

    public static final BusDefaults STANDARD = new BusDefaults(DEFAULT_REQUEST_TIMEOUT, DEFAULT_RETRIES,
            DEFAULT_RETRY_BACKOFF, DEFAULT_RECONNECT_BACKOFF, DEFAULT_PREAMBLE);

    public BusDefaults {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
    }

    /** A bus at {@code host:port} with these defaults. */
    public BusSettings bus(String host, int port) {
        return new BusSettings(host, port, requestTimeout, retries, retryBackoff, reconnectBackoff, preamble);
    }
}
