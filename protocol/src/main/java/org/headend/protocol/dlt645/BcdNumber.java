package org.headend.protocol.dlt645;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;

/**
 * Reading BCD numbers (§1.7), the hot path of every energy reply: bytes go low byte first, two
 * digits each; a signed format keeps the sign in bit 7 of the most significant byte. Split from
 * {@link DataFormat} so that the fast read stays small enough to inline.
 */
final class BcdNumber {

    /** Marks a number with a non-BCD byte (all FF included); no BCD number of 8 bytes reaches it. */
    static final long INVALID = Long.MIN_VALUE;

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

    private BcdNumber() {
    }

    /**
     * The {@code bytes}-byte BCD number at {@code off}, or {@link #INVALID}. Most significant byte
     * first; a signed format drops bit 7 of that byte and negates. Any -1 from the table makes the
     * OR negative.
     */
    static long read(byte[] data, int off, int bytes, boolean signed) {
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

    /** The error for a number that {@link #read} found invalid: names the first bad byte and the format. */
    static Dlt645Exception notBcd(byte[] data, int off, int bytes, boolean signed, String pattern) {
        for (int i = bytes - 1; i >= 0; i--) {
            int b = data[off + i] & 0xFF;
            if (BCD_VALUE[signed && i == bytes - 1 ? b & 0x7F : b] < 0) {
                return new Dlt645Exception(Reason.BAD_VALUE, String.format("byte %02X at offset %d is not BCD in format %s",
                        b, off + i, pattern));
            }
        }
        throw new IllegalStateException("no bad byte at offset " + off + " in " + pattern);
    }
}
