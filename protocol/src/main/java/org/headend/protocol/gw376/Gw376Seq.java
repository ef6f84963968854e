package org.headend.protocol.gw376;

/**
 * The SEQ byte (protocols.md §3.5): TpV (AUX carries Tp), FIR / FIN (first / last frame of a
 * reply; a single frame has both), CON (the receiver must confirm), and the 4-bit sequence number:
 * PSEQ in a request, RSEQ in a reply. Frame k (from 0) of a multi-frame reply carries
 * RSEQ = (PSEQ + k) mod 16 ⚠ (the standard's rule as commonly implemented).
 */
public record Gw376Seq(boolean tpv, boolean fir, boolean fin, boolean con, int number) {

    public Gw376Seq {
        if (number < 0 || number > 15) {
            throw new IllegalArgumentException("PSEQ/RSEQ is 0..15, got " + number);
        }
    }

    public static Gw376Seq of(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("SEQ is one byte, got " + value);
        }
        return new Gw376Seq((value & 0x80) != 0, (value & 0x40) != 0, (value & 0x20) != 0, (value & 0x10) != 0, value & 0x0F);
    }

    /** One frame (FIR = FIN = 1), no Tp. */
    public static Gw376Seq single(int number, boolean con) {
        return new Gw376Seq(false, true, true, con, number);
    }

    public Gw376Seq withTpv(boolean on) {
        return new Gw376Seq(on, fir, fin, con, number);
    }

    public int value() {
        return (tpv ? 0x80 : 0) | (fir ? 0x40 : 0) | (fin ? 0x20 : 0) | (con ? 0x10 : 0) | number;
    }

    @Override
    public String toString() {
        return String.format("%02X", value());
    }
}
