package org.headend.protocol.dlt645;

import static org.headend.protocol.dlt645.Dlt645Limits.OVERHEAD;
import static org.headend.protocol.dlt645.Dlt645Limits.PREAMBLE;
import static org.headend.protocol.dlt645.Dlt645Limits.START;

import java.util.EnumMap;
import java.util.Map;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;

/**
 * Cuts verified DL/T 645 frames out of a byte stream that arrives in arbitrary chunks
 * (a TCP gateway, a serial line). Not thread-safe: one extractor per connection.
 *
 * <p>State machine: HUNT skips FE preamble bytes silently and other bytes as noise until a 68;
 * HEADER waits for 10 bytes and checks the second 68, the address and L against the limit
 * (an oversize L is rejected at once, without waiting for its bytes); BODY waits for the rest
 * and checks CS and 16. On any failure the candidate's first 68 is dropped and the search
 * resumes at the next 68 already buffered, so a false 68 never hides a real frame behind it.
 * Every decision depends only on the bytes, never on how they were chunked: feeding a stream
 * whole, byte by byte or split anywhere gives the same frames and the same counts.
 *
 * <table>
 * <tr><th>limit</th><th>default</th><th>meaning</th></tr>
 * <tr><td>maxDataLength</td><td>{@value Dlt645Limits#MAX_DATA_LENGTH}</td><td>largest L accepted; the buffer never exceeds 12 + this</td></tr>
 * </table>
 */
public final class Dlt645Extractor {

    /** Receives what the extractor finds. Called on the feeding thread. */
    public interface Sink {
        void frame(Dlt645Frame frame);

        /** A candidate frame was dropped; {@code bytes} were discarded with it. */
        default void dropped(Reason reason, int bytes) {
        }
    }

    private static final int HEADER = 10;

    private final int maxDataLength;
    private final byte[] buf;
    private int len;
    private boolean headerChecked;
    private long frames;
    private long noiseBytes;
    private final Map<Reason, Long> drops = new EnumMap<>(Reason.class);

    public Dlt645Extractor() {
        this(Dlt645Limits.MAX_DATA_LENGTH);
    }

    public Dlt645Extractor(int maxDataLength) {
        if (maxDataLength < 0 || maxDataLength > 255) {
            throw new IllegalArgumentException("maxDataLength is 0..255 (L is one byte), got " + maxDataLength);
        }
        this.maxDataLength = maxDataLength;
        this.buf = new byte[OVERHEAD + maxDataLength];
    }

    public void feed(byte[] in, Sink sink) {
        feed(in, 0, in.length, sink);
    }

    public void feed(byte[] in, int off, int n, Sink sink) {
        int i = off, end = off + n;
        while (i < end) {
            if (len == 0) {
                int b = in[i++] & 0xFF;
                if (b == START) {
                    buf[len++] = (byte) START;
                } else if (b != PREAMBLE) {
                    noiseBytes++;
                }
                continue;
            }
            int need = len < HEADER ? HEADER : OVERHEAD + (buf[9] & 0xFF);
            int take = Math.min(need - len, end - i);
            System.arraycopy(in, i, buf, len, take);
            len += take;
            i += take;
            decideWhileReady(sink);
        }
    }

    /**
     * Decides on the buffered candidate as long as enough bytes are there. On return the buffer
     * is empty or holds a candidate with a checked header that needs more bytes.
     */
    private void decideWhileReady(Sink sink) {
        while (len >= HEADER) {
            if (!headerChecked) {
                Reason bad = checkHeader();
                if (bad != null) {
                    reject(bad, sink);
                    continue;
                }
                headerChecked = true;
            }
            int frameLength = OVERHEAD + (buf[9] & 0xFF);
            if (len < frameLength) {
                return;
            }
            Dlt645Frame f;
            try {
                f = Dlt645FrameCodec.decodeChecked(buf, 0, buf[9] & 0xFF);
            } catch (Dlt645Exception e) {
                reject(e.reason(), sink);
                continue;
            }
            frames++;
            discard(frameLength);
            skipToStart(false);
            sink.frame(f);
        }
    }

    private Reason checkHeader() {
        if ((buf[7] & 0xFF) != START) {
            return Reason.BAD_START;
        }
        if (Dlt645Address.readWire(buf, 1) == null) {
            return Reason.BAD_ADDRESS;
        }
        if ((buf[9] & 0xFF) > maxDataLength) {
            return Reason.TOO_LONG;
        }
        return null;
    }

    /** Drops the candidate's leading 68 and everything up to the next buffered 68. */
    private void reject(Reason reason, Sink sink) {
        drops.merge(reason, 1L, Long::sum);
        discard(1);
        int skipped = 1 + skipToStart(true);
        sink.dropped(reason, skipped);
    }

    private void discard(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
        headerChecked = false;
    }

    /** Skips buffered bytes up to the next 68; returns how many. Counts noise unless they belong to a dropped candidate. */
    private int skipToStart(boolean partOfDrop) {
        int k = 0;
        while (k < len && (buf[k] & 0xFF) != START) {
            if (!partOfDrop && (buf[k] & 0xFF) != PREAMBLE) {
                noiseBytes++;
            }
            k++;
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

    /** Bytes skipped while hunting that were neither FE nor part of a candidate frame. */
    public long noiseBytes() {
        return noiseBytes;
    }

    /** Candidates dropped for {@code reason} so far. */
    public long dropped(Reason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    /** Bytes held for an incomplete candidate; never more than 12 + maxDataLength. */
    public int buffered() {
        return len;
    }

    /** Forgets a partial candidate, e.g. after the connection was reset. */
    public void reset() {
        len = 0;
        headerChecked = false;
    }
}
