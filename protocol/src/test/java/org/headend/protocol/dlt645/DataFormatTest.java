package org.headend.protocol.dlt645;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.headend.protocol.dlt645.Dlt645Exception.Reason;
import org.junit.jupiter.api.Test;

/**
 * The BCD read against the digit rule, for every byte value (§1.7), on both of its paths: one
 * 4-byte load when 4 bytes are there, a table loop at the end of the data.
 */
class DataFormatTest {

    /** {@code bytes} followed by {@code pad} bytes of 99, so that a 3-byte value has 4 bytes to load. */
    private static byte[] padded(int pad, byte... bytes) {
        byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + pad);
        java.util.Arrays.fill(out, bytes.length, out.length, (byte) 0x99);
        return out;
    }

    @Test
    void everyByteOfAnUnsignedNumberIsTwoDigitsOrABadValueNamingTheByte() {
        DataFormat f = DataFormat.parse("XXXX.XX");
        for (int pad = 0; pad <= 1; pad++) {
            for (int b = 0; b < 256; b++) {
                byte[] data = padded(pad, (byte) b, (byte) 0x34, (byte) 0x12);
                int hi = b >>> 4, lo = b & 0xF;
                if (hi <= 9 && lo <= 9) {
                    Dlt645Value.Number n = assertInstanceOf(Dlt645Value.Number.class, f.decode("v", "q", "V", data, 0));
                    assertEquals(123400 + hi * 10 + lo, n.unscaled());
                } else {
                    Dlt645Exception e = assertThrows(Dlt645Exception.class, () -> f.decode("v", "q", "V", data, 0));
                    assertEquals(Reason.BAD_VALUE, e.reason());
                    assertTrue(e.getMessage().contains(String.format("byte %02X at offset 0", b)), e.getMessage());
                }
            }
        }
    }

    @Test
    void signedNumberTakesItsSignFromBit7OfTheMostSignificantByte() {
        DataFormat f = DataFormat.parse("-XX.XXXX");
        for (int pad = 0; pad <= 1; pad++) {
            for (int b = 0; b < 256; b++) {
                byte[] data = padded(pad, (byte) 0x21, (byte) 0x43, (byte) b);
                int m = b & 0x7F, hi = m >>> 4, lo = m & 0xF;
                if (hi <= 9 && lo <= 9) {
                    long v = (hi * 10 + lo) * 10000L + 4321;
                    Dlt645Value.Number n = assertInstanceOf(Dlt645Value.Number.class, f.decode("v", "q", "", data, 0));
                    assertEquals(b >= 0x80 ? -v : v, n.unscaled(), "byte " + Integer.toHexString(b));
                } else {
                    assertThrows(Dlt645Exception.class, () -> f.decode("v", "q", "", data, 0));
                }
            }
        }
    }

    @Test
    void everyNonBcdNibbleInAFourByteValueIsABadValue() {
        DataFormat f = DataFormat.parse("XXXXXX.XX");
        for (int nibble = 0; nibble < 8; nibble++) {
            for (int d = 0; d < 16; d++) {
                int x = 0x12345678 & ~(0xF << (4 * nibble)) | (d << (4 * nibble));
                byte[] data = {(byte) x, (byte) (x >>> 8), (byte) (x >>> 16), (byte) (x >>> 24)};
                if (d <= 9) {
                    long expected = Long.parseLong(Integer.toHexString(x));
                    assertEquals(expected, ((Dlt645Value.Number) f.decode("v", "q", "kWh", data, 0)).unscaled());
                } else {
                    assertThrows(Dlt645Exception.class, () -> f.decode("v", "q", "kWh", data, 0));
                }
            }
        }
    }

    @Test
    void allFfIsMissingForSignedAndUnsignedNumbers() {
        byte[] ff = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertInstanceOf(Dlt645Value.Missing.class, DataFormat.parse("XXXXXX.XX").decode("v", "q", "kWh", ff, 0));
        assertInstanceOf(Dlt645Value.Missing.class, DataFormat.parse("-XXX.XXX").decode("v", "q", "A", ff, 0));
    }

    @Test
    void eightByteNumberKeepsAllSixteenDigits() {
        byte[] data = {0x10, 0x32, 0x54, 0x76, (byte) 0x98, 0x10, 0x32, (byte) 0x99};
        Dlt645Value.Number n = (Dlt645Value.Number) DataFormat.parse("XXXXXXXXXXXXXXXX").decode("v", "q", "", data, 0);
        assertEquals(9932109876543210L, n.unscaled());
    }
}
