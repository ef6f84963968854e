package org.headend.collector.channel;

import java.util.Arrays;

/**
 * Removes our own request from what a 2-wire RS-485 adapter hands back: such an adapter hears its
 * own transmission, so every request we write comes back ahead of the reply.
 *
 * <p>Only a complete, byte-for-byte copy of the request is removed. Bytes that match its start are
 * held back until the copy is complete (then dropped) or a byte differs (then they are handed on
 * with the rest, unchanged). So an adapter that does not echo, a collision, or a reply that starts
 * like the request (DL/T 645's preamble, 68 and address do) never loses a byte, whenever its bytes
 * are read: the decision does not depend on when a busy reader thread gets to them. A reply is
 * never the request's exact copy (its control code differs), and our requests on a line are reads.
 */
final class EchoFilter {

    private static final byte[] NONE = new byte[0];

    private byte[] expected = NONE;
    /** How many bytes of {@code expected} have come back and are held. */
    private int matched;
    /** Held bytes of an earlier request's echo that never completed: handed on before the next bytes. */
    private byte[] released = NONE;
    private long suppressed;

    /** We wrote {@code bytes}: expect them back. A partial echo still held is handed on, not lost. */
    void sent(byte[] bytes) {
        if (matched > 0 && matched < expected.length) {
            released = concat(released, expected, matched);
        }
        expected = bytes.clone();
        matched = 0;
    }

    /**
     * The bytes of {@code chunk} to hand on, in order (often {@code chunk} itself): the echo taken
     * out, held bytes put back where it was not one.
     */
    byte[] filter(byte[] chunk) {
        byte[] out = released;
        released = NONE;
        int i = 0;
        while (i < chunk.length && matched < expected.length && chunk[i] == expected[matched]) {
            i++;
            matched++;
        }
        if (matched == expected.length) {
            if (i > 0) {
                suppressed += expected.length; // the whole echo, including what earlier chunks held
            }
            return concat(out, chunk, i, chunk.length);
        }
        if (i == chunk.length) {
            return out; // all of it may still be the echo: held
        }
        // a byte differs: what was held was not our echo after all
        int heldBefore = matched - i;
        out = concat(out, expected, heldBefore);
        matched = expected.length;
        return concat(out, chunk, 0, chunk.length);
    }

    /** Bytes removed so far. */
    long suppressed() {
        return suppressed;
    }

    private static byte[] concat(byte[] a, byte[] b, int bLength) {
        return concat(a, b, 0, bLength);
    }

    private static byte[] concat(byte[] a, byte[] b, int from, int to) {
        if (from == to) {
            return a;
        }
        if (a.length == 0 && from == 0 && to == b.length) {
            return b; // the usual case, nothing held or released: no copy
        }
        byte[] out = Arrays.copyOf(a, a.length + to - from);
        System.arraycopy(b, from, out, a.length, to - from);
        return out;
    }
}
