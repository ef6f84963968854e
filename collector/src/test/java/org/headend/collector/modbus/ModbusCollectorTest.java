package org.headend.collector.modbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.headend.collector.channel.LinkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.headend.collector.Collector;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.channel.BusListener;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.config.DeviceQuirks;
import org.headend.collector.metrics.CollectorMetrics;
import org.headend.collector.poll.PollOutcome;
import org.headend.collector.poll.PollPlan;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.protocol.modbus.RegisterMap;
import org.headend.simulator.ModbusSettings;
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
 * The collector reading the simulator's Modbus gateways over 127.0.0.1, Modbus TCP and RTU frames
 * over TCP, into the embedded store: every stored value is what the simulated meter measures,
 * through the register map, times CT x VT as the quantity needs.
 */
public class ModbusCollectorTest {

    public static final Instant AT = Instant.parse("2026-03-02T10:15:00Z");
    static final PollPlan ONE_CYCLE = new PollPlan(Duration.ofSeconds(5), Map.of(
            Dlt645Edition.V2007, List.of(0x00010000L), Dlt645Edition.V1997, List.of(0x9010L)), 1);
    static final BusTiming TIMING = new BusTiming(Duration.ofMillis(500), 2, 0, Duration.ofMillis(20),
            Duration.ofMillis(50), Duration.ofMillis(500), 0, 10_000);

    @TempDir
    Path dir;

    /** Results and listener events of one run. */
    static final class Recorder implements BusListener {
        final Map<String, List<PollOutcome>> outcomes = new ConcurrentHashMap<>();
        final Map<String, Integer> exceptions = new ConcurrentHashMap<>();
        final List<String> timeouts = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger dlt645Jobs = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void jobDone(String bus, org.headend.collector.poll.JobResult result) {
            dlt645Jobs.incrementAndGet();
        }

        @Override
        public void readFinished(String bus, String protocol, PollOutcome outcome) {
            outcomes.computeIfAbsent(protocol, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(outcome);
        }

        @Override
        public void deviceException(String bus, String exception) {
            exceptions.merge(exception, 1, Integer::sum);
        }

        @Override
        public void timeout(String bus) {
            timeouts.add(bus);
        }

        int finished() {
            return outcomes.values().stream().mapToInt(List::size).sum() + dlt645Jobs.get();
        }
    }

    /** One cycle of the collector over {@code load}, waiting until {@code expected} reads (DL/T 645 jobs and Modbus reads) end. */
    static void oneCycle(ArchiveLoad load, List<Collector.BusEndpoint> endpoints, ReadingStore store, Recorder recorder,
                         int expected) throws Exception {
        ReadingWriter writer = ReadingWriter.start(store, WriterSettings.defaults().withInterval(Duration.ofMillis(100)));
        try (Collector c = Collector.start(endpoints, load.meters(), ONE_CYCLE, writer, recorder, Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> recorder.finished() >= expected);
            assertEquals(expected, c.progress().snapshot().attempted());
        } finally {
            writer.close();
        }
    }

    static List<Collector.BusEndpoint> endpoints(Simulator sim, DeviceQuirks quirks) {
        List<Collector.BusEndpoint> out = new ArrayList<>();
        for (SimulatedGateway g : sim.gateways()) {
            out.add(new Collector.BusEndpoint(g.name(), new LinkSpec.Gateway(new InetSocketAddress(g.host(), g.port())), TIMING, quirks));
        }
        return out;
    }

    /** Checks every quantity of every Modbus meter: stored = measured (secondary) x the factor its kind of quantity takes. */
    public static void assertStoredAsMeasured(Simulator sim, ReadingStore store, RegisterMap map) {
        for (SimulatedGateway g : sim.gateways()) {
            if (!sim.isModbus(g)) {
                continue;
            }
            for (SimulatedMeter m : g.meters()) {
                String address = m.address().toString();
                Map<String, Double> measured = m.measurements(AT);
                int compared = 0;
                for (var e : map.entries()) {
                    Double secondary = measured.get(e.quantity());
                    var stored = store.last(address, e.quantity());
                    if (secondary == null) {
                        // what the meter does not measure: 0 for quantities it lacks, nothing for missing phases (NaN)
                        assertTrue(stored.isEmpty() || stored.get().value() == 0, address + " " + e.quantity() + " " + stored);
                        continue;
                    }
                    double factor = e.quantity().startsWith("voltage.") ? m.vtRatio()
                            : e.quantity().startsWith("current.") ? m.ctRatio()
                            : e.quantity().startsWith("energy.") || e.quantity().startsWith("power.") ? m.multiplier() : 1;
                    double expected = secondary * factor;
                    Reading r = stored.orElseThrow(() -> new AssertionError("nothing stored for " + address + " " + e.quantity()));
                    assertEquals(expected, r.value(), Math.abs(expected) * 1e-6 + 1e-9, address + " " + e.quantity());
                    assertEquals(e.unit(), r.unit());
                    compared++;
                }
                assertTrue(compared >= 6, address + ": energy, voltage, current, power, PF, frequency compared: " + compared);
            }
        }
    }

