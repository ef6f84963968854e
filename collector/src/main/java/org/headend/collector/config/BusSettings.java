package org.headend.collector.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One bus: an RS-485-to-Ethernet gateway (or a meter) reached over TCP, one request outstanding at a time.
 *
 * @param host             gateway host name or address
 * @param port             gateway TCP port, 1..65535
 * @param requestTimeout   how long to wait for a whole reply after the request is written
 * @param retries          further attempts after a timeout or bad frame, 0 = none
 * @param retryBackoff     pause before the first retry, doubling for each further one
 * @param reconnectBackoff pause before reconnecting a lost connection, doubling from min to max
 * @param preamble         FE bytes sent before each request frame, 0..4
 */
public record BusSettings(String host, int port, Duration requestTimeout, int retries, Duration retryBackoff,
                          Backoff reconnectBackoff, int preamble) {

    public BusSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
    }

    /** The keys a bus shares with {@code busDefaults} and with lines. */
    public BusDefaults timing() {
        return new BusDefaults(requestTimeout, retries, retryBackoff, reconnectBackoff, preamble);
    }

    /** The pause before retry number {@code retry} (1-based): retryBackoff x 2^(retry-1). */
    public Duration retryDelay(int retry) {
        return retryBackoff.multipliedBy(1L << Math.min(Math.max(retry - 1, 0), 20));
    }
}
