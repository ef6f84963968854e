package org.headend.collector.concentrator;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a login may go on: the terminal must be in the archive (an allow-list of
 * terminal keys), and its source address must not have logged in more than {@code perMinute}
 * times in the last minute (a token bucket per address, refilled evenly), so a terminal in a
 * re-login loop or a scanner cannot flood the front end. Thread-safe.
 */
final class LoginGate {

    /** Why a login is refused; the tag goes to the refused-logins metric. */
    enum Refusal {
        UNKNOWN_TERMINAL("unknown_terminal"),
        RATE_LIMITED("rate_limited"),
        NOT_LOGGED_IN("not_logged_in"),
        WRONG_ADDRESS("wrong_address");

        final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }
    }

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Set<Long> allowed;
    private final int perMinute;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }
    }

    LoginGate(Set<Long> allowed, int perMinute) {
        this.allowed = Set.copyOf(allowed);
        this.perMinute = perMinute;
    }

    boolean knows(long terminalKey) {
        return allowed.contains(terminalKey);
    }

    /** Null when the login may go on, else why not. A refused login spends a token too. */
    Refusal admit(InetAddress source, long terminalKey, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(source, a -> new Bucket(perMinute, nowNanos));
        boolean ok;
        synchronized (b) {
            b.tokens = Math.min(perMinute, b.tokens + (double) (nowNanos - b.lastNanos) * perMinute / MINUTE_NANOS);
            b.lastNanos = nowNanos;
            ok = b.tokens >= 1;
            if (ok) {
                b.tokens -= 1;
            }
        }
        if (!ok) {
            return Refusal.RATE_LIMITED;
        }
        return allowed.contains(terminalKey) ? null : Refusal.UNKNOWN_TERMINAL;
    }

    /** Forgets addresses whose bucket is full again, so the map holds only recent logins. */
    void prune(long nowNanos) {
        for (Iterator<Map.Entry<InetAddress, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            Bucket b = it.next().getValue();
            synchronized (b) {
                if (b.tokens + (double) (nowNanos - b.lastNanos) * perMinute / MINUTE_NANOS >= perMinute) {
                    it.remove();
                }
            }
        }
    }
}
