package org.headend.collector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.config.CollectorConfig;
import org.headend.collector.metrics.Exposition;
import org.headend.collector.poll.PollOutcome;
import org.headend.protocol.serial.SerialFormat;
import org.headend.simulator.MeterFault;
import org.headend.simulator.PtyPair;
import org.headend.simulator.SerialLines;
import org.headend.simulator.SimulatedMeter;
import org.headend.simulator.Simulator;
import org.headend.simulator.SimulatorConfig;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector on a real serial line: simulated DL/T 645 meters served on one end of a socat pty
 * pair, paced at the line speed, the whole head-end (config, line, store, metrics) on the other.
 * A fresh pty pair per head-end, since a pty reopened with parity fails (dependencies.md §2).
 * Without socat these tests fail: they never skip.
 */
class SerialLineTest {

    private static final String ENERGY_Q = "energy.active.import.total";
    private static final long ENERGY = 0x00010000L;

    @TempDir
    Path dir;


    /** Config of one line named gw-01 (the simulator's first gateway, so the archive's bus column names it). */
    private String config(String name, PtyPair pty, String interval, String lineExtra, String fairness) {
        return """
                store: embedded:%s
                metrics: {host: 127.0.0.1, port: 0}
                archive: %s
                schedule: {interval: %s, reads: {dlt645-2007: ["00010000"]}}
                fairness: %s
                lines:
                  gw-01: {device: %s, baud: 2400, dataBits: 8, parity: even, stopBits: 1, requestTimeout: 1s%s}
                """.formatted(dir.resolve(name + ".db"), dir.resolve(name + ".csv"), interval, fairness, pty.masterEnd(), lineExtra);
    }

    /** Runs the head-end for {@code cycles} cycles and returns its last metrics scrape. */
    static Exposition run(CollectorConfig config, Simulator sim, int cycles) throws Exception {
        sim.writeArchive(config.archive());
        ArchiveLoad load = MeterArchive.read(config.archive());
        assertTrue(load.isClean(), load.problems().toString());
        try (HeadEnd headEnd = HeadEnd.start(config, load.meters(), cycles, Clock.systemUTC())) {
            long expected = (long) cycles * load.meters().size();
            await().atMost(Duration.ofSeconds(60)).until(() -> headEnd.collector().progress().snapshot().attempted() >= expected);
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + headEnd.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return Exposition.parse(text);
        }
    }

    private static double served(SimulatedMeter m) {
        return m.lastServed(ENERGY).orElseThrow().unscaled(0) / 100.0 * m.ctRatio() * m.vtRatio();
    }

    private static List<Reading> energy(ReadingStore store, SimulatedMeter m) {
        return store.between(m.address().toString(), ENERGY_Q, Instant.EPOCH, Instant.now().plusSeconds(60));
    }

    @Test
    void readsPacedMetersAt2400_8E1AndStoresWhatTheyServed() throws Exception {
        SimulatorConfig simConfig = SimulatorConfig.defaults().withMeters(3).withGateways(1);
        try (PtyPair pty = PtyPair.start(dir);
             Simulator sim = Simulator.start(simConfig, Clock.systemUTC(),
                     new SerialLines(List.of(pty.meterEnd().toString()), SerialFormat.DLT645, true, false))) {
            CollectorConfig config = CollectorConfig.parse(config("paced", pty, "2s", "", "{}"));
            Exposition metrics = run(config, sim, 2);

            Map<String, String> bus = Map.of("bus", "gw-01");
            assertEquals(6, metrics.value("headend_poll_round_trip_seconds_count", bus), "two cycles of three reads");
            // paced: 20 request bytes + 20 ms turnaround + 24 reply bytes at 4.583 ms each (protocols.md §5)
            double leastRoundTrip = 0.2216;
            assertTrue(metrics.value("headend_poll_round_trip_seconds_sum", bus) >= 6 * leastRoundTrip,
                    "round trips take the wire time: " + metrics.value("headend_poll_round_trip_seconds_sum", bus));
            try (ReadingStore store = Stores.open(config.store())) {
                for (SimulatedMeter m : sim.meters()) {
                    List<Reading> r = energy(store, m);
                    assertEquals(2, r.size(), "one energy reading per cycle of " + m.address());
                    assertEquals(served(m), r.get(1).value(), 1e-6 * Math.max(1, r.get(1).value()));
                }
            }
        }
    }

