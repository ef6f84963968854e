package org.headend.fieldcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PenaltyBandsTest {
    @Test
    void placesEnergyInTheBandsOfDomainMdByMagnitude() {
        PenaltyBands b = PenaltyBands.DEFAULT;
        assertEquals(List.of("none", "0-500", "501-1000", "1001-5000", "5001-10000", ">10000"), b.labels());
        assertEquals("none", b.band(0));
        assertEquals("0-500", b.band(0.1));
        assertEquals("0-500", b.band(500));
        assertEquals("501-1000", b.band(500.5));
        assertEquals("501-1000", b.band(-1000));
        assertEquals("5001-10000", b.band(10000));
        assertEquals(">10000", b.band(10000.01));
    }

    @Test
    void utilitiesSetTheirOwnBoundsAscending() {
        assertEquals(List.of("none", "0-100", "101-2000", ">2000"), PenaltyBands.parse("100, 2000").labels());
        assertThrows(IllegalArgumentException.class, () -> PenaltyBands.parse("1000,500"));
        assertThrows(IllegalArgumentException.class, () -> PenaltyBands.parse("500,x"));
    }
}
