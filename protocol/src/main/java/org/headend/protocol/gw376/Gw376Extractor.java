package org.headend.protocol.gw376;

import static org.headend.protocol.gw376.Gw376Limits.END;
import static org.headend.protocol.gw376.Gw376Limits.HEADER;
import static org.headend.protocol.gw376.Gw376Limits.OVERHEAD;
import static org.headend.protocol.gw376.Gw376Limits.START;

import java.util.Arrays;
import org.headend.protocol.gw376.Gw376Exception.Reason;
import org.headend.protocol.wire.Drops;

/**
 * Cuts verified, decoded 1376.1 frames out of a byte stream that arrives in arbitrary chunks (a
 * concentrator's TCP connection). Not thread-safe: one extractor per connection.
 *
 * <p>State machine: HUNT skips bytes (counted as noise) until a 68; HEADER waits for 6 bytes and
 * checks the second 68, the two equal L copies, the protocol identifier and L against the limit
 * (an oversize L is rejected at once, without waiting for its bytes); BODY waits for the rest and
 * checks CS and 16, then decodes the content. A candidate failing a framing check loses its first
 * 68 and the search resumes at the next 68 already buffered, so a false 68 never hides a real
 * frame behind it; the false starts met inside a frame already dropped are the same corruption and
 * are not counted again. A frame whose framing holds but whose content cannot be decoded (a DA/DT
 * naming nothing, AUX longer than the frame) is dropped whole. Every decision depends only on the
 * bytes: feeding a stream whole, byte by byte or split anywhere gives the same frames and counts.
 *
 * <p>The buffer grows with the candidate and is released after a large frame, so an idle
 * connection holds almost nothing.
 *
 * <table>
 * <tr><th>limit</th><th>default</th><th>meaning</th></tr>
 * <tr><td>maxUserDataLength</td><td>{@value Gw376Limits#MAX_USER_DATA_LENGTH}</td><td>largest L accepted; the buffer never exceeds 8 + this</td></tr>
 * </table>
 */
public final class Gw376Extractor {

    /** Receives what the extractor finds. Called on the feeding thread. */
    public interface Sink {
        void frame(Gw376Frame frame);

        /** A candidate frame was dropped; {@code bytes} were discarded with it. */
        default void dropped(Reason reason, int bytes) {
        }
    }

    private static final byte[] NONE = new byte[0];
    /** A buffer larger than this is released once empty. */
    private static final int RETAIN = 256;

    private final int maxUserDataLength;
    private byte[] buf = NONE;
    private int len;
    private boolean headerChecked;
    private long frames;
    private long noiseBytes;
    private final Drops<Reason> drops = new Drops<>(Reason.class);

    public Gw376Extractor() {
        this(Gw376Limits.MAX_USER_DATA_LENGTH);
    }

    public Gw376Extractor(int maxUserDataLength) {
        if (maxUserDataLength < Gw376Limits.MIN_USER_DATA_LENGTH || maxUserDataLength > Gw376Limits.MAX_USER_DATA_LENGTH) {
            throw new IllegalArgumentException("maxUserDataLength is " + Gw376Limits.MIN_USER_DATA_LENGTH + ".."
                    + Gw376Limits.MAX_USER_DATA_LENGTH + ", got " + maxUserDataLength);
        }
        this.maxUserDataLength = maxUserDataLength;
    }

    public void feed(byte[] in, Sink sink) {
        feed(in, 0, in.length, sink);
    }

    public void feed(byte[] in, int off, int n, Sink sink) {
        int i = off, end = off + n;
        while (i < end) {
            if (len == 0) {
                int j = i;
                while (j < end && in[j] != (byte) START) {
                    j++;
                }
                noiseBytes += j - i;
                i = j;
                if (i == end) {
                    break;
                }
                int taken = wholeFrameAt(in, i, end, sink);
                if (taken > 0) {
                    i += taken;
                    continue;
                }
                ensure(HEADER);
                buf[len++] = (byte) START;
                i++;
                continue;
            }
            int need = len < HEADER ? HEADER : OVERHEAD + Gw376Decoder.userDataLength(buf, 0);
            ensure(need);
            int take = Math.min(need - len, end - i);
            System.arraycopy(in, i, buf, len, take);
            len += take;
            i += take;
            decideWhileReady(sink);
        }
    }

