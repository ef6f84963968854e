package org.headend.protocol.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SerialFormatTest {

    @Test
    void characterTimesAreThoseOfProtocolsMdSection5() {
        // 2400 8E1: 4.583 ms per byte; 1200 8E1: 9.167 ms; 9600 8N1: 1.042 ms
        assertEquals(4_583_333, SerialFormat.parse("2400 8E1").characterNanos());
        assertEquals(9_166_666, SerialFormat.parse("1200 8E1").characterNanos());
        assertEquals(1_041_666, SerialFormat.parse("9600 8N1").characterNanos());
        assertEquals(11, SerialFormat.parse("9600 8N2").bitsPerCharacter());
        // a 20-byte request at 2400 8E1 takes 91.67 ms on the wire
        assertEquals(91, SerialFormat.DLT645.wireTime(20).toMillis());
    }

    @Test
    void defaultsAreThoseOfTheField() {
        assertEquals("2400 8E1", SerialFormat.DLT645.toString());
        assertEquals("9600 8N1", SerialFormat.MODBUS_RTU.toString());
    }

    @Property
    void textRoundTrips(@ForAll @IntRange(min = 300, max = 921_600) int baud, @ForAll @IntRange(min = 5, max = 8) int data,
                        @ForAll SerialFormat.Parity parity, @ForAll @IntRange(min = 1, max = 2) int stop) {
        SerialFormat f = new SerialFormat(baud, data, parity, stop);
        assertEquals(f, SerialFormat.parse(f.toString()));
        assertEquals(f, SerialFormat.parse(f.toString().replace(' ', '-').toLowerCase()));
    }

    @Test
    void badTextAndOutOfRangePartsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SerialFormat.parse("2400 8X1")).getMessage()
                .contains("must look like 2400 8E1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SerialFormat.parse("100 8N1")).getMessage()
                .contains("baud was 100"));
        assertThrows(IllegalArgumentException.class, () -> new SerialFormat(9600, 9, SerialFormat.Parity.NONE, 1));
        assertThrows(IllegalArgumentException.class, () -> new SerialFormat(9600, 8, SerialFormat.Parity.NONE, 3));
        assertEquals(Duration.ZERO, SerialFormat.DLT645.wireTime(0));
    }
}
