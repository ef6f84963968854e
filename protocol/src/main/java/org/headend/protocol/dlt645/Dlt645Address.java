package org.headend.protocol.dlt645;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A DL/T 645 communication address: the 12 digits printed on the meter, most significant first.
 *
 * <p>On the wire the 6 bytes go low byte first, two BCD digits each (protocols.md §1.2). The
 * address is held as 12 nibbles in a {@code long} so decoding allocates nothing but this record.
 * A nibble may be 0-9 or {@code A}: {@code AA} bytes are the wildcard of shortened addressing
 * (§1.5); {@code 999999999999} is the broadcast address.
 */
public record Dlt645Address(long nibbles) {

    public static final int WIRE_LENGTH = 6;
    public static final Dlt645Address BROADCAST = new Dlt645Address(0x999999999999L);
    public static final Dlt645Address WILDCARD = new Dlt645Address(0xAAAAAAAAAAAAL);

    /** Eight bytes at once, low byte first: the 6 address bytes in one load (hot path of every frame). */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long WIRE_MASK = 0xFFFFFFFFFFFFL;

    public Dlt645Address {
        if ((nibbles >>> 48) != 0) {
            throw new IllegalArgumentException("address has more than 12 digits: " + Long.toHexString(nibbles));
        }
        if (badNibbles(nibbles) != 0) {
            throw badDigit(nibbles);
        }
    }

    /**
     * Non-zero when a nibble of the 12 is B..F, i.e. neither a digit nor the wildcard A. Valid
     * nibbles are exactly 0..A, and n >= B holds when bit 3 is set and the low three bits are >= 3,
     * which adding 5 to each 3-bit part (no carry into the next nibble) shows in bit 3. No loop,
     * no branch: this runs for every frame.
     */
    static long badNibbles(long nibbles) {
        return nibbles & ((nibbles & 0x777777777777L) + 0x555555555555L) & 0x888888888888L;
    }

    private static IllegalArgumentException badDigit(long nibbles) {
        int shift = 4 * (Long.numberOfTrailingZeros(badNibbles(nibbles)) / 4);
        return new IllegalArgumentException("address digit " + Long.toHexString((nibbles >>> shift) & 0xF)
                + " is neither 0-9 nor the wildcard A: " + Long.toHexString(nibbles));
    }

    /** Parses the printed form; fewer than 12 digits are padded with leading zeros (§1.2). */
    public static Dlt645Address parse(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 12) {
            throw new IllegalArgumentException("a meter address has 1 to 12 digits, got '" + text + "'");
        }
        long v = 0;
        for (int i = 0; i < t.length(); i++) {
            int d = Character.digit(t.charAt(i), 16);
            if (d < 0 || (d > 9 && d != 0xA)) {
                throw new IllegalArgumentException("a meter address has digits 0-9 (or A for the wildcard), got '" + text + "'");
            }
            v = (v << 4) | d;
        }
        return new Dlt645Address(v);
    }

    /** Reads 6 wire bytes, low byte first. Returns null when a byte is neither BCD nor AA. */
    static Dlt645Address readWire(byte[] b, int off) {
        long v = wireNibbles(b, off);
        return badNibbles(v) != 0 ? null : new Dlt645Address(v);
    }

    /** Whether 6 wire bytes are a valid address (BCD or AA), without building one. */
    static boolean isWire(byte[] b, int off) {
        return badNibbles(wireNibbles(b, off)) == 0;
    }

    /** The 6 wire bytes at {@code off} as 12 nibbles, unchecked; one 8-byte load when the array has room. */
    static long wireNibbles(byte[] b, int off) {
        if (off >= 0 && off + Long.BYTES <= b.length) {
            return (long) LONG_LE.get(b, off) & WIRE_MASK;
        }
        long v = 0;
        for (int i = WIRE_LENGTH - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    void writeWire(byte[] b, int off) {
        for (int i = 0; i < WIRE_LENGTH; i++) {
            b[off + i] = (byte) (nibbles >>> (8 * i));
        }
    }

    public boolean isBroadcast() {
        return nibbles == BROADCAST.nibbles;
    }

    /** True when any byte is the AA wildcard (shortened addressing). */
    public boolean hasWildcard() {
        for (int i = 0; i < WIRE_LENGTH; i++) {
            if (((nibbles >>> (8 * i)) & 0xFF) == 0xAA) {
                return true;
            }
        }
        return false;
    }

    /** Whether a meter with this (concrete) address answers a request sent to {@code target}. */
    public boolean answers(Dlt645Address target) {
        for (int i = 0; i < WIRE_LENGTH; i++) {
            long t = (target.nibbles >>> (8 * i)) & 0xFF;
            if (t != 0xAA && t != ((nibbles >>> (8 * i)) & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        String h = Long.toHexString(nibbles).toUpperCase();
        return "000000000000".substring(h.length()) + h;
    }
}
