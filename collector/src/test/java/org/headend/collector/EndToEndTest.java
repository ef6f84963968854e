package org.headend.collector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.channel.BusListener;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.poll.JobResult;
import org.headend.collector.poll.PollOutcome;
import org.headend.collector.poll.PollPlan;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Value;
import org.headend.simulator.GatewayFault;
import org.headend.simulator.MeterFault;
import org.headend.simulator.SimulatedGateway;
import org.headend.simulator.SimulatedMeter;
import org.headend.simulator.Simulator;
import org.headend.simulator.SimulatorConfig;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.ReadingWriter;
import org.headend.storage.Stores;
import org.headend.storage.WriterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine over real sockets: the simulator's gateways on 127.0.0.1, the collector's buses,
 * the embedded store on disk. Two full cycles, then every stored value is checked against what
 * the simulated meter served.
 */
class EndToEndTest {

    private static final long ENERGY = 0x00010000L;
    private static final String ENERGY_Q = "energy.active.import.total";
    // 5 s: the second cycle starts at least 2.5 s after the first, time enough for a loaded CI machine
    // to finish the first, so no meter is skipped.
    private static final PollPlan PLAN = new PollPlan(Duration.ofSeconds(5), Map.of(
            Dlt645Edition.V2007, List.of(ENERGY, 0x0201FF00L, 0x0202FF00L, 0x02030000L),
            Dlt645Edition.V1997, List.of(0x9010L)), 2);
    private static final BusTiming TIMING = new BusTiming(Duration.ofMillis(500), 3, 0, Duration.ofMillis(20),
            Duration.ofMillis(50), Duration.ofMillis(500), 4, 10_000);

    @TempDir
    Path dir;

