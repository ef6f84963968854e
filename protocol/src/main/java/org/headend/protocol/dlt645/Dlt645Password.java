package org.headend.protocol.dlt645;

/**
 * The 4-byte password field {@code PA P0 P1 P2} of write, clear and control commands (§1.9):
 * {@code level} is PA (e.g. 02, 04; 98/99 for the encrypted forms), {@code code} is P2P1P0 as a
 * 24-bit number (P0 is its low byte, sent first). Printed as the wire bytes, e.g. {@code 02:123456}.
 */
public record Dlt645Password(int level, int code) {

    /** Absent password (commands whose layout has none, e.g. the 1997 clear demand). */
    public static final Dlt645Password NONE = new Dlt645Password(0, 0);

    public Dlt645Password {
        if (level < 0 || level > 0xFF || code < 0 || code > 0xFFFFFF) {
            throw new IllegalArgumentException(String.format("password level is one byte and code three bytes, got %X/%X", level, code));
        }
    }

    static Dlt645Password read(byte[] data, int off) {
        return new Dlt645Password(data[off] & 0xFF,
                (data[off + 1] & 0xFF) | (data[off + 2] & 0xFF) << 8 | (data[off + 3] & 0xFF) << 16);
    }

    void write(byte[] out, int off) {
        out[off] = (byte) level;
        out[off + 1] = (byte) code;
        out[off + 2] = (byte) (code >>> 8);
        out[off + 3] = (byte) (code >>> 16);
    }

    @Override
    public String toString() {
        return String.format("%02X:%06X", level, code);
    }
}