    @Test
    void aDeadMeterIsQuarantinedAndTheOthersAreReadEveryCycle() throws Exception {
        SimulatorConfig simConfig = SimulatorConfig.defaults().withMeters(4).withGateways(1);
        try (PtyPair pty = PtyPair.start(dir);
             Simulator sim = Simulator.start(simConfig, Clock.systemUTC(),
                     new SerialLines(List.of(pty.meterEnd().toString()), SerialFormat.DLT645, true, false))) {
            SimulatedMeter dead = sim.meters().get(0); // first in line: its first timeout is the full 1 s
            dead.fault(MeterFault.SILENT);
            // 5 s cycles: the first cycle (a silent 1 s and three reads of 0.23 s) must end before the
            // second, which the scheduler may start as soon as half an interval after it; at 3 s it
            // sometimes did not, a job was skipped and the test waited forever for its count
            CollectorConfig config = CollectorConfig.parse(config("dead", pty, "5s", "",
                    "{quarantineAfter: 2, probeBackoff: {min: 1h, max: 1h}}"));
            int cycles = 4;
            Exposition metrics = run(config, sim, cycles);

            Map<String, String> bus = Map.of("bus", "gw-01");
            assertEquals(1, metrics.value("headend_meters_quarantined", bus));
            assertEquals(2, metrics.value("headend_poll_timeouts_total", bus), "silent twice, then quarantined");
            // the first timeout is the request timeout (nothing heard yet), the second twice the 500 ms floor
            assertTrue(metrics.value("headend_bus_silence_seconds_total", bus) >= 1.0 + 1.0,
                    "bus time lost to silence: " + metrics.value("headend_bus_silence_seconds_total", bus));
            assertEquals(cycles - 2, metrics.value("headend_polls_total",
                    Map.of("protocol", "dlt645-2007", "outcome", PollOutcome.QUARANTINED.tag())));
            assertEquals(3 * cycles, metrics.value("headend_polls_total", Map.of("protocol", "dlt645-2007", "outcome", "ok")));
            try (ReadingStore store = Stores.open(config.store())) {
                for (SimulatedMeter m : sim.meters()) {
                    assertEquals(m == dead ? 0 : cycles, energy(store, m).size(), "energy readings of " + m.address());
                }
            }
        }
    }

    @Test
    void echoSuppressionDropsTheAdaptersEchoOfEachRequest() throws Exception {
        Exposition suppressed = echoRun("suppressed", true);
        Exposition raw = echoRun("raw", false);

        Map<String, String> bus = Map.of("bus", "gw-01");
        Map<String, String> unexpected = Map.of("bus", "gw-01", "reason", "unexpected");
        assertEquals(6, suppressed.value("headend_poll_round_trip_seconds_count", bus));
        assertTrue(suppressed.samples("headend_frames_dropped_total").isEmpty(), "no echoed request reaches the bus");
        // the same line without suppression: each echoed request is a frame that answers nothing
        assertEquals(6, raw.value("headend_poll_round_trip_seconds_count", bus));
        assertEquals(6, raw.value("headend_frames_dropped_total", unexpected));
        assertTrue(raw.value("headend_bus_received_bytes_total", bus) > suppressed.value("headend_bus_received_bytes_total", bus));
    }

    private Exposition echoRun(String name, boolean suppress) throws Exception {
        Path sub = Files.createDirectories(dir.resolve(name));
        SimulatorConfig simConfig = SimulatorConfig.defaults().withMeters(3).withGateways(1);
        try (PtyPair pty = PtyPair.start(sub);
             Simulator sim = Simulator.start(simConfig, Clock.systemUTC(),
                     new SerialLines(List.of(pty.meterEnd().toString()), SerialFormat.DLT645, false, true))) {
            CollectorConfig config = CollectorConfig.parse(config(name, pty, "2s", ", echoSuppression: " + suppress, "{}"));
            return run(config, sim, 2);
        }
    }
}
