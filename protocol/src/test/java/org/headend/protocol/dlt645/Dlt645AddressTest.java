package org.headend.protocol.dlt645;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The branch-free address check against the rule it replaces: each nibble 0-9 or the wildcard A (§1.2, §1.5). */
class Dlt645AddressTest {

    private static boolean validByte(int b) {
        int hi = b >>> 4, lo = b & 0xF;
        return (hi <= 9 || hi == 0xA) && (lo <= 9 || lo == 0xA);
    }

    @Test
    void everyByteValueInEveryPositionIsAcceptedExactlyWhenBothNibblesAreDigitsOrA() {
        for (int pos = 0; pos < Dlt645Address.WIRE_LENGTH; pos++) {
            for (int b = 0; b < 256; b++) {
                byte[] wire = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66};
                wire[pos] = (byte) b;
                boolean valid = validByte(b);
                assertEquals(valid, Dlt645Address.isWire(wire, 0), "byte " + Integer.toHexString(b) + " at " + pos);
                Dlt645Address a = Dlt645Address.readWire(wire, 0);
                if (valid) {
                    assertEquals(b, (int) (a.nibbles() >>> (8 * pos)) & 0xFF);
                } else {
                    assertNull(a);
                    long nibbles = Dlt645Address.wireNibbles(wire, 0);
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dlt645Address(nibbles));
                    assertTrue(e.getMessage().startsWith("address digit "), e.getMessage());
                }
            }
        }
    }

    @Test
    void readsTheSameAddressFromAShortArrayAsFromALongOne() {
        byte[] exact = {0x78, 0x56, 0x34, 0x12, (byte) 0xAA, 0x00};
        byte[] inFrame = {0x68, 0x78, 0x56, 0x34, 0x12, (byte) 0xAA, 0x00, 0x68, (byte) 0x91, 0x00};
        assertEquals(Dlt645Address.parse("00AA12345678"), Dlt645Address.readWire(exact, 0));
        assertEquals(Dlt645Address.parse("00AA12345678"), Dlt645Address.readWire(inFrame, 1));
    }

    @Test
    void rejectsMoreThanTwelveDigits() {
        assertThrows(IllegalArgumentException.class, () -> new Dlt645Address(0x1000000000000L));
        assertThrows(IllegalArgumentException.class, () -> new Dlt645Address(-1L));
    }
}
