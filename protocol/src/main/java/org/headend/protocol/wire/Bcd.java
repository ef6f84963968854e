package org.headend.protocol.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * BCD numbers as both DL/T 645 (protocols.md §1.7) and Q/GDW 1376.1 (§3.9) send them: bytes go low
 * byte first, two digits each; a signed format keeps the sign in bit 7 of the most significant
 * byte. The read is the hot path of every energy reply, kept small enough to inline. Errors are
 * the caller's to report (each protocol has its own exception), so nothing here throws for bad
 * wire bytes.
 */
public final class Bcd {

    /** Marks a number with a non-BCD byte (all FF included); no BCD number of 8 bytes reaches it. */
    public static final long INVALID = Long.MIN_VALUE;

    /**
     * The value of each byte as two BCD digits (0..99), or -1 when a nibble is A..F. One lookup per
     * byte and an OR of the results replace two compares and a branch per nibble.
     */
    private static final byte[] BCD_VALUE = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            int hi = b >>> 4, lo = b & 0xF;
            BCD_VALUE[b] = (byte) (hi > 9 || lo > 9 ? -1 : hi * 10 + lo);
        }
    }

    /** Four bytes at once, low byte first (an energy value is 4 bytes, §5). */
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Bcd() {
    }

    /**
     * The {@code bytes}-byte BCD number at {@code off}, or {@link #INVALID}. Most significant byte
     * first; a signed format drops bit 7 of that byte and negates. Any -1 from the table makes the
     * OR negative.
     */
    public static long read(byte[] data, int off, int bytes, boolean signed) {
        if (bytes <= Integer.BYTES && off + Integer.BYTES <= data.length) {
            return readInt(data, off, bytes, signed);
        }
        int top = data[off + bytes - 1] & 0xFF;
        boolean negative = signed && top >= 0x80;
        int t = BCD_VALUE[signed ? top & 0x7F : top];
        int bad = t;
        long v = t;
        for (int i = off + bytes - 2; i >= off; i--) {
            t = BCD_VALUE[data[i] & 0xFF];
            bad |= t;
            v = v * 100 + t;
        }
        return bad < 0 ? INVALID : (negative ? -v : v);
    }

    /**
     * Up to 4 BCD bytes in one load: read low byte first, the int's hex digits are the decimal
     * digits. A nibble is A..F when bit 3 is set and the low three bits are >= 2 (adding 6 to
     * them, no carry into the next nibble, shows it in bit 3); then digits become pairs, pairs
     * become groups of four, groups the number: three multiplies for 8 digits, no loop.
     */
    private static long readInt(byte[] data, int off, int bytes, boolean signed) {
        int bits = 8 * bytes;
        int mask = bits == 32 ? -1 : (1 << bits) - 1;
        int x = (int) INT_LE.get(data, off) & mask;
        boolean negative = false;
        if (signed) {
            int sign = 1 << (bits - 1);
            negative = (x & sign) != 0;
            x &= ~sign;
        }
        if ((((x & 0x77777777) + 0x66666666) & x & 0x88888888) != 0) {
            return INVALID;
        }
        int pairs = (x & 0x0F0F0F0F) + ((x >>> 4) & 0x0F0F0F0F) * 10;
        int quads = (pairs & 0x00FF00FF) + ((pairs >>> 8) & 0x00FF00FF) * 100;
        long v = (quads & 0xFFFF) + (quads >>> 16) * 10000L;
        return negative ? -v : v;
    }

    /** Eight bytes at once, low byte first: two 4-byte numbers (an energy block is a run of them, §5). */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Two unsigned 4-byte BCD numbers side by side at {@code off} (the caller has 8 bytes there),
     * the first into {@code out[at]} and the second into {@code out[at + 1]}; false, writing
     * nothing, when a nibble is A..F (all FF included: the caller then reads each alone to say
     * which). The {@link #readInt} steps on 16 digits at once: no lane carries into the next,
     * since a valid byte is at most 99, a 16-bit lane 9999 and a 32-bit lane 99999999.
     */
    public static boolean readTwo(byte[] data, int off, long[] out, int at) {
        long x = (long) LONG_LE.get(data, off);
        if ((((x & 0x7777777777777777L) + 0x6666666666666666L) & x & 0x8888888888888888L) != 0) {
            return false;
        }
        long pairs = (x & 0x0F0F0F0F0F0F0F0FL) + ((x >>> 4) & 0x0F0F0F0F0F0F0F0FL) * 10;
        long quads = (pairs & 0x00FF00FF00FF00FFL) + ((pairs >>> 8) & 0x00FF00FF00FF00FFL) * 100;
        long octs = (quads & 0x0000FFFF0000FFFFL) + ((quads >>> 16) & 0x0000FFFF0000FFFFL) * 10000;
        out[at] = octs & 0xFFFFFFFFL;
        out[at + 1] = octs >>> 32;
        return true;
    }

    /** The two digits of one byte (0..99), or -1 when a nibble is A..F. */
    public static int digits(int b) {
        return BCD_VALUE[b & 0xFF];
    }

    /**
     * Offset of the first byte, most significant first, that makes the number at {@code off}
     * invalid (the sign bit of a signed format excepted), or -1: for the caller's error message.
     */
    public static int firstBadByte(byte[] data, int off, int bytes, boolean signed) {
        for (int i = bytes - 1; i >= 0; i--) {
            int b = data[off + i] & 0xFF;
            if (BCD_VALUE[signed && i == bytes - 1 ? b & 0x7F : b] < 0) {
                return off + i;
            }
        }
        return -1;
    }

    /**
     * Writes {@code magnitude} as {@code bytes} BCD bytes at {@code off}, low byte first, and sets
     * bit 7 of the top byte when {@code negative}. The caller has checked that it fits.
     */
    public static void write(long magnitude, boolean negative, byte[] out, int off, int bytes) {
        long m = magnitude;
        for (int i = 0; i < bytes; i++) {
            int two = (int) (m % 100);
            m /= 100;
            out[off + i] = (byte) (((two / 10) << 4) | (two % 10));
        }
        if (negative) {
            out[off + bytes - 1] |= (byte) 0x80;
        }
    }

    /** Writes two-digit BCD units (date and time fields) low unit first, one byte each. */
    public static void writeUnits(byte[] out, int off, int... units) {
        for (int i = 0; i < units.length; i++) {
            int u = units[i];
            if (u < 0 || u > 99) {
                throw new IllegalArgumentException("date/time unit " + u + " is outside 0..99 (years 2000..2099)");
            }
            out[off + i] = (byte) (((u / 10) << 4) | (u % 10));
        }
    }
}