    /** Runs the collector against {@code sim} for two cycles and returns the results per meter. */
    private Map<String, List<JobResult>> runTwoCycles(Simulator sim, ReadingStore store, BusListener listener)
            throws Exception {
        Path archive = dir.resolve("archive.csv");
        sim.writeArchive(archive);
        ArchiveLoad load = MeterArchive.read(archive);
        assertTrue(load.isClean(), load.problems().toString());
        List<Collector.BusEndpoint> endpoints = sim.gateways().stream()
                .map(g -> new Collector.BusEndpoint(g.name(), new InetSocketAddress(g.host(), g.port()), TIMING))
                .toList();
        Map<String, List<JobResult>> results = new ConcurrentHashMap<>();
        BusListener recording = new BusListener() {
            @Override
            public void jobDone(String bus, JobResult r) {
                results.computeIfAbsent(r.address().toString(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(r);
                listener.jobDone(bus, r);
            }

            @Override
            public void timeout(String bus) {
                listener.timeout(bus);
            }
        };
        ReadingWriter writer = ReadingWriter.start(store, WriterSettings.defaults().withInterval(Duration.ofMillis(100)));
        PollLedger ledger = new PollLedger(store, java.time.ZoneOffset.UTC, Clock.systemUTC());
        try (Collector collector = Collector.start(endpoints, load.meters(), PLAN, writer, recording, ledger,
                Clock.systemUTC())) {
            int expected = 2 * load.meters().size();
            await().atMost(Duration.ofSeconds(60)).until(() -> results.values().stream().mapToInt(List::size).sum() >= expected);
            assertEquals(expected, collector.progress().snapshot().attempted());
        } finally {
            ledger.close();
            writer.close();
        }
        return results;
    }

    private static long numbers(JobResult r) {
        return r.values().values().stream().flatMap(List::stream).filter(v -> v instanceof Dlt645Value.Number).count();
    }

    private static double storedEnergyShouldBe(SimulatedMeter m) {
        return m.lastServed(ENERGY).orElseThrow().unscaled(0) / 100.0 * m.ctRatio() * m.vtRatio();
    }

    @Test
    void twoFullCyclesStoreEveryMetersRegisterTimesItsMultiplierOnce() throws Exception {
        try (Simulator sim = Simulator.start(SimulatorConfig.defaults().withResponseDelay(Duration.ofMillis(1)));
             ReadingStore store = Stores.open("embedded:" + dir.resolve("headend.db"))) {
            Map<String, List<JobResult>> results = runTwoCycles(sim, store, BusListener.NONE);

            assertEquals(200, results.size());
            for (SimulatedMeter m : sim.meters()) {
                String address = m.address().toString();
                assertTrue(results.get(address).stream().allMatch(r -> r.outcome() == PollOutcome.OK), address);
                Reading last = store.last(address, ENERGY_Q).orElseThrow(() -> new AssertionError("no energy for " + address));
                assertEquals(storedEnergyShouldBe(m), last.value(), 1e-6 * Math.max(1, last.value()), address);
                List<Reading> both = store.between(address, ENERGY_Q, Instant.EPOCH, Instant.now().plusSeconds(60));
                assertEquals(2, both.size(), "one energy reading per cycle for " + address);
                assertTrue(both.get(1).value() >= both.get(0).value(), "registers only go forward");
            }
            // each meter's day tally: two jobs due, two answered (a run across UTC midnight splits them)
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            List<org.headend.storage.PollDay> tallies = store.pollDays(today.minusDays(1), today.plusDays(1));
            assertEquals(200, tallies.stream().map(org.headend.storage.PollDay::meter).distinct().count());
            assertEquals(400, tallies.stream().mapToInt(org.headend.storage.PollDay::due).sum());
            assertEquals(400, tallies.stream().mapToInt(org.headend.storage.PollDay::answered).sum());
            long produced = results.values().stream().flatMap(List::stream).mapToLong(EndToEndTest::numbers).sum();
            assertTrue(produced >= 2 * 200 * 4, "each read gives at least energy, one voltage, one current and power");
            assertEquals(produced, store.count(), "every value answered is stored, none twice");
            assertEquals(200, store.lastPerMeter(ENERGY_Q).size());
        }
    }

    @Test
    void faultyMetersAndGatewaysAreCountedAndCostOnlyThemselves() throws Exception {
        try (Simulator sim = Simulator.start(SimulatorConfig.defaults().withMeters(40).withResponseDelay(Duration.ofMillis(1)));
             ReadingStore store = Stores.open("embedded:" + dir.resolve("faults.db"))) {
            List<SimulatedGateway> gws = sim.gateways();
            SimulatedMeter silent = gws.get(0).meters().get(3);
            SimulatedMeter garbled = gws.get(1).meters().get(5);
            silent.fault(MeterFault.SILENT);
            garbled.fault(MeterFault.BAD_CHECKSUM);
            gws.get(2).fault(GatewayFault.DROP_MID_FRAME, 0.05);
            gws.get(3).fault(GatewayFault.SPLIT_AND_MERGE);
            gws.get(3).fault(GatewayFault.GARBAGE);
            AtomicInteger timeouts = new AtomicInteger();
            BusListener listener = new BusListener() {
                @Override
                public void timeout(String bus) {
                    timeouts.incrementAndGet();
                }
            };
            Map<String, List<JobResult>> results = runTwoCycles(sim, store, listener);

            assertTrue(results.get(silent.address().toString()).stream().allMatch(r -> r.outcome() == PollOutcome.TIMEOUT));
            assertEquals(2, timeouts.get(), "a silent meter costs one timeout per cycle, nothing more");
            assertTrue(results.get(garbled.address().toString()).stream().allMatch(r -> r.outcome() == PollOutcome.BAD_FRAME));
            Map<PollOutcome, Integer> others = new HashMap<>();
            for (SimulatedMeter m : sim.meters()) {
                if (m == silent || m == garbled) {
                    continue;
                }
                for (JobResult r : results.get(m.address().toString())) {
                    others.merge(r.outcome(), 1, Integer::sum);
                }
                assertTrue(store.last(m.address().toString(), ENERGY_Q).isPresent(), "meter " + m.address() + " was read");
            }
            assertEquals(Map.of(PollOutcome.OK, 2 * 38), others, "every other meter is read in every cycle");
            assertTrue(store.last(silent.address().toString(), ENERGY_Q).isEmpty());
        }
    }

    @Test
    void anOnDemandReadIsStoredAsOnDemandAndAnUnknownMeterIsRefused() throws Exception {
        try (Simulator sim = Simulator.start(SimulatorConfig.defaults().withMeters(4).withGateways(1)
                .withResponseDelay(Duration.ofMillis(1)));
             ReadingStore store = Stores.open("embedded:" + dir.resolve("on-demand.db"))) {
            Path archive = dir.resolve("archive.csv");
            sim.writeArchive(archive);
            ArchiveLoad load = MeterArchive.read(archive);
            SimulatedGateway g = sim.gateways().get(0);
            List<Collector.BusEndpoint> endpoints = List.of(
                    new Collector.BusEndpoint(g.name(), new InetSocketAddress(g.host(), g.port()), TIMING));
            PollPlan oneCycle = new PollPlan(Duration.ofHours(1), PLAN.reads(), 1);
            ReadingWriter writer = ReadingWriter.start(store, WriterSettings.defaults().withInterval(Duration.ofMillis(50)));
            String address = g.meters().get(2).address().toString();
            try (Collector collector = Collector.start(endpoints, load.meters(), oneCycle, writer, BusListener.NONE,
                    Clock.systemUTC())) {
                JobResult r = collector.readNow(address).get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(PollOutcome.OK, r.outcome());
                java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class,
                        () -> collector.readNow("123456789012").get(1, java.util.concurrent.TimeUnit.SECONDS));
                assertTrue(e.getCause().getMessage().contains("not in the archive"), e.getCause().getMessage());
            } finally {
                writer.close();
            }
            assertTrue(store.between(address, ENERGY_Q, Instant.EPOCH, Instant.now().plusSeconds(60)).stream()
                    .anyMatch(x -> x.source() == org.headend.storage.Source.ON_DEMAND), "an on-demand reading is stored");
        }
    }
}
