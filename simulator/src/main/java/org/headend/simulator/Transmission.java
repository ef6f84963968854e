package org.headend.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How the bytes of one reply leave the gateway: cut into chunks (one TCP write each), each due a
 * number of nanoseconds after the reply starts.
 *
 * <p>Bytes already in the gateway's buffer ({@code before}: a reply held back for merging) are due
 * at once; the rest come off the RS-485 line one byte time apart when pacing (11 bits per byte,
 * protocols.md §5), or all at once without. {@link GatewayFault#SPLIT_AND_MERGE} cuts 1..5-byte
 * chunks at least 1 ms apart; {@link GatewayFault#DROP_MID_FRAME} keeps the first half of the reply
 * and closes the connection after it.
 */
record Transmission(byte[] bytes, int[] ends, long[] due, boolean closeAfter) {

    static final long SPLIT_GAP_NANOS = 1_000_000L;
    static final int MAX_SPLIT_CHUNK = 5;

    static Transmission plan(byte[] before, byte[] reply, boolean drop, boolean split, long byteNanos, Random random) {
        byte[] body = drop ? Arrays.copyOf(reply, reply.length / 2) : reply;
        byte[] bytes = Bus.concat(before, body);
        List<Integer> ends = new ArrayList<>();
        int p = 0;
        if (!split && before.length > 0) {
            ends.add(p = before.length);
        }
        while (p < bytes.length) {
            int size = split ? 1 + random.nextInt(MAX_SPLIT_CHUNK) : byteNanos > 0 ? 1 : bytes.length - p;
            ends.add(p = Math.min(bytes.length, p + size));
        }
        int[] e = ends.stream().mapToInt(Integer::intValue).toArray();
        long[] due = new long[e.length];
        for (int i = 0; i < e.length; i++) {
            long lastByte = Math.max(0, e[i] - before.length) * byteNanos;
            long gap = i == 0 ? 0 : due[i - 1] + (split ? SPLIT_GAP_NANOS : 0);
            due[i] = Math.max(lastByte, gap);
        }
        return new Transmission(bytes, e, due, drop);
    }

    int chunks() {
        return ends.length;
    }

    byte[] chunk(int i) {
        return chunks(i, i + 1);
    }

    /** Chunks {@code from} (inclusive) to {@code to} (exclusive) as one array. */
    byte[] chunks(int from, int to) {
        return Arrays.copyOfRange(bytes, from == 0 ? 0 : ends[from - 1], ends[to - 1]);
    }

    long dueNanos(int i) {
        return due[i];
    }
}
