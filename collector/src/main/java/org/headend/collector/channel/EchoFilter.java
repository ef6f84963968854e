package org.headend.collector.channel;

/**
 * Removes our own request from what a 2-wire RS-485 adapter hands back: such an adapter hears its
 * own transmission, so every request we write comes back ahead of the reply.
 *
 * <p>The echo is expected byte for byte, and only while it can still come: until the request's
 * wire time plus the meter's least turnaround has passed. A byte that differs, or arrives later,
 * ends the expectation and is kept, so an adapter that does not echo (or a collision) costs at
 * most the bytes that matched, never the reply. Times are {@link System#nanoTime()} values passed
 * in, so tests drive it with their own clock.
 */
final class EchoFilter {

    private final long characterNanos;
    private final long slackNanos;
    private byte[] expected = new byte[0];
    private int matched;
    private long deadline;
    private long suppressed;

    /**
     * @param characterNanos wire time of one character
     * @param slackNanos     how long after the request's last character the echo may still come
     *                       (adapter latency), at most the meter's least turnaround
     */
    EchoFilter(long characterNanos, long slackNanos) {
        this.characterNanos = characterNanos;
        this.slackNanos = slackNanos;
    }

    /** We wrote {@code bytes} at {@code now}: expect them back. An echo still pending is forgotten. */
    void sent(byte[] bytes, long now) {
        expected = bytes.clone();
        matched = 0;
        deadline = now + bytes.length * characterNanos + slackNanos;
    }

    /**
     * Drops the echo from {@code buf[off, off+len)}, moving the kept bytes to the front of that range.
     *
     * @return how many bytes were kept
     */
    int filter(byte[] buf, int off, int len, long now) {
        if (matched == expected.length) {
            return len;
        }
        if (now - deadline > 0) {
            matched = expected.length; // too late to be our echo
            return len;
        }
        int i = 0;
        while (i < len && matched < expected.length && buf[off + i] == expected[matched]) {
            i++;
            matched++;
        }
        suppressed += i;
        if (i < len && matched < expected.length) {
            matched = expected.length; // not an echo (none comes, or a collision): keep the rest
        }
        if (i > 0) {
            System.arraycopy(buf, off + i, buf, off, len - i);
        }
        return len - i;
    }

    /** Bytes removed so far. */
    long suppressed() {
        return suppressed;
    }
}
