package org.headend.collector.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.junit.jupiter.api.Test;

class MeterTest {

    @Test
    void multiplierIsCtTimesVt() {
        Meter m = new Meter("7", MeterProtocol.DLT645_2007, "gw", new BigDecimal("1.5"), new BigDecimal("100"), "c", "a");

        assertEquals(0, new BigDecimal("150").compareTo(m.multiplier()));
        assertEquals("000000000007", m.address());
    }

    @Test
    void rejectsNonPositiveRatioNamingMeterAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Meter("7", MeterProtocol.DLT645_2007, "gw", BigDecimal.ZERO, BigDecimal.ONE, "c", "a"));

        assertEquals("meter 000000000007: ct_ratio was 0 but must be positive", e.getMessage());
    }

    @Test
    void rejectsEditionNotMatchingProtocol() {
        assertThrows(IllegalArgumentException.class, () -> new Meter("7", MeterProtocol.DLT645_2007,
                Dlt645Edition.V1997, "gw", BigDecimal.ONE, BigDecimal.ONE, "c", "a", null));
    }

    @Test
    void aModbusMeterNeedsItsUnitAndMapAndADlt645MeterHasNone() {
        var target = new ModbusTarget(3, org.headend.protocol.modbus.RegisterMap.builtIn("sdm630").orElseThrow());
        Meter m = new Meter("7", MeterProtocol.MODBUS_TCP, "gw", BigDecimal.ONE, BigDecimal.ONE, "c", "a", target);
        assertEquals(3, m.modbus().unit());
        assertThrows(IllegalArgumentException.class, () -> new Meter("7", MeterProtocol.MODBUS_RTU, "gw", BigDecimal.ONE,
                BigDecimal.ONE, "c", "a"));
        assertThrows(IllegalArgumentException.class, () -> new Meter("7", MeterProtocol.DLT645_2007, "gw", BigDecimal.ONE,
                BigDecimal.ONE, "c", "a", target));
        assertThrows(IllegalArgumentException.class, () -> new ModbusTarget(0, target.map()));
    }

    @Test
    void rejectsAddressWithThirteenDigitsOrLetters() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Meter.normalizeAddress("1234567890123"))
                .getMessage().contains("1..12 digits"));
        assertThrows(IllegalArgumentException.class, () -> Meter.normalizeAddress("AAAAAAAAAAAA"));
        assertThrows(IllegalArgumentException.class, () -> Meter.normalizeAddress(" "));
    }
}
