package org.headend.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void defaultsAreTwoHundredMetersOnFourGatewaysWithTheStandardsMinimumTurnaround() {
        SimulatorConfig c = SimulatorConfig.defaults();
        assertEquals(200, c.meters());
        assertEquals(4, c.gateways());
        assertEquals(1, c.seed());
        assertEquals(0, c.basePort());
        assertEquals(Duration.ofMillis(20), c.responseDelay());
        assertEquals(4, c.preamble());
        assertFalse(c.pacing());
        assertEquals(2400, c.baud());
        assertEquals(4_583_333, c.byteNanos());
    }

    @Test
    void withPacingTurnsPacingOnAtThatBaud() {
        SimulatorConfig c = SimulatorConfig.defaults().withPacing(1200);
        assertTrue(c.pacing());
        assertEquals(1200, c.baud());
        assertFalse(c.withoutPacing().pacing());
    }

    @Test
    void everyInvalidSettingIsReportedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SimulatorConfig(0, 0, 1,
                "127.0.0.1", 70000, Duration.ofMillis(-1), 5, true, 10, Duration.ZERO));
        for (String key : new String[] {"meters was 0", "gateways was 0", "basePort was 70000", "responseDelay was",
                "preamble was 5", "baud was 10", "lateDelay was"}) {
            assertTrue(e.getMessage().contains(key), key + " missing from: " + e.getMessage());
        }
    }
}