    /**
     * Fast path for a frame lying wholly in {@code in[p, end)} with its framing intact: decided in
     * place, exactly as the buffered path would decide it. Returns the bytes taken, 0 to buffer.
     */
    private int wholeFrameAt(byte[] in, int p, int end, Sink sink) {
        if (end - p < HEADER || Gw376Decoder.headerProblem(in, p, maxUserDataLength) != null) {
            return 0;
        }
        int l = Gw376Decoder.userDataLength(in, p);
        int total = OVERHEAD + l;
        if (end - p < total || !framingOk(in, p, l)) {
            return 0;
        }
        deliver(in, p, l, sink);
        return total;
    }

    private static boolean framingOk(byte[] b, int p, int l) {
        return (b[p + HEADER + l] & 0xFF) == Gw376Decoder.checksum(b, p + HEADER, l) && (b[p + HEADER + l + 1] & 0xFF) == END;
    }

    /** Decodes a frame whose framing holds; a content failure drops it whole. */
    private void deliver(byte[] b, int p, int l, Sink sink) {
        Gw376Frame f;
        try {
            f = Gw376Decoder.body(b, p, l);
        } catch (Gw376Exception e) {
            // The buffer is empty, so no shadow: the drop counts.
            if (drops.drop(e.reason(), 0)) {
                sink.dropped(e.reason(), OVERHEAD + l);
            }
            return;
        }
        frames++;
        sink.frame(f);
    }

    private void ensure(int capacity) {
        if (buf.length < capacity) {
            int max = OVERHEAD + maxUserDataLength;
            buf = Arrays.copyOf(buf, Math.max(capacity, Math.min(max, Math.max(64, buf.length * 2))));
        }
    }

    /** Decides on the buffered candidate while enough bytes are there; then the buffer is empty or waits for more. */
    private void decideWhileReady(Sink sink) {
        while (len >= HEADER) {
            if (!headerChecked) {
                Reason bad = Gw376Decoder.headerProblem(buf, 0, maxUserDataLength);
                if (bad != null) {
                    reject(bad, sink, 0);
                    continue;
                }
                headerChecked = true;
            }
            int l = Gw376Decoder.userDataLength(buf, 0);
            int total = OVERHEAD + l;
            if (len < total) {
                return;
            }
            if (!framingOk(buf, 0, l)) {
                // A bad CS is reported before a bad end, as the decoder does.
                boolean csOk = (buf[HEADER + l] & 0xFF) == Gw376Decoder.checksum(buf, HEADER, l);
                reject(csOk ? Reason.BAD_END : Reason.BAD_CHECKSUM, sink, total);
                continue;
            }
            Gw376Frame f = null;
            Reason failed = null;
            try {
                f = Gw376Decoder.body(buf, 0, l);
            } catch (Gw376Exception e) {
                failed = e.reason();
            }
            // Inside a frame already dropped for CS or 16, a failure is the same corruption: not counted again.
            boolean counted = failed != null && drops.drop(failed, 0);
            discard(total);
            skipToStart(false);
            if (f != null) {
                frames++;
                sink.frame(f);
            } else if (counted) {
                sink.dropped(failed, total);
            }
        }
        if (len == 0 && buf.length > RETAIN) {
            buf = NONE;
        }
    }

    /**
     * Drops the candidate's leading 68 and everything up to the next buffered 68; {@code covered}
     * bytes of it (a whole frame that failed CS or 16) cast a shadow in which later drops are silent.
     */
    private void reject(Reason reason, Sink sink, int covered) {
        boolean counted = drops.drop(reason, covered);
        discard(1);
        int skipped = 1 + skipToStart(true);
        if (counted) {
            sink.dropped(reason, skipped);
        }
    }

    private void discard(int n) {
        drops.shift(n);
        if (n < len) {
            System.arraycopy(buf, n, buf, 0, len - n);
        }
        len -= n;
        headerChecked = false;
    }

    /** Skips buffered bytes up to the next 68; returns how many. Counts noise unless they belong to a drop. */
    private int skipToStart(boolean partOfDrop) {
        int k = 0;
        while (k < len && buf[k] != (byte) START) {
            k++;
        }
        if (!partOfDrop) {
            noiseBytes += k;
        }
        if (k > 0) {
            discard(k);
        }
        return k;
    }

    /** Frames delivered so far. */
    public long frames() {
        return frames;
    }

    /** Bytes skipped while hunting that belonged to no candidate frame. */
    public long noiseBytes() {
        return noiseBytes;
    }

    /** Candidates dropped for {@code reason} so far. */
    public long dropped(Reason reason) {
        return drops.dropped(reason);
    }

    /** Bytes held for an incomplete candidate; never more than 8 + maxUserDataLength. */
    public int buffered() {
        return len;
    }

    /** Forgets a partial candidate, e.g. after the connection was reset. */
    public void reset() {
        len = 0;
        drops.clearShadow();
        headerChecked = false;
        buf = NONE;
    }
}
