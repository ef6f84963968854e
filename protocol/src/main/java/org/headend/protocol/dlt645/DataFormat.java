package org.headend.protocol.dlt645;

import org.headend.protocol.dlt645.Dlt645Exception.Reason;

/**
 * The layout of one BCD number in a data field, written as in the standard's tables:
 * {@code XXXXXX.XX} is 8 digits (4 bytes) with 2 decimals, an odd count takes whole bytes; a leading {@code -} marks a signed
 * format whose sign is bit 7 of the most significant byte (protocols.md §1.7).
 * Bytes go low byte first; all FF means "not available".
 */
public record DataFormat(String pattern, int bytes, int scale, boolean signed) {

    public DataFormat {
        if (bytes < 1 || bytes > 8) {
            throw new IllegalArgumentException("a BCD value has 1..8 bytes, got " + bytes + " for " + pattern);
        }
    }

    public static DataFormat parse(String pattern) {
        boolean signed = pattern.startsWith("-");
        String p = signed ? pattern.substring(1) : pattern;
        int dot = p.indexOf('.');
        int digits = p.replace(".", "").length();
        if (digits == 0 || !p.replace(".", "").chars().allMatch(c -> c == 'X')) {
            throw new IllegalArgumentException("format '" + pattern + "' is not X digits with an optional '.'");
        }
        // An odd count (1997's XXX volts) still takes whole bytes; the top nibble is 0.
        return new DataFormat(pattern, (digits + 1) / 2, dot < 0 ? 0 : p.length() - dot - 1, signed);
    }

    /** The largest unscaled magnitude this format can carry. */
    public long maxUnscaled() {
        long max = 1;
        for (int i = 0; i < 2 * bytes - (signed ? 1 : 0); i++) {
            max *= 10;
        }
        return max - 1;
    }

    /** Reads one value at {@code off}; data has 0x33 already removed. Returns null for all-FF (not available). */
    Long read(byte[] data, int off) {
        boolean allFf = true;
        for (int i = 0; i < bytes; i++) {
            allFf &= data[off + i] == (byte) 0xFF;
        }
        if (allFf) {
            return null;
        }
        long v = 0;
        boolean negative = false;
        for (int i = bytes - 1; i >= 0; i--) {
            int b = data[off + i] & 0xFF;
            if (signed && i == bytes - 1) {
                negative = (b & 0x80) != 0;
                b &= 0x7F;
            }
            int hi = b >>> 4, lo = b & 0xF;
            if (hi > 9 || lo > 9) {
                throw new Dlt645Exception(Reason.BAD_VALUE, String.format("byte %02X at offset %d is not BCD in format %s",
                        data[off + i] & 0xFF, off + i, pattern));
            }
            v = v * 100 + hi * 10 + lo;
        }
        return negative ? -v : v;
    }

    /** Writes {@code unscaled} at {@code off}, 0x33 not yet added. */
    void write(long unscaled, byte[] out, int off) {
        long m = Math.abs(unscaled);
        if (m > maxUnscaled() || (unscaled < 0 && !signed)) {
            throw new IllegalArgumentException("value " + unscaled + " does not fit format " + pattern);
        }
        for (int i = 0; i < bytes; i++) {
            int two = (int) (m % 100);
            m /= 100;
            out[off + i] = (byte) (((two / 10) << 4) | (two % 10));
        }
        if (unscaled < 0) {
            out[off + bytes - 1] |= (byte) 0x80;
        }
    }
}
