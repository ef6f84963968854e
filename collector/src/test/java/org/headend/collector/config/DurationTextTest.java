package org.headend.collector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void parsesShortFormsAndIso() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofSeconds(2), DurationText.parse("2s"));
        assertEquals(Duration.ofMinutes(15), DurationText.parse("15m"));
        assertEquals(Duration.ofMinutes(15), DurationText.parse("PT15M"));
        assertEquals(Duration.ofHours(1), DurationText.parse("1h"));
        assertEquals(Duration.ofDays(1), DurationText.parse("1d"));
        assertEquals(Duration.ofMillis(1500), DurationText.parse("pt1.5s"));
    }

    @Test
    void rejectsTextWithoutUnit() {
        assertNull(DurationText.parse("15"));
        assertNull(DurationText.parse("15 minutes"));
        assertNull(DurationText.parse("-2s"));
    }

    @Test
    void formatsTheShortestExactText() {
        assertEquals("15m", DurationText.format(Duration.ofMinutes(15)));
        assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
        assertEquals("90s", DurationText.format(Duration.ofSeconds(90)));
        assertEquals("0s", DurationText.format(Duration.ZERO));
        assertEquals("PT0.0000001S", DurationText.format(Duration.ofNanos(100)));
    }
}
