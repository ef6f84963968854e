package org.headend.collector.concentrator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.collector.metrics.ConcentratorMetrics;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.simulator.ConcentratorFleet;
import org.headend.simulator.ConcentratorFleetConfig;
import org.headend.simulator.SimulatedConcentrator;
import org.headend.simulator.SimulatedMeter;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.ReadingWriter;
import org.headend.storage.Source;
import org.headend.storage.Stores;
import org.headend.storage.WriterSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated concentrators dial in to the front end over real sockets on 127.0.0.1; readings go
 * through the batch writer into a real SQLite store (issue 5, "How it is checked").
 */
class ConcentratorEndToEndTest {

    static final ZoneOffset ZONE = ZoneOffset.ofHours(8);
    static final String TOTAL = "energy.active.import.total";
    static final Map<Dlt645Edition, List<Long>> READS = Map.of(Dlt645Edition.V2007, List.of(0x00010000L),
            Dlt645Edition.V1997, List.of(0x9010L));

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(OffsetDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZONE).toInstant());
    ConcentratorFleet fleet;
    ConcentratorFront front;
    ReadingStore store;
    ReadingWriter writer;
    ArchiveLoad load;
    final Map<String, List<org.headend.collector.poll.PollOutcome>> tallies = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.concurrent.atomic.AtomicInteger due = new java.util.concurrent.atomic.AtomicInteger();

    @AfterEach
    void close() {
        if (fleet != null) {
            fleet.close();
        }
        if (front != null) {
            front.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private void start(int concentrators, int meters) throws Exception {
        ConcentratorFleetConfig fc = ConcentratorFleetConfig.defaults().withSize(concentrators, meters)
                .withTiming(Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5));
        fleet = ConcentratorFleet.create(fc, clock);
        Path archive = dir.resolve("archive.csv");
        fleet.writeArchive(archive);
        load = MeterArchive.read(archive);
        assertTrue(load.isClean(), load.problems().toString());
        assertEquals(concentrators * meters, load.placements().size());
        store = Stores.open("embedded:" + dir.resolve("h.db"));
        writer = ReadingWriter.start(store, WriterSettings.defaults().withInterval(Duration.ofMillis(50)));
        ConcentratorSettings settings = ConcentratorSettings.DEFAULTS.withPort("127.0.0.1", 0)
                .withSessions(Duration.ofSeconds(2), 3, Duration.ofSeconds(10), 1)
                .withReads(List.of(ConcentratorSettings.READ_CURRENT, ConcentratorSettings.READ_FORWARD))
                .withLoginsPerMinute(1000); // all from 127.0.0.1
        front = ConcentratorFront.start(settings, load.meters(), load.placements(), READS, rs -> {
            try {
                writer.acceptAll(rs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, store, ConcentratorMetrics.NONE, clock);
        front.ledgerReady().get(30, TimeUnit.SECONDS);
        front.tallyInto(new ReadOutcomes() {
            @Override
            public void due(String meter) {
                due.incrementAndGet();
            }

            @Override
            public void done(String meter, org.headend.collector.poll.PollOutcome outcome) {
                tallies.computeIfAbsent(meter, m -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(outcome);
            }
        });
        fleet.dialIn("127.0.0.1", front.port());
        await().atMost(Duration.ofSeconds(30)).until(() -> front.online() == concentrators);
    }

    private void flushed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.stats().queued() == 0
                && writer.stats().written() + writer.stats().failures() >= writer.stats().accepted());
    }

    private static double primary(long register, SimulatedMeter m) {
        return register / 100.0 * m.ctRatio() * m.vtRatio();
    }

    private double stored(SimulatedMeter m, Instant at) {
        List<Reading> r = store.between(m.address().toString(), TOTAL, at, at.plusMillis(1));
        assertEquals(1, r.size(), "one " + TOTAL + " of " + m.address() + " at " + at);
        return r.get(0).value();
    }

    @Test
    void everyMeterReadThroughBothPathsEqualsItsRegisterTimesMultiplier() throws Exception {
        start(50, 32);
        Instant t1 = clock.instant();
        RoundResult current = front.round(false, true, false).get(60, TimeUnit.SECONDS);
        assertEquals(50, current.sessions());
        assertEquals(0, current.failures());
        // the registers at t1, taken before the clock moves on (a meter's registers never go back)
        Map<SimulatedMeter, Long> atT1 = new java.util.HashMap<>();
        fleet.meters().forEach(m -> atT1.put(m, m.forwardActive(t1)[0]));
        clock.advance(Duration.ofMinutes(15));
        Instant t2 = clock.instant();
        RoundResult forwarded = front.round(false, false, true).get(60, TimeUnit.SECONDS);
        assertEquals(0, forwarded.failures());
        flushed();

        for (SimulatedMeter m : fleet.meters()) {
            assertEquals(primary(atT1.get(m), m), stored(m, t1), 1e-6, "0C F129 of " + m.address());
            assertEquals(primary(m.forwardActive(t2)[0], m), stored(m, t2), 1e-6, "10 F1 of " + m.address());
        }
        // 0C F129 gives the tariffs too (total + T1..T4); 10 F1 asked for the total only
        assertEquals(50 * 32 * 5, current.readings());
        assertEquals(50 * 32, forwarded.readings());
        assertEquals(0, front.unexpectedReplies());
    }

    @Test
    void aConcentratorCutOffForThreeDaysHasThoseDaysBackfilledFromFrozenData() throws Exception {
        start(4, 8);
        LocalDate day1 = LocalDate.ofInstant(clock.instant(), ZONE);
        front.readRound().get(30, TimeUnit.SECONDS);
        SimulatedConcentrator cut = fleet.concentrators().get(1);
        cut.link().online(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !front.online(cut.address().region(), cut.address().terminal()));
        for (int d = 0; d < 4; d++) {
            clock.advance(Duration.ofDays(1));
            RoundResult r = front.readRound().get(30, TimeUnit.SECONDS);
            assertEquals(3, r.sessions());
            assertEquals(1, r.offline());
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
        assertEquals(day1.plusDays(4), today);
        cut.link().online(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> front.online(cut.address().region(), cut.address().terminal()));
        RoundResult back = front.readRound().get(30, TimeUnit.SECONDS);
        assertEquals(8 * 3 * 5, back.backfilled(), "three missed days of 8 meters, total + 4 tariffs each");
        flushed();
        // six rounds of 32 meters, each tallied once: the cut concentrator's meters failed four times
        assertEquals(6 * 32, due.get());
        for (SimulatedConcentrator c : fleet.concentrators()) {
            for (SimulatedMeter m : c.meters()) {
                long failed = tallies.get(m.address().toString()).stream()
                        .filter(o -> o == org.headend.collector.poll.PollOutcome.DISCONNECTED).count();
                assertEquals(c == cut ? 4 : 0, failed, m.address().toString());
                assertEquals(6, tallies.get(m.address().toString()).size());
            }
        }

        for (SimulatedConcentrator c : fleet.concentrators()) {
            for (int i = 0; i < c.meters().size(); i++) {
                SimulatedMeter m = c.meters().get(i);
                String address = m.address().toString();
                assertEquals(List.of(), front.ledger().missing(address, today), "ledger complete for " + address);
                for (LocalDate day = day1; day.isBefore(today); day = day.plusDays(1)) {
                    boolean late = c == cut && day.isBefore(today.minusDays(1));
                    Source expected = late ? Source.BACKFILL : Source.SCHEDULED;
                    assertEquals(expected, front.ledger().day(address, day).orElseThrow(), address + " " + day);
                    Instant end = day.plusDays(1).atStartOfDay(ZONE).toInstant();
                    assertEquals(primary(c.frozen(i, day).orElseThrow()[0], m), stored(m, end), 1e-6, address + " " + day);
                    Reading r = store.between(address, TOTAL, end, end.plusMillis(1)).get(0);
                    assertEquals(expected, r.source(), "stored source of " + address + " " + day);
                }
            }
        }
    }

    @Test
    void theLedgerIsRebuiltFromTheStoreAfterARestart() throws Exception {
        start(2, 4);
        LocalDate day1 = LocalDate.ofInstant(clock.instant(), ZONE);
        clock.advance(Duration.ofDays(1));
        front.readRound().get(30, TimeUnit.SECONDS);
        flushed();
        front.close();
        clock.advance(Duration.ofDays(2));

        front = ConcentratorFront.start(ConcentratorSettings.DEFAULTS.withPort("127.0.0.1", 0), load.meters(),
                load.placements(), READS, rs -> { }, store, ConcentratorMetrics.NONE, clock);
        front.ledgerReady().get(30, TimeUnit.SECONDS);
        LocalDate today = day1.plusDays(3);
        for (SimulatedMeter m : fleet.meters()) {
            String a = m.address().toString();
            assertEquals(java.util.Optional.of(Source.SCHEDULED), front.ledger().day(a, day1), a);
            assertEquals(List.of(day1.plusDays(1), day1.plusDays(2)), front.ledger().missing(a, today),
                    "the days since the last stored daily reading are owed again: " + a);
        }
    }
}
