package org.headend.collector.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PollSchedulerTest {

    @Test
    void boundariesFollowTheWallClockInterval() {
        Duration q = Duration.ofMinutes(15);
        assertEquals(Instant.parse("2026-11-27T10:15:00Z"), PollScheduler.nextBoundary(Instant.parse("2026-11-27T10:05:00Z"), q));
        assertEquals(Instant.parse("2026-11-27T10:30:00Z"), PollScheduler.nextBoundary(Instant.parse("2026-11-27T10:15:00Z"), q));
        assertEquals(Instant.parse("2026-11-27T10:30:00Z"), PollScheduler.nextBoundary(Instant.parse("2026-11-27T10:14:00Z"), q),
                "a boundary closer than half an interval is passed over");
    }

    @Test
    void runsAtOnceThenOnBoundariesAndSurvivesAFailingCycle() {
        List<Instant> starts = new CopyOnWriteArrayList<>();
        try (PollScheduler s = new PollScheduler(Duration.ofMillis(200), Clock.systemUTC(), t -> {
            starts.add(t);
            if (starts.size() == 1) {
                throw new IllegalStateException("first cycle fails");
            }
        })) {
            s.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> starts.size() >= 3);
        }
        assertEquals(0, starts.get(1).toEpochMilli() % 200, "later cycles start on boundaries");
        assertTrue(starts.get(2).isAfter(starts.get(1)));
    }

    @Test
    void refusesAnIntervalTooShortToBeReal() {
        assertThrows(IllegalArgumentException.class, () -> new PollScheduler(Duration.ofMillis(10), Clock.systemUTC(), t -> { }));
    }
}
