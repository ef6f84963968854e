package org.headend.collector.concentrator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.collector.metrics.ConcentratorMetrics;
import org.headend.protocol.gw376.Gw376Event;
import org.headend.protocol.wire.Octets;
import org.headend.simulator.ConcentratorFleet;
import org.headend.simulator.ConcentratorFleetConfig;
import org.headend.simulator.SimulatedConcentrator;
import org.headend.simulator.SimulatedMeter;
import org.headend.storage.MeterEvent;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clocks and events through concentrators over real sockets into a real store (issue 5): meter
 * clocks read through 10 F1 and flagged, terminal clock sets stored, the terminals' 0E records
 * stored exactly once, also when a restarted head-end reads them again.
 */
class ClocksAndEventsTest {

    static final Duration METER_EVERY = Duration.ofHours(1);

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(OffsetDateTime.of(2026, 3, 2, 10, 0, 0, 0, ConcentratorEndToEndTest.ZONE).toInstant());
    final Map<String, AtomicInteger> meterClocks = new ConcurrentHashMap<>();
    final AtomicInteger records = new AtomicInteger();
    final ConcentratorMetrics metrics = new ConcentratorMetrics() {
        @Override
        public void meterClockChecked(String outcome) {
            meterClocks.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void terminalEvents(int n) {
            records.addAndGet(n);
        }
    };
    ConcentratorFleet fleet;
    ConcentratorFront front;
    ReadingStore store;
    ArchiveLoad load;

    @BeforeEach
    void fleet() throws Exception {
        fleet = ConcentratorFleet.create(ConcentratorFleetConfig.defaults().withSize(2, 6)
                .withTiming(Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2)), clock);
        fleet.writeArchive(dir.resolve("a.csv"));
        load = MeterArchive.read(dir.resolve("a.csv"));
        store = Stores.open("embedded:" + dir.resolve("h.db"));
        // the model's meters run up to 30 s off: set them all right, so that only what a test shifts drifts
        fleet.meters().forEach(m -> m.shiftClock(m.clockOffset().negated()));
    }

    @AfterEach
    void close() {
        fleet.close();
        if (front != null) {
            front.close();
        }
        store.close();
    }

    private void start(ConcentratorSettings s) throws Exception {
        front = ConcentratorFront.start(s.withPort("127.0.0.1", 0).withLoginsPerMinute(10_000)
                        .withSessions(Duration.ofMillis(200), 5, Duration.ofSeconds(5), 0).withMeterClocks(Duration.ofSeconds(10), METER_EVERY),
                load.meters(), load.placements(), ConcentratorEndToEndTest.READS, r -> { }, store, metrics, clock);
        front.ledgerReady().get(30, TimeUnit.SECONDS);
        fleet.dialIn("127.0.0.1", front.port());
        await().atMost(Duration.ofSeconds(10)).until(() -> front.online() == 2);
    }

    private RoundResult round() throws Exception {
        return front.round(false, true, false).get(30, TimeUnit.SECONDS);
    }

