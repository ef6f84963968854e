package org.headend.collector.channel;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing rules of one bus (an RS-485-to-Ethernet gateway or a serial line): timeouts, retries,
 * backoff, the silence between frames and the fairness rules.
 *
 * @param requestTimeout   the longest wait for a reply (the ceiling of the adaptive timeout); the
 *                         standard allows a meter 500 ms before it starts and 500 ms between bytes
 *                         (protocols.md §5), so below ~600 ms plus frame time drops legitimate slow meters
 * @param retries          extra attempts after a corrupted reply or a lost connection
 * @param timeoutRetries   extra attempts after a timeout; 0 by default so that a silent meter costs
 *                         its bus no more than one timeout per cycle
 * @param retryBackoff     pause before the first retry, doubled for each further one
 * @param reconnectMin     first pause before reopening a dropped link
 * @param reconnectMax     cap of the doubling reopen pause
 * @param preamble         FE bytes sent before each request (0..4)
 * @param maxQueue         jobs the bus queues at most; further scheduled jobs are skipped and counted
 * @param frameGap         least silence on the line between the last byte heard and the next
 *                         request; zero for a gateway, which times its own line
 * @param fairness         adaptive timeouts and quarantine of silent meters
 */
public record BusTiming(Duration requestTimeout, int retries, int timeoutRetries, Duration retryBackoff,
                          Duration reconnectMin, Duration reconnectMax, int preamble, int maxQueue,
                          Duration frameGap, Fairness fairness) {

    public static final BusTiming DEFAULTS = new BusTiming(Duration.ofSeconds(2), 2, 0,
            Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(30), 4, 100_000,
            Duration.ZERO, Fairness.DEFAULTS);

    public BusTiming {
        Objects.requireNonNull(frameGap, "frameGap");
        Objects.requireNonNull(fairness, "fairness");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        if (retries < 0 || retries > 10 || timeoutRetries < 0 || timeoutRetries > 10) {
            throw new IllegalArgumentException("retries must be 0..10, were " + retries + " and " + timeoutRetries);
        }
        if (preamble < 0 || preamble > 4) {
            throw new IllegalArgumentException("preamble must be 0..4 FE bytes, was " + preamble);
        }
        if (reconnectMin.compareTo(reconnectMax) > 0) {
            throw new IllegalArgumentException("reconnectMin " + reconnectMin + " exceeds reconnectMax " + reconnectMax);
        }
        if (maxQueue < 1) {
            throw new IllegalArgumentException("maxQueue must be positive, was " + maxQueue);
        }
        if (frameGap.isNegative()) {
            throw new IllegalArgumentException("frameGap must not be negative, was " + frameGap);
        }
    }

    /** The previous fields with no frame gap and the default fairness: a gateway bus. */
    public BusTiming(Duration requestTimeout, int retries, int timeoutRetries, Duration retryBackoff,
                     Duration reconnectMin, Duration reconnectMax, int preamble, int maxQueue) {
        this(requestTimeout, retries, timeoutRetries, retryBackoff, reconnectMin, reconnectMax, preamble, maxQueue,
                Duration.ZERO, Fairness.DEFAULTS);
    }

    public BusTiming withRequestTimeout(Duration d) {
        return new BusTiming(d, retries, timeoutRetries, retryBackoff, reconnectMin, reconnectMax, preamble, maxQueue,
                frameGap, fairness);
    }

    public BusTiming withFrameGap(Duration d) {
        return new BusTiming(requestTimeout, retries, timeoutRetries, retryBackoff, reconnectMin, reconnectMax,
                preamble, maxQueue, d, fairness);
    }

    public BusTiming withFairness(Fairness f) {
        return new BusTiming(requestTimeout, retries, timeoutRetries, retryBackoff, reconnectMin, reconnectMax,
                preamble, maxQueue, frameGap, f);
    }
}
