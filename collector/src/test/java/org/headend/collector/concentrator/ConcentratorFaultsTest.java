package org.headend.collector.concentrator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.collector.metrics.ConcentratorMetrics;
import org.headend.simulator.ConcentratorFault;
import org.headend.simulator.ConcentratorFleet;
import org.headend.simulator.ConcentratorFleetConfig;
import org.headend.simulator.SimulatedConcentrator;
import org.headend.simulator.SimulatedMeter;
import org.headend.storage.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front end against misbehaving concentrators: the simulator's faults on demand (issue 5). */
class ConcentratorFaultsTest {

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(OffsetDateTime.of(2026, 3, 2, 10, 0, 0, 0, ConcentratorEndToEndTest.ZONE).toInstant());
    final Queue<Reading> readings = new ConcurrentLinkedQueue<>();
    ConcentratorFleet fleet;
    ConcentratorFront front;

    @AfterEach
    void close() {
        fleet.close();
        front.close();
    }

    private void start(ConcentratorSettings settings) throws Exception {
        fleet = ConcentratorFleet.create(ConcentratorFleetConfig.defaults().withSize(4, 16)
                .withTiming(Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2)), clock);
        fleet.writeArchive(dir.resolve("a.csv"));
        ArchiveLoad load = MeterArchive.read(dir.resolve("a.csv"));
        front = ConcentratorFront.start(settings.withPort("127.0.0.1", 0).withLoginsPerMinute(10_000), load.meters(),
                load.placements(), ConcentratorEndToEndTest.READS, readings::addAll, null, ConcentratorMetrics.NONE, clock);
        front.ledgerReady().get(30, java.util.concurrent.TimeUnit.SECONDS);
        fleet.dialIn("127.0.0.1", front.port());
        await().atMost(Duration.ofSeconds(10)).until(() -> front.online() == 4);
    }

    private static ConcentratorSettings settings(Duration timeout, int retries) {
        return ConcentratorSettings.DEFAULTS.withSessions(Duration.ofMillis(200), 5, timeout, retries);
    }

    private long totals(SimulatedConcentrator c) {
        List<String> ms = c.meters().stream().map(m -> m.address().toString()).toList();
        return readings.stream().filter(r -> r.quantity().equals(ConcentratorEndToEndTest.TOTAL) && ms.contains(r.meter())).count();
    }

    @Test
    void repliesCutIntoTinySegmentsAreReadAsWhole() throws Exception {
        start(settings(Duration.ofSeconds(5), 0));
        SimulatedConcentrator c = fleet.concentrators().get(0);
        c.fault(ConcentratorFault.SPLIT_FRAMES);
        RoundResult r = front.round(false, true, true).get(30, TimeUnit.SECONDS);
        assertEquals(0, r.failures());
        assertEquals(2 * 16, totals(c), "every meter through 0C and 10 F1");
        for (SimulatedMeter m : c.meters()) {
            double expected = m.forwardActive(clock.instant())[0] / 100.0 * m.ctRatio() * m.vtRatio();
            assertTrue(readings.stream().filter(x -> x.meter().equals(m.address().toString())
                    && x.quantity().equals(ConcentratorEndToEndTest.TOTAL)).allMatch(x -> Math.abs(x.value() - expected) < 1e-6));
        }
    }

    @Test
    void repliesWithAWrongPseqAreCountedAndTheRequestsTimeOut() throws Exception {
        start(settings(Duration.ofMillis(300), 1));
        SimulatedConcentrator c = fleet.concentrators().get(2);
        c.fault(ConcentratorFault.WRONG_PSEQ);
        RoundResult r = front.round(false, true, false).get(30, TimeUnit.SECONDS);
        assertTrue(r.failures() >= 1);
        assertEquals(0, totals(c), "nothing taken from replies that answer another request");
        assertTrue(front.unexpectedReplies() > 0);
        assertEquals(3 * 16, readings.stream().filter(x -> x.quantity().equals(ConcentratorEndToEndTest.TOTAL)).count(),
                "the other concentrators are read as usual");
    }

    @Test
    void aSlowConcentratorIsReadWhenItsAnswersComeWithinTheTimeout() throws Exception {
        start(settings(Duration.ofSeconds(5), 0));
        SimulatedConcentrator c = fleet.concentrators().get(1);
        c.fault(ConcentratorFault.SLOW);
        RoundResult r = front.round(false, true, false).get(30, TimeUnit.SECONDS);
        assertEquals(0, r.failures());
        assertEquals(16, totals(c));
    }

    @Test
    void aSilentConcentratorCostsItsTimeoutAndRetriesAndNothingElse() throws Exception {
        start(settings(Duration.ofMillis(200), 1));
        fleet.concentrators().get(3).fault(ConcentratorFault.SILENT);
        RoundResult r = front.round(false, true, false).get(30, TimeUnit.SECONDS);
        assertTrue(r.failures() >= 1);
        assertEquals(0, totals(fleet.concentrators().get(3)));
        assertEquals(3 * 16, readings.stream().filter(x -> x.quantity().equals(ConcentratorEndToEndTest.TOTAL)).count());
        assertTrue(front.online(0x1000, fleet.concentrators().get(3).address().terminal()), "heartbeats keep it online");
    }

    @Test
    void aFlappingConcentratorComesBackEachTimeWithItsBackoff() throws Exception {
        start(settings(Duration.ofSeconds(2), 0));
        SimulatedConcentrator c = fleet.concentrators().get(0);
        long before = front.logins();
        c.fault(ConcentratorFault.FLAPPING);
        c.link().drop();
        await().atMost(Duration.ofSeconds(10)).until(() -> front.logins() >= before + 3);
        c.clearFaults();
        c.link().drop();
        await().atMost(Duration.ofSeconds(10)).until(() -> front.online() == 4);
    }

    @Test
    void aReloginStormReplacesSessionsAndKeepsOneOnline() throws Exception {
        start(settings(Duration.ofSeconds(2), 0));
        SimulatedConcentrator c = fleet.concentrators().get(1);
        c.fault(ConcentratorFault.RELOGIN_STORM);
        await().atMost(Duration.ofSeconds(10)).until(() -> front.replaced() >= 3);
        c.clearFaults();
        await().atMost(Duration.ofSeconds(10)).until(() -> front.online() == 4);
        RoundResult r = front.round(false, true, false).get(30, TimeUnit.SECONDS);
        assertEquals(16, totals(c), "the session kept is the newest and answers");
        assertEquals(0, r.failures());
    }

    @Test
    void aDriftingClockIsFlaggedAndSetWhenAllowed() throws Exception {
        start(settings(Duration.ofSeconds(2), 0).withClock(Duration.ofSeconds(5), true));
        SimulatedConcentrator c = fleet.concentrators().get(2);
        c.shiftClock(Duration.ofSeconds(42));
        front.round(false, false, false).get(30, TimeUnit.SECONDS);
        assertEquals(1, front.clockSets().size());
        ClockSet set = front.clockSets().get(0);
        assertEquals(42, set.drift().toSeconds());
        assertTrue(set.confirmed());
        assertTrue(c.clockOffset().abs().compareTo(Duration.ofSeconds(1)) <= 0, "set to the head-end's time: " + c.clockOffset());
        front.round(false, false, false).get(30, TimeUnit.SECONDS);
        assertEquals(1, front.clockSets().size(), "a clock within the limit is left alone");
    }

    @Test
    void theSimulatorsMeterClockDriftAndPowerCutFaultsActOnTheirHeartbeatTicks() throws Exception {
        start(settings(Duration.ofSeconds(2), 0));
        SimulatedConcentrator c = fleet.concentrators().get(1);
        Duration before = c.meters().get(0).clockOffset();
        Duration second = c.meters().get(1).clockOffset();
        c.fault(ConcentratorFault.METER_CLOCK_DRIFT);
        c.fault(ConcentratorFault.POWER_CUTS);
        // ticks every 200 ms: a second gained per tick, a cut recorded every fifth
        await().atMost(Duration.ofSeconds(10)).until(() -> c.meters().get(0).clockOffset().minus(before).toSeconds() >= 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> c.eventCount(true) >= 1);
        assertEquals(second, c.meters().get(1).clockOffset(), "the other meters keep their clocks");
        assertEquals(0, fleet.concentrators().get(0).eventCount(true), "a concentrator without the fault records nothing");
    }

    @Test
    void aDriftingClockIsOnlyFlaggedWhenSettingIsOff() throws Exception {
        start(settings(Duration.ofSeconds(2), 0).withClock(Duration.ofSeconds(5), false));
        SimulatedConcentrator c = fleet.concentrators().get(2);
        c.shiftClock(Duration.ofSeconds(-30));
        front.round(false, false, false).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), front.clockSets());
        assertEquals(Duration.ofSeconds(-30), c.clockOffset());
    }
}