    @Test
    void readsTheSimulatorsModbusTcpMetersAndStoresTheirValuesTimesCtAndVt() throws Exception {
        try (Simulator sim = Simulator.start(SimulatorConfig.defaults().withMeters(40).withGateways(4).withSeed(3)
                        .withResponseDelay(Duration.ofMillis(1)), ModbusSettings.of(2, "sdm630", ModbusFraming.TCP),
                Clock.fixed(AT, ZoneOffset.UTC));
             ReadingStore store = Stores.open("embedded:" + dir.resolve("headend.db"))) {
            Path archive = dir.resolve("archive.csv");
            sim.writeArchive(archive);
            ArchiveLoad load = MeterArchive.read(archive);
            assertTrue(load.isClean(), load.problems().toString());
            assertTrue(sim.meters().stream().anyMatch(m -> m.multiplier() > 1 && sim.modbusUnit(m).isPresent()),
                    "some Modbus meter is behind transformers, so CT x VT is tested");
            Recorder rec = new Recorder();
            oneCycle(load, endpoints(sim, DeviceQuirks.DEFAULTS), store, rec, 40);
            assertEquals(20, rec.outcomes.get("modbus-tcp").size());
            assertTrue(rec.outcomes.get("modbus-tcp").stream().allMatch(o -> o == PollOutcome.OK), rec.outcomes.toString());
            assertStoredAsMeasured(sim, store, sim.modbus().map());
        }
    }

    @Test
    void readsRtuFramesOverTcpInTheBlocksTheDeviceAllowsAndCountsItsExceptionsByName() throws Exception {
        try (Simulator sim = Simulator.start(SimulatorConfig.defaults().withMeters(6).withGateways(1).withSeed(5),
                ModbusSettings.of(1, "dtsu666", ModbusFraming.RTU), Clock.fixed(AT, ZoneOffset.UTC));
             ReadingStore store = Stores.open("embedded:" + dir.resolve("headend.db"))) {
            // the meter model's map plus one register the device does not have: an exception reply, the rest still read
            Path map = dir.resolve("dtsu-plus.map");
            Files.writeString(map, new String(RegisterMap.class.getResourceAsStream("dtsu666.map").readAllBytes())
                    .replace("@map dtsu666", "@map dtsu-plus") + "0x3000 holding float32 ABCD 1 kvarh energy.reactive.import.total\n");
            Path archive = dir.resolve("archive.csv");
            sim.writeArchive(archive);
            Files.writeString(archive, Files.readString(archive).replace(",dtsu666\n", ",dtsu-plus.map\n"));
            ArchiveLoad load = MeterArchive.read(archive);
            assertTrue(load.isClean(), load.problems().toString());
            Recorder rec = new Recorder();
            SimulatedGateway gw = sim.gateways().get(0);
            oneCycle(load, endpoints(sim, new DeviceQuirks(Duration.ofMillis(50), 10)), store, rec, 6);
            assertTrue(rec.outcomes.get("modbus-rtu").stream().allMatch(o -> o == PollOutcome.ERROR_REPLY), rec.outcomes.toString());
            assertEquals(Map.of("illegal_data_address", 6), rec.exceptions);
            // blocks of at most 10 registers, one request each: 2 for the energies, 5 for 0x2006..0x2046, 1 for 0x3000
            assertEquals(8, RegisterMap.parse(Files.readString(map), "plus").blocks(10).size());
            assertEquals(6 * 8, gw.requests());
            assertStoredAsMeasured(sim, store, RegisterMap.builtIn("dtsu666").orElseThrow());
        }
    }

    @Test
    void aSilentUnitTimesOutOnceAndTheOthersAreStillRead() throws Exception {
        try (Simulator sim = Simulator.start(SimulatorConfig.defaults().withMeters(5).withGateways(1).withSeed(9),
                ModbusSettings.of(1, "sdm630", ModbusFraming.RTU), Clock.fixed(AT, ZoneOffset.UTC));
             ReadingStore store = Stores.open("embedded:" + dir.resolve("headend.db"))) {
            Path archive = dir.resolve("archive.csv");
            sim.writeArchive(archive);
            List<String> lines = new ArrayList<>(Files.readAllLines(archive));
            lines.set(3, lines.get(3).replaceAll(",\\d+,sdm630$", ",200,sdm630"));   // no unit 200 behind this gateway
            Files.write(archive, lines);
            ArchiveLoad load = MeterArchive.read(archive);
            Recorder rec = new Recorder();
            oneCycle(load, endpoints(sim, DeviceQuirks.DEFAULTS), store, rec, 5);
            List<PollOutcome> o = rec.outcomes.get("modbus-rtu");
            assertEquals(1, o.stream().filter(x -> x == PollOutcome.TIMEOUT).count(), o.toString());
            assertEquals(4, o.stream().filter(x -> x == PollOutcome.OK).count(), o.toString());
            assertEquals(1, rec.timeouts.size(), "one timeout, not retried within the cycle");
            assertEquals(1, sim.gateways().get(0).silences(), "the silent unit was asked once (j2mod retries nothing itself)");
        }
    }

    @Test
    void deviceExceptionsAreAMetricByName() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (CollectorMetrics metrics = CollectorMetrics.of(registry)) {
            metrics.deviceException("gw-04", "illegal_data_address");
            metrics.deviceException("gw-04", "illegal_data_address");
            metrics.deviceException("gw-04", "slave_device_busy");
            String text = registry.scrape();
            assertTrue(text.contains("headend_device_exceptions_total{bus=\"gw-04\",exception=\"illegal_data_address\"} 2.0"), text);
            assertTrue(text.contains("headend_device_exceptions_total{bus=\"gw-04\",exception=\"slave_device_busy\"} 1.0"), text);
        }
    }

    static Path resource(String name) throws IOException {
        return Path.of("src/test/resources/modbus", name).toAbsolutePath();
    }
}