    private List<MeterEvent> events(String kind) {
        return store.events(Instant.EPOCH, clock.instant().plus(Duration.ofDays(1))).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** Ended by the read of this round: at the midpoint of its round trip, so just before the (stopped) clock. */
    private void assertEndedAtThisRead(MeterEvent e) {
        Instant end = e.ended().orElseThrow(() -> new AssertionError("not ended: " + e));
        assertTrue(!end.isAfter(clock.instant()) && end.isAfter(clock.instant().minusSeconds(5)), end + " vs " + clock.instant());
        assertTrue(end.isAfter(e.started()));
    }

    @Test
    void aDriftingMeterClockIsFlaggedOnceAndTheOthersAreNot() throws Exception {
        start(ConcentratorSettings.DEFAULTS);
        SimulatedMeter drifting = fleet.concentrators().get(1).meters().get(2);
        drifting.shiftClock(Duration.ofSeconds(45));
        fleet.concentrators().get(0).meters().get(4).shiftClock(Duration.ofSeconds(-4)); // within the 10 s

        clock.advance(METER_EVERY); // every meter is due once within the first period
        assertEquals(0, round().failures());
        assertEquals(11, meterClocks.get("ok").get());
        assertEquals(1, meterClocks.get("drift").get());
        List<MeterEvent> drifts = events(EventLog.CLOCK_DRIFT);
        assertEquals(1, drifts.size(), drifts.toString());
        MeterEvent e = drifts.get(0);
        assertEquals(drifting.address().toString(), e.meter());
        assertEquals("meter clock 45 s ahead (limit 10 s)", e.detail());
        assertEquals(Optional.empty(), e.ended(), "still drifting");
        assertEquals(Duration.ofSeconds(45), drifting.clockOffset(), "meter clocks are never set");

        round();
        assertEquals(12, meterClocks.values().stream().mapToInt(AtomicInteger::get).sum(), "not due again within the period");

        clock.advance(METER_EVERY);
        drifting.shiftClock(Duration.ofSeconds(-45)); // set right in the field
        round();
        drifts = events(EventLog.CLOCK_DRIFT);
        assertEquals(1, drifts.size(), "the same drift, now ended: " + drifts);
        assertEndedAtThisRead(drifts.get(0));
        assertEquals(23, meterClocks.get("ok").get());
    }

    @Test
    void aTerminalClockSetAndItsDriftAreStored() throws Exception {
        start(ConcentratorSettings.DEFAULTS.withClock(Duration.ofSeconds(5), true));
        SimulatedConcentrator c = fleet.concentrators().get(0);
        c.shiftClock(Duration.ofSeconds(42));
        round();
        List<MeterEvent> sets = events(EventLog.CLOCK_SET);
        assertEquals(1, sets.size(), sets.toString());
        assertEquals(c.archiveName(), sets.get(0).meter());
        assertEquals("set by 05 F31; it was 42 s ahead; confirmed", sets.get(0).detail());
        assertEquals(front.clockSets().get(0).at(), sets.get(0).started());
        List<MeterEvent> drifts = events(EventLog.CLOCK_DRIFT);
        assertEquals(List.of(c.archiveName()), drifts.stream().map(MeterEvent::meter).toList());
        assertEquals(Optional.empty(), drifts.get(0).ended());

        clock.advance(Duration.ofMinutes(15));
        round();
        assertEquals(1, events(EventLog.CLOCK_SET).size(), "a clock within the limit is left alone");
        assertEndedAtThisRead(events(EventLog.CLOCK_DRIFT).get(0));
    }

    @Test
    void terminalEventsAreStoredExactlyOnceEvenWhenReadAgain() throws Exception {
        start(ConcentratorSettings.DEFAULTS);
        SimulatedConcentrator c = fleet.concentrators().get(1);
        LocalDateTime off = LocalDateTime.of(2026, 3, 2, 3, 10);
        c.powerCycle(off, off.plusMinutes(25));
        c.powerCycle(off.plusHours(2), off.plusHours(2).plusMinutes(1));
        // ERC 31 is not decoded: kept raw, at the time it starts with
        c.recordEvent(new Gw376Event.Other(31, Octets.ofHex("30090203260180")), true);
        // a normal event: the terminal found the clock of the meter at p3 out of tolerance
        c.recordEvent(new Gw376Event.MeterClock(LocalDateTime.of(2026, 3, 2, 9, 45), 3, true), false);
        String p3 = c.meters().get(2).address().toString();

        round();
        List<MeterEvent> power = events(EventReads.POWER_DOWN);
        assertEquals(2, power.size(), power.toString());
        MeterEvent first = power.get(0);
        assertEquals(c.archiveName(), first.meter());
        assertEquals(off.atZone(ConcentratorEndToEndTest.ZONE).toInstant(), first.started());
        assertEquals(Optional.of(off.plusMinutes(25).atZone(ConcentratorEndToEndTest.ZONE).toInstant()), first.ended());
        List<MeterEvent> raw = events("erc.31");
        assertEquals(1, raw.size());
        assertEquals(LocalDateTime.of(2026, 3, 2, 9, 30).atZone(ConcentratorEndToEndTest.ZONE).toInstant(), raw.get(0).started());
        assertTrue(raw.get(0).detail().endsWith("30090203260180"), raw.get(0).detail());
        List<MeterEvent> meterClock = events(EventReads.METER_CLOCK);
        assertEquals(List.of(p3), meterClock.stream().map(MeterEvent::meter).toList());
        assertEquals(Optional.empty(), meterClock.get(0).ended());
        assertEquals(4, records.get());

        round();
        assertEquals(4, records.get(), "nothing new: nothing read");

        // a restarted head-end does not know what it read: it reads the terminal's ring from 0 when ACD says
        // there is something new, and finds the old records already stored
        front.close();
        start(ConcentratorSettings.DEFAULTS);
        c.powerCycle(off.plusHours(5), off.plusHours(5).plusMinutes(3));
        c.recordEvent(new Gw376Event.MeterClock(LocalDateTime.of(2026, 3, 2, 9, 55), 3, false), false);
        round();
        assertEquals(4 + 4 + 2, records.get(), "all records, important and normal, read by the new front end");
        assertEquals(3, events(EventReads.POWER_DOWN).size());
        assertEquals(1, events("erc.31").size());
        meterClock = events(EventReads.METER_CLOCK);
        assertEquals(1, meterClock.size(), meterClock.toString());
        assertEquals(Optional.of(LocalDateTime.of(2026, 3, 2, 9, 55).atZone(ConcentratorEndToEndTest.ZONE).toInstant()),
                meterClock.get(0).ended(), "the record of its end closes the one of its start");
        assertEquals(5, store.events(Instant.EPOCH, clock.instant().plus(Duration.ofDays(1))).size(), "each record once");
    }
}
