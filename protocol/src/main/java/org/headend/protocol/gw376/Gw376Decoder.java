package org.headend.protocol.gw376;

import static org.headend.protocol.gw376.Gw376Limits.END;
import static org.headend.protocol.gw376.Gw376Limits.FIXED;
import static org.headend.protocol.gw376.Gw376Limits.HEADER;
import static org.headend.protocol.gw376.Gw376Limits.OVERHEAD;
import static org.headend.protocol.gw376.Gw376Limits.START;

import java.util.List;
import org.headend.protocol.gw376.Gw376Exception.Reason;
import org.headend.protocol.wire.Octets;

/**
 * Bytes to {@link Gw376Frame} (protocols.md §3.1–3.9). Stateless. Checks, in order: 68 at 0 and 5,
 * the two L copies equal, protocol identifier 1 or 2, user-data length within 8..limit, the length
 * of the input, CS (sum of the user data mod 256), 16; then C, A, AFN, SEQ, the data units and the
 * AUX tail whose parts C, AFN and SEQ announce. Unknown AFN/Fn become raw units, never failures.
 */
public final class Gw376Decoder {

    private Gw376Decoder() {
    }

    /** Decodes exactly one frame. */
    public static Gw376Frame decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes exactly one frame occupying {@code bytes[off, off+len)}. */
    public static Gw376Frame decode(byte[] bytes, int off, int len) {
        if (len < HEADER) {
            throw new Gw376Exception(Reason.TRUNCATED, len + " bytes, a frame header has " + HEADER);
        }
        Reason bad = headerProblem(bytes, off, Gw376Limits.MAX_USER_DATA_LENGTH);
        if (bad != null) {
            throw new Gw376Exception(bad, headerMessage(bad, bytes, off));
        }
        int l = userDataLength(bytes, off);
        if (len < l + OVERHEAD) {
            throw new Gw376Exception(Reason.TRUNCATED, "L = " + l + " needs " + (l + OVERHEAD) + " bytes, got " + len);
        }
        if (len > l + OVERHEAD) {
            throw new Gw376Exception(Reason.BAD_LENGTH, "L = " + l + " gives a frame of " + (l + OVERHEAD) + " bytes but "
                    + len + " bytes were given");
        }
        int cs = checksum(bytes, off + HEADER, l);
        if ((bytes[off + HEADER + l] & 0xFF) != cs) {
            throw new Gw376Exception(Reason.BAD_CHECKSUM, String.format("CS is %02X, the user data sum to %02X",
                    bytes[off + HEADER + l] & 0xFF, cs));
        }
        if ((bytes[off + HEADER + l + 1] & 0xFF) != END) {
            throw new Gw376Exception(Reason.BAD_END, String.format("expected 16 after CS, got %02X", bytes[off + HEADER + l + 1] & 0xFF));
        }
        return body(bytes, off, l);
    }

    /** User-data length from the first L copy (D15..D2). */
    static int userDataLength(byte[] b, int off) {
        return ((b[off + 1] & 0xFF) | (b[off + 2] & 0xFF) << 8) >>> 2;
    }

    /** What is wrong with the 6-byte header at {@code off}, or null; L is checked against {@code maxUserDataLength} at once. */
    static Reason headerProblem(byte[] b, int off, int maxUserDataLength) {
        if ((b[off] & 0xFF) != START || (b[off + 5] & 0xFF) != START) {
            return Reason.BAD_START;
        }
        if (b[off + 1] != b[off + 3] || b[off + 2] != b[off + 4]) {
            return Reason.BAD_LENGTH;
        }
        int id = b[off + 1] & 0x03;
        if (id != Gw376Limits.PROTOCOL_1376_1 && id != Gw376Limits.PROTOCOL_130) {
            return Reason.BAD_PROTOCOL_ID;
        }
        int l = userDataLength(b, off);
        if (l < Gw376Limits.MIN_USER_DATA_LENGTH) {
            return Reason.BAD_LENGTH;
        }
        return l > maxUserDataLength ? Reason.TOO_LONG : null;
    }

