package org.headend.protocol.dlt645;

import static org.headend.protocol.dlt645.Dlt645Limits.END;
import static org.headend.protocol.dlt645.Dlt645Limits.MAX_DATA_LENGTH;
import static org.headend.protocol.dlt645.Dlt645Limits.OVERHEAD;
import static org.headend.protocol.dlt645.Dlt645Limits.PREAMBLE;
import static org.headend.protocol.dlt645.Dlt645Limits.SCRAMBLE;
import static org.headend.protocol.dlt645.Dlt645Limits.START;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;

/**
 * Bytes to {@link Dlt645Frame} and back (protocols.md §1.2). Stateless; safe to share.
 *
 * <p>Encoding: the requested number of FE bytes, 68, address low byte first, 68, C, L, data
 * each +0x33, CS (sum mod 256 from the first 68 through the last data byte), 16.
 * Decoding accepts any number of leading FE bytes and verifies every structural rule.
 */
public final class Dlt645FrameCodec {

    private Dlt645FrameCodec() {
    }

    public static int encodedLength(Dlt645Frame frame, int preamble) {
        return preamble + OVERHEAD + frame.dataLength();
    }

    /** Encodes with {@code preamble} FE bytes in front (0..4; meters and masters usually send 4). */
    public static byte[] encode(Dlt645Frame frame, int preamble) {
        byte[] out = new byte[encodedLength(frame, preamble)];
        encode(frame, preamble, out, 0);
        return out;
    }

    /** Encodes into {@code out} at {@code off}; returns the number of bytes written. */
    public static int encode(Dlt645Frame frame, int preamble, byte[] out, int off) {
        if (preamble < 0 || preamble > Dlt645Limits.MAX_PREAMBLE) {
            throw new IllegalArgumentException("preamble is 0.." + Dlt645Limits.MAX_PREAMBLE + " FE bytes, got " + preamble);
        }
        int p = off;
        for (int i = 0; i < preamble; i++) {
            out[p++] = (byte) PREAMBLE;
        }
        int start = p;
        out[p++] = START;
        frame.address().writeWire(out, p);
        p += Dlt645Address.WIRE_LENGTH;
        out[p++] = START;
        out[p++] = (byte) frame.control().value();
        byte[] data = frame.dataUnsafe();
        out[p++] = (byte) data.length;
        for (byte b : data) {
            out[p++] = (byte) (b + SCRAMBLE);
        }
        out[p] = (byte) checksum(out, start, p - start);
        p++;
        out[p++] = END;
        return p - off;
    }

    /** Decodes exactly one frame, with any number of FE bytes before it and nothing after it. */
    public static Dlt645Frame decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes exactly one frame occupying {@code bytes[off, off+len)} after optional FE bytes. */
    public static Dlt645Frame decode(byte[] bytes, int off, int len) {
        int p = frameStart(bytes, off, len);
        return decodeChecked(bytes, p, bytes[p + 9] & 0xFF);
    }

    /**
     * Where the first 68 of the one frame in {@code bytes[off, off+len)} is, after optional FE
     * bytes, once the two 68s, L against its limit and the length against L are checked. The
     * address, CS and 16 are left to {@link #decodeChecked} (or to a decoder that fuses them).
     */
    static int frameStart(byte[] bytes, int off, int len) {
        int p = off, end = off + len;
        while (p < end && (bytes[p] & 0xFF) == PREAMBLE) {
            p++;
        }
        int n = end - p;
        if (n < OVERHEAD) {
            throw new Dlt645Exception(Reason.TRUNCATED, n + " bytes after the preamble, a frame has at least " + OVERHEAD);
        }
        int l = bytes[p + 9] & 0xFF;
        if ((bytes[p] & 0xFF) != START || (bytes[p + 7] & 0xFF) != START) {
            throw new Dlt645Exception(Reason.BAD_START, "expected 68 at offsets 0 and 7 of the frame");
        }
        if (l > MAX_DATA_LENGTH) {
            throw new Dlt645Exception(Reason.TOO_LONG, "L=" + l + " exceeds " + MAX_DATA_LENGTH);
        }
        if (n < OVERHEAD + l) {
            throw new Dlt645Exception(Reason.TRUNCATED, "L=" + l + " needs " + (OVERHEAD + l) + " bytes, got " + n);
        }
        if (n > OVERHEAD + l) {
            throw new Dlt645Exception(Reason.BAD_LENGTH, "L=" + l + " gives a frame of " + (OVERHEAD + l)
                    + " bytes but " + n + " bytes follow the preamble");
        }
        return p;
    }

