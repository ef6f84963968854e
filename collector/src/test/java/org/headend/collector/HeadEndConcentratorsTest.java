package org.headend.collector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.archive.Placement;
import org.headend.collector.concentrator.ConcentratorFront;
import org.headend.collector.config.CollectorConfig;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.simulator.ConcentratorFleet;
import org.headend.simulator.ConcentratorFleetConfig;
import org.headend.simulator.SimulatedMeter;
import org.headend.simulator.Simulator;
import org.headend.simulator.SimulatorConfig;
import org.headend.simulator.SimulatedGateway;
import org.headend.storage.ArchivedMeter;
import org.headend.storage.PollDay;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head-end with gateways and concentrators from one archive: each meter read by its own path, on one schedule. */
class HeadEndConcentratorsTest {

    @TempDir
    Path dir;

    @Test
    void gatewayAndConcentratorMetersLandInTheSameStoreAndTallies() throws Exception {
        Path archive = dir.resolve("meters.csv");
        String db = "embedded:" + dir.resolve("h.db");
        try (Simulator sim = Simulator.start(SimulatorConfig.defaults().withMeters(6).withGateways(1)
                .withResponseDelay(Duration.ofMillis(1)));
             ConcentratorFleet fleet = ConcentratorFleet.create(ConcentratorFleetConfig.defaults().withSize(2, 4)
                     .withTiming(Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5)),
                     Clock.systemUTC())) {
            fleet.writeArchive(archive, sim.meters());
            ArchiveLoad load = MeterArchive.read(archive);
            assertTrue(load.isClean(), load.problems().toString());
            CollectorConfig.Builder b = CollectorConfig.builder().store(db).archive(archive).metrics("127.0.0.1", 0)
                    .interval(Duration.ofSeconds(1))
                    .concentrators(ConcentratorSettings.DEFAULTS.withPort("127.0.0.1", 0));
            for (SimulatedGateway g : sim.gateways()) {
                b.bus(g.name(), g.host(), g.port());
            }
            HeadEnd h = HeadEnd.start(b.build(), load.meters(), load.placements(), 0, Clock.systemUTC());
            try {
                ConcentratorFront front = h.concentrators().orElseThrow();
                assertEquals(8, front.meterCount());
                assertEquals(6, h.collector().meterCount(), "placed meters are not given to a bus");
                fleet.dialIn("127.0.0.1", front.port());
                List<SimulatedMeter> all = new java.util.ArrayList<>(sim.meters());
                all.addAll(fleet.meters());
                await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().allMatch(m ->
                        h.store().last(m.address().toString(), "energy.active.import.total").isPresent()));
                // the archive the readings were taken under is in the store too, each meter with its channel
                await().atMost(Duration.ofSeconds(10)).until(() -> h.store().archive().current().size() == 14);
                Map<String, ArchivedMeter> stored = h.store().archive().current().stream()
                        .collect(Collectors.toMap(ArchivedMeter::meter, m -> m));
                for (Meter m : load.meters()) {
                    ArchivedMeter a = stored.get(m.address());
                    assertEquals(m.ctRatio().doubleValue() * m.vtRatio().doubleValue(), a.multiplier(), 1e-9, m.address());
                    assertEquals(m.protocol().code(), a.protocol());
                    assertEquals(ArchivedMeter.IN_SERVICE, a.status());
                }
                for (Placement p : load.placements()) {
                    assertEquals("concentrator " + p.concentrator() + " point " + p.point(), stored.get(p.meter()).channel());
                }
                assertEquals(sim.gateways().get(0).name(), stored.get(sim.meters().get(0).address().toString()).channel());
            } finally {
                h.close();
            }
        }
        try (ReadingStore store = Stores.open(db)) {
            LocalDate today = LocalDate.now(ZoneId.systemDefault());
            List<PollDay> days = store.pollDays(today.minusDays(1), today.plusDays(1));
            long metersTallied = days.stream().filter(d -> d.answered() > 0).map(PollDay::meter).distinct().count();
            assertEquals(14, metersTallied, "every meter, by either path, has its day tally: " + days);
        }
    }

}