    private static String headerMessage(Reason r, byte[] b, int off) {
        return switch (r) {
            case BAD_START -> String.format("expected 68 at offsets 0 and 5, got %02X and %02X", b[off] & 0xFF, b[off + 5] & 0xFF);
            case BAD_PROTOCOL_ID -> "protocol identifier " + (b[off + 1] & 3) + " is neither 1 (Q/GDW 130) nor 2 (1376.1)";
            case BAD_LENGTH -> String.format("L copies %02X%02X and %02X%02X must be equal and give at least %d bytes of user data",
                    b[off + 2] & 0xFF, b[off + 1] & 0xFF, b[off + 4] & 0xFF, b[off + 3] & 0xFF, Gw376Limits.MIN_USER_DATA_LENGTH);
            default -> "L = " + userDataLength(b, off) + " exceeds " + Gw376Limits.MAX_USER_DATA_LENGTH;
        };
    }

    /** Sum mod 256 of {@code len} bytes from {@code off}. */
    static int checksum(byte[] b, int off, int len) {
        int s = 0;
        for (int i = off; i < off + len; i++) {
            s += b[i];
        }
        return s & 0xFF;
    }

    /**
     * The frame whose header at {@code off} announced {@code l} bytes of user data; header, CS and
     * 16 are checked. Throws for a user-data area that cannot hold what C, AFN and SEQ announce.
     */
    static Gw376Frame body(byte[] b, int off, int l) {
        int p = off + HEADER;
        Gw376Control c = new Gw376Control(b[p] & 0xFF);
        int region = (b[p + 1] & 0xFF) | (b[p + 2] & 0xFF) << 8;
        int terminal = (b[p + 3] & 0xFF) | (b[p + 4] & 0xFF) << 8;
        int a3 = b[p + 5] & 0xFF;
        Gw376Address address = new Gw376Address(region, terminal, a3 >>> 1, (a3 & 1) != 0);
        int afn = b[p + 6] & 0xFF;
        Gw376Seq seq = Gw376Seq.of(b[p + 7] & 0xFF);
        int tail = (seq.tpv() ? Gw376Limits.TP_LENGTH : 0) + (c.acd() ? Gw376Limits.EC_LENGTH : 0);
        int pwLength = 0;
        if (!c.up() && Gw376Afn.downlinkHasPw(afn)) {
            // 16 bytes (§3.7); a frame too short for them but long enough for 2 is a vendor's old-style PW.
            pwLength = l - FIXED - tail >= Gw376Limits.PW_LENGTH ? Gw376Limits.PW_LENGTH : Gw376Limits.SHORT_PW_LENGTH;
        }
        tail += pwLength;
        if (l - FIXED < tail) {
            throw new Gw376Exception(Reason.BAD_LENGTH, String.format("L = %d cannot hold the header (%d) and the AUX (%d bytes) that C %s,"
                    + " AFN %02X and SEQ %s announce", l, FIXED, tail, c, afn, seq));
        }
        int dataEnd = p + l - tail;
        List<Gw376Group> groups = Gw376Units.decode(b, p + FIXED, dataEnd, c.up(), afn);
        int q = dataEnd;
        Octets pw = null;
        if (pwLength > 0) {
            pw = Octets.of(b, q, pwLength);
            q += pwLength;
        }
        Gw376Frame.EventCounters ec = null;
        if (c.acd()) {
            ec = new Gw376Frame.EventCounters(b[q] & 0xFF, b[q + 1] & 0xFF);
            q += Gw376Limits.EC_LENGTH;
        }
        Gw376Tp tp = seq.tpv() ? Gw376Formats.tp(b, q) : null;
        return new Gw376Frame(b[off + 1] & 0x03, c, address, afn, seq, groups, pw, ec, tp);
    }
}
