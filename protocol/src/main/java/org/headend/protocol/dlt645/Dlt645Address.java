package org.headend.protocol.dlt645;

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

    public Dlt645Address {
        if ((nibbles >>> 48) != 0) {
            throw new IllegalArgumentException("address has more than 12 digits: " + Long.toHexString(nibbles));
        }
        for (int i = 0; i < 12; i++) {
            int n = (int) (nibbles >>> (4 * i)) & 0xF;
            if (n > 9 && n != 0xA) {
                throw new IllegalArgumentException("address digit " + Integer.toHexString(n)
                        + " is neither 0-9 nor the wildcard A: " + Long.toHexString(nibbles));
            }
        }
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
        long v = 0;
        for (int i = WIRE_LENGTH - 1; i >= 0; i--) {
            int x = b[off + i] & 0xFF;
            int hi = x >>> 4, lo = x & 0xF;
            if ((hi > 9 && hi != 0xA) || (lo > 9 && lo != 0xA)) {
                return null;
            }
            v = (v << 8) | x;
        }
        return new Dlt645Address(v);
    }

    /** Whether 6 wire bytes are a valid address (BCD or AA), without building one. */
    static boolean isWire(byte[] b, int off) {
        for (int i = 0; i < WIRE_LENGTH; i++) {
            int x = b[off + i] & 0xFF;
            int hi = x >>> 4, lo = x & 0xF;
            if ((hi > 9 && hi != 0xA) || (lo > 9 && lo != 0xA)) {
                return false;
            }
        }
        return true;
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
