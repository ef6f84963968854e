package org.headend.collector.concentrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.archive.Placement;
import org.junit.jupiter.api.Test;

/** Meter clocks are read once per period each, spread over the rounds, with no state per meter. */
class MeterClockDueTest {

    static final Instant START = Instant.parse("2026-03-02T02:00:00Z");
    static final Duration DAY = Duration.ofDays(1);

    static List<MeterPoint> points(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> {
            String address = String.format("%012d", 310_000_000L + i * 7919L);
            Meter m = new Meter(address, MeterProtocol.DLT645_2007, "ct", BigDecimal.ONE, BigDecimal.ONE, "residential", "");
            return new MeterPoint(m, new Placement(address, 0x1000, 1, i));
        }).toList();
    }

    @Test
    void eachMeterOncePerPeriodSpreadOverTheRounds() {
        List<MeterPoint> ps = points(960);
        ClockChecks.MeterClockDue due = new ClockChecks.MeterClockDue(DAY, START);
        Map<String, Integer> times = new HashMap<>();
        int most = 0;
        for (int round = 1; round <= 96 * 2; round++) { // two days of 15-minute rounds
            List<MeterPoint> now = due.due(1L, ps, START.plus(Duration.ofMinutes(15L * round)));
            now.forEach(p -> times.merge(p.meter().address(), 1, Integer::sum));
            most = Math.max(most, now.size());
        }
        assertEquals(960, times.size());
        assertTrue(times.values().stream().allMatch(n -> n == 2), "twice in two days: " + times.values());
        assertTrue(most < 960 / 96 * 3, "about 1/96 a round, not all at once: " + most);
    }

    @Test
    void aTerminalBackAfterBeingAwayCatchesUpOnceAndZeroMeansNever() {
        List<MeterPoint> ps = points(50);
        ClockChecks.MeterClockDue due = new ClockChecks.MeterClockDue(DAY, START);
        assertEquals(50, due.due(7L, ps, START.plus(Duration.ofDays(3))).size(), "three periods missed: read once");
        assertEquals(0, due.due(7L, ps, START.plus(Duration.ofDays(3))).size());
        assertEquals(List.of(), new ClockChecks.MeterClockDue(Duration.ZERO, START).due(7L, ps, START.plus(DAY)));
    }
}
