package org.headend.protocol.dlt645;

import static org.headend.protocol.dlt645.Dlt645Limits.OVERHEAD;
import static org.headend.protocol.dlt645.Dlt645Limits.PREAMBLE;
import static org.headend.protocol.dlt645.Dlt645Limits.START;

import org.headend.protocol.dlt645.Dlt645Exception.Reason;
import org.headend.protocol.wire.Drops;

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
 * whole, byte by byte or split anywhere gives the same frames and the same counts. A valid frame
 * lying wholly inside one input chunk is built in place (same checks, no copy through the buffer).
 * {@link #lastPreamble()} tells how many FE bytes preceded the frame just delivered.
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
    /** FE bytes seen in a row while hunting; they become the preamble of the next candidate. */
    private int feRun;
    private int candidatePreamble;
    private int lastPreamble;
    private Dlt645Address lastAddress;
    private final Drops<Reason> drops = new Drops<>(Reason.class);

    public Dlt645Extractor() {
        this(Dlt645Limits.MAX_DATA_LENGTH);
    }

    public Dlt645Extractor(int maxDataLength) {
        // A frame holds at most MAX_DATA_LENGTH data bytes (§1.2), so a larger limit could only fail later.
        if (maxDataLength < 0 || maxDataLength > Dlt645Limits.MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("maxDataLength is 0.." + Dlt645Limits.MAX_DATA_LENGTH + ", got " + maxDataLength);
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
                int b = in[i] & 0xFF;
                if (b == START) {
                    Dlt645Frame f = wholeFrameAt(in, i, end);
                    if (f != null) {
                        // Fast path: the frame lies wholly in this chunk and is valid, so it is
                        // built in place without passing through the buffer. The decision is the
                        // one the buffered path would make, so chunking still changes nothing.
                        frames++;
                        lastPreamble = feRun;
                        feRun = 0;
                        i += OVERHEAD + f.dataLength();
                        sink.frame(f);
                        continue;
                    }
                    i++;
                    buf[len++] = (byte) START;
                    candidatePreamble = feRun;
                    feRun = 0;
                } else if (b == PREAMBLE) {
                    // The preamble in a tight loop: four FE before nearly every frame.
                    int j = i + 1;
                    while (j < end && in[j] == (byte) PREAMBLE) {
                        j++;
                    }
                    feRun += j - i;
                    i = j;
                } else {
                    i++;
                    noiseBytes++;
                    feRun = 0;
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
     * The valid frame whose first 68 is at {@code p} when all of it is in {@code in[p, end)},
     * else null; applies exactly the checks of the buffered path.
     */
    private Dlt645Frame wholeFrameAt(byte[] in, int p, int end) {
        if (end - p < OVERHEAD) {
            return null;
        }
        int l = in[p + 9] & 0xFF;
        if (l > maxDataLength || end - p < OVERHEAD + l || (in[p + 7] & 0xFF) != START
                || (in[p + 11 + l] & 0xFF) != Dlt645Limits.END) {
            return null;
        }
        Dlt645Address a = address(in, p + 1);
        return a == null ? null : Dlt645FrameCodec.buildIfChecksum(in, p, l, a);
    }

    /**
     * The address at {@code off}, or null when it is not BCD/AA. Consecutive frames on one
     * connection mostly come from one meter, so the last address is reused rather than allocated.
     */
    private Dlt645Address address(byte[] b, int off) {
        long nibbles = Dlt645Address.wireNibbles(b, off);
        Dlt645Address last = lastAddress;
        if (last != null && last.nibbles() == nibbles) {
            return last;
        }
        if (Dlt645Address.badNibbles(nibbles) != 0) {
            return null;
        }
        return lastAddress = new Dlt645Address(nibbles);
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
                    reject(bad, sink, 0);
                    continue;
                }
                headerChecked = true;
            }
            int frameLength = OVERHEAD + (buf[9] & 0xFF);
            if (len < frameLength) {
                return;
            }
            // Checked here rather than by catching the codec's exception: a bad frame is normal
            // traffic for an extractor, not an exceptional path (style.md, protocol).
            int l = buf[9] & 0xFF;
            boolean endOk = (buf[11 + l] & 0xFF) == Dlt645Limits.END;
            // The header check passed, so the address is valid; CS is summed while 0x33 is removed.
            Dlt645Frame f = endOk ? Dlt645FrameCodec.buildIfChecksum(buf, 0, l, address(buf, 1)) : null;
            if (f == null) {
                // A bad CS is reported before a bad end, as the codec does.
                boolean csOk = (buf[10 + l] & 0xFF) == Dlt645FrameCodec.checksum(buf, 0, 10 + l);
                reject(endOk || !csOk ? Reason.BAD_CHECKSUM : Reason.BAD_END, sink, frameLength);
                continue;
            }
            frames++;
            lastPreamble = candidatePreamble;
            discard(frameLength);
            skipToStart(false);
            sink.frame(f);
        }
    }

    private Reason checkHeader() {
        if ((buf[7] & 0xFF) != START) {
            return Reason.BAD_START;
        }
        if (!Dlt645Address.isWire(buf, 1)) {
            return Reason.BAD_ADDRESS;
        }
        if ((buf[9] & 0xFF) > maxDataLength) {
            return Reason.TOO_LONG;
        }
        return null;
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

    /** Skips buffered bytes up to the next 68; returns how many. Counts noise unless they belong to a dropped candidate. */
    private int skipToStart(boolean partOfDrop) {
        int k = 0;
        int run = 0;
        while (k < len && (buf[k] & 0xFF) != START) {
            boolean fe = (buf[k] & 0xFF) == PREAMBLE;
            if (!partOfDrop && !fe) {
                noiseBytes++;
            }
            run = fe ? run + 1 : 0;
            k++;
        }
        if (k < len) {
            candidatePreamble = run;
        } else {
            feRun = run;
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
        return drops.dropped(reason);
    }

    /**
     * FE bytes directly before the 68 of the frame last delivered (0..n), e.g. for a decode report.
     * Valid inside {@link Sink#frame} and until the next frame.
     */
    public int lastPreamble() {
        return lastPreamble;
    }

    /** Bytes held for an incomplete candidate; never more than 12 + maxDataLength. */
    public int buffered() {
        return len;
    }

    /** Forgets a partial candidate, e.g. after the connection was reset. */
    public void reset() {
        len = 0;
        drops.clearShadow();
        headerChecked = false;
        feRun = 0;
    }
}
