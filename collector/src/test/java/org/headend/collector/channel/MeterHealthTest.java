package org.headend.collector.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Adaptive timeouts and quarantine, driven by a clock the test moves by hand. */
class MeterHealthTest {

    private static final long MS = 1_000_000L;
    private static final long CEILING = 2_000 * MS;
    private static final Fairness FAIRNESS = new Fairness(Duration.ofMillis(300), 4, 3, Duration.ofMinutes(1),
            Duration.ofMinutes(8));
    private static final long A = 1;
    private static final long B = 2;

    private final MeterHealth health = new MeterHealth(FAIRNESS, CEILING);
    private long now = 1_000_000 * MS;

    private void silent(long meter, int times) {
        for (int i = 0; i < times; i++) {
            health.silent(meter, now);
        }
    }

    @Test
    void nothingHeardOnTheBusWaitsTheFullRequestTimeout() {
        assertEquals(CEILING, health.timeoutNanos(A));
    }

    @Test
    void theTimeoutFollowsRoundTripsPlusFourDeviationsAboveTheFloor() {
        health.replied(A, 400 * MS); // srtt 400, rttvar 200
        assertEquals(400 * MS + 4 * 200 * MS, health.timeoutNanos(A));
        for (int i = 0; i < 60; i++) {
            health.replied(A, 400 * MS); // steady: the deviation decays
        }
        long steady = health.timeoutNanos(A);
        assertTrue(steady >= 400 * MS && steady < 402 * MS, "converges on the round trip, was " + steady / MS + " ms");
        health.replied(A, 900 * MS); // one slow reply widens it at once
        assertTrue(health.timeoutNanos(A) > 400 * MS + 4 * 120 * MS);
    }

    @Test
    void aQuickMeterNeverWaitsLessThanTheFloorNorMoreThanTheCeiling() {
        for (int i = 0; i < 60; i++) {
            health.replied(A, 50 * MS);
        }
        assertEquals(300 * MS, health.timeoutNanos(A));
        MeterHealth slow = new MeterHealth(FAIRNESS, CEILING);
        slow.replied(A, 1_900 * MS);
        assertEquals(CEILING, slow.timeoutNanos(A));
    }

    @Test
    void aMeterNeverHeardStartsFromWhatTheBusHasSeenOfTheOthers() {
        health.replied(B, 600 * MS);
        assertEquals(health.timeoutNanos(B), health.timeoutNanos(A));
    }

    @Test
    void eachSilenceDoublesTheNextWaitUpToTheCeiling() {
        for (int i = 0; i < 60; i++) {
            health.replied(A, 250 * MS);
        }
        assertEquals(300 * MS, health.timeoutNanos(A));
        health.silent(A, now);
        assertEquals(600 * MS, health.timeoutNanos(A));
        health.silent(A, now);
        assertEquals(1_200 * MS, health.timeoutNanos(A));
        health.silent(A, now);
        assertEquals(CEILING, health.timeoutNanos(A));
        health.replied(A, 250 * MS);
        assertTrue(health.timeoutNanos(A) < 600 * MS, "a reply ends the backoff");
    }

    @Test
    void quarantineAfterConsecutiveSilencesOnly() {
        health.replied(A, 200 * MS);
        silent(A, 2);
        health.replied(A, 200 * MS); // a reply in between starts the count again
        silent(A, 2);
        assertEquals(MeterHealth.Turn.READ, health.turn(A, now));
        assertTrue(health.silent(A, now), "the third silence in a row quarantines");
        assertTrue(health.isQuarantined(A));
        assertEquals(1, health.quarantined());
        assertEquals(MeterHealth.Turn.SKIP, health.turn(A, now));
        assertEquals(MeterHealth.Turn.READ, health.turn(B, now), "other meters are not touched");
    }

    @Test
    void aQuarantinedMeterIsProbedWithDoublingPausesUpToTheMaximum() {
        silent(A, 3);
        long[] expectedPauses = {1, 2, 4, 8, 8};
        for (long minutes : expectedPauses) {
            long due = now + Duration.ofMinutes(minutes).toNanos();
            assertEquals(MeterHealth.Turn.SKIP, health.turn(A, due - 1));
            assertEquals(MeterHealth.Turn.PROBE, health.turn(A, due));
            now = due;
            assertFalse(health.silent(A, now), "a silent probe keeps it in quarantine");
        }
        assertEquals(1, health.quarantined());
    }

    @Test
    void anAnswerToAProbeEndsTheQuarantine() {
        silent(A, 3);
        now += Duration.ofMinutes(1).toNanos();
        assertEquals(MeterHealth.Turn.PROBE, health.turn(A, now));
        health.replied(A, 300 * MS);
        assertEquals(0, health.quarantined());
        assertEquals(MeterHealth.Turn.READ, health.turn(A, now));
        silent(A, 2);
        assertFalse(health.isQuarantined(A), "the count of silences starts again after a reply");
    }

    @Test
    void zeroQuarantineAfterNeverQuarantines() {
        MeterHealth never = new MeterHealth(new Fairness(Duration.ofMillis(300), 4, 0, Duration.ofMinutes(1),
                Duration.ofMinutes(1)), CEILING);
        for (int i = 0; i < 100; i++) {
            assertFalse(never.silent(A, now));
        }
        assertEquals(MeterHealth.Turn.READ, never.turn(A, now));
    }

    @Test
    void aHugeProbePauseSaturatesAtTheMaximum() {
        MeterHealth h = new MeterHealth(new Fairness(Duration.ofMillis(300), 4, 1, Duration.ofHours(1),
                Duration.ofDays(3650)), CEILING);
        h.silent(A, now);
        for (int i = 0; i < 80; i++) {
            h.silent(A, now); // 1 h x 2^80 would overflow a long
        }
        assertEquals(MeterHealth.Turn.SKIP, h.turn(A, now + Duration.ofDays(3650).toNanos() - 1));
        assertEquals(MeterHealth.Turn.PROBE, h.turn(A, now + Duration.ofDays(3650).toNanos()));
    }
}