    /**
     * Decodes the frame whose first 68 is at {@code p} and whose L is {@code l}; the caller has
     * checked that the bytes are there.
     */
    static Dlt645Frame decodeChecked(byte[] bytes, int p, int l) {
        long nibbles = Dlt645Address.wireNibbles(bytes, p + 1);
        boolean addressOk = Dlt645Address.badNibbles(nibbles) == 0;
        boolean endOk = (bytes[p + 11 + l] & 0xFF) == END;
        if (addressOk && endOk) {
            Dlt645Frame f = buildIfChecksum(bytes, p, l, new Dlt645Address(nibbles));
            if (f != null) {
                return f;
            }
        }
        // Failed: report in the order CS, end, address, as before the checks were fused.
        int cs = checksum(bytes, p, 10 + l);
        if ((bytes[p + 10 + l] & 0xFF) != cs) {
            throw new Dlt645Exception(Reason.BAD_CHECKSUM, String.format("CS is %02X, the bytes sum to %02X",
                    bytes[p + 10 + l] & 0xFF, cs));
        }
        if (!endOk) {
            throw new Dlt645Exception(Reason.BAD_END, String.format("expected 16 after CS, got %02X", bytes[p + 11 + l] & 0xFF));
        }
        throw new Dlt645Exception(Reason.BAD_ADDRESS, "address bytes are neither BCD nor AA: "
                + java.util.HexFormat.of().withUpperCase().formatHex(bytes, p + 1, p + 7));
    }

    /**
     * Builds the frame whose first 68 is at {@code p} if its CS is right, else returns null. The
     * caller has checked the two 68s, the address ({@code address} is it), L and the 16. Summing
     * and removing 0x33 share one pass over the data field; a frame with a bad CS costs a data
     * array that is dropped at once (rare, and the extractor then drops the candidate).
     */
    static Dlt645Frame buildIfChecksum(byte[] bytes, int p, int l, Dlt645Address address) {
        byte[] data = dataIfChecksum(bytes, p, l);
        return data == null ? null : new Dlt645Frame(address, ControlCode.of(bytes[p + 8] & 0xFF), data, true);
    }

    /**
     * The data field, 0x33 removed, of the frame whose first 68 is at {@code p} if its CS is right,
     * else null; the caller has checked that the {@code 12 + l} bytes are there.
     */
    static byte[] dataIfChecksum(byte[] bytes, int p, int l) {
        // 68, then address, 68 and C in one 8-byte load (the caller has 12 + l bytes from p), then L.
        int sum = bytes[p] + byteSum((long) LONG_LE.get(bytes, p + 1)) + bytes[p + 9];
        byte[] data = new byte[l];
        int q = p + 10;
        int i = 0;
        for (; i + Long.BYTES <= l; i += Long.BYTES) {
            long x = (long) LONG_LE.get(bytes, q + i);
            sum += byteSum(x);
            LONG_LE.set(data, i, unscramble(x));
        }
        for (; i < l; i++) {
            byte b = bytes[q + i];
            sum += b;
            data[i] = (byte) (b - SCRAMBLE);
        }
        return (sum & 0xFF) == (bytes[q + l] & 0xFF) ? data : null;
    }

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BYTES = 0x00FF00FF00FF00FFL;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long SCRAMBLES = 0x3333333333333333L;

    /** The sum of the 8 bytes of {@code x} (0..2040): pairs into 16-bit lanes, then one multiply adds the lanes. */
    static int byteSum(long x) {
        long lanes = (x & LOW_BYTES) + ((x >>> 8) & LOW_BYTES);
        return (int) ((lanes * 0x0001000100010001L) >>> 48);
    }

    /** Each of the 8 bytes minus 0x33 mod 256, without a borrow crossing into the next byte. */
    static long unscramble(long x) {
        return ((x | HIGH_BITS) - SCRAMBLES) ^ ((x ^ ~SCRAMBLES) & HIGH_BITS);
    }

    /** Sum mod 256 of {@code len} bytes from {@code off}. */
    public static int checksum(byte[] b, int off, int len) {
        int s = 0;
        for (int i = off; i < off + len; i++) {
            s += b[i];
        }
        return s & 0xFF;
    }
}
