package org.headend.collector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.headend.collector.archive.MeterProtocol;
import org.headend.storage.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorConfigTest {

    @Test
    void emptyDocumentGivesEveryDefault() {
        CollectorConfig c = CollectorConfig.parse("");

        assertEquals(CollectorConfig.defaults(), c);
        assertEquals("embedded:data/headend.db", c.store());
        assertEquals(new MetricsSettings("127.0.0.1", 9464), c.metrics());
        assertEquals(Duration.ofMinutes(15), c.schedule().interval());
        assertEquals(List.of("00010000", "0201FF00", "0202FF00", "02030000"),
                c.schedule().reads().get(MeterProtocol.DLT645_2007));
        assertEquals(List.of("9010"), c.schedule().reads().get(MeterProtocol.DLT645_1997));
        assertEquals(Duration.ofSeconds(2), c.busDefaults().requestTimeout());
        assertEquals(2, c.busDefaults().retries());
        assertEquals(Duration.ofMillis(200), c.busDefaults().retryBackoff());
        assertEquals(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), c.busDefaults().reconnectBackoff());
        assertEquals(4, c.busDefaults().preamble());
    }

    @Test
    void defaultsSurviveAYamlRoundTrip() {
        CollectorConfig defaults = CollectorConfig.defaults();
        String yaml = defaults.toYaml();

        assertEquals(defaults, CollectorConfig.parse(yaml));
        assertTrue(yaml.contains("interval: 15m"), yaml);
        assertTrue(yaml.contains("\"00010000\""), yaml);
    }

    @Test
    void aFullConfigSurvivesAYamlRoundTrip() {
        CollectorConfig c = CollectorConfig.builder()
                .store("jdbc:postgresql://127.0.0.1:5432/headend")
                .metrics("0.0.0.0", 0)
                .archive(Path.of("/srv/meters.csv"))
                .interval(Duration.ofSeconds(90))
                .reads(MeterProtocol.DLT645_1997, List.of("9010", "B611"))
                .busDefaults(new BusDefaults(Duration.ofMillis(1500), 1, Duration.ofMillis(250),
                        new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2)), 2))
                .bus("gw-01", "10.0.0.1", 8899)
                .bus("gw-02", new BusSettings("10.0.0.2", 26, Duration.ofMillis(700), 0, Duration.ZERO,
                        new Backoff(Duration.ofMillis(100), Duration.ofMillis(100)), 0))
                .build();

        assertEquals(c, CollectorConfig.parse(c.toYaml()));
    }

    @Test
    void busesInheritBusDefaultsAndOverrideSingleKeys() {
        CollectorConfig c = CollectorConfig.parse("""
                busDefaults:
                  requestTimeout: PT3S
                  retries: 3
                  reconnectBackoff: {max: 1m}
                buses:
                  gw-01: {host: 10.0.0.1, port: 8899}
                  gw-02:
                    host: 10.0.0.2
                    port: 8900
                    retries: 0
                    reconnectBackoff: {min: 2s}
                """);

        BusSettings one = c.buses().get("gw-01");
        assertEquals(Duration.ofSeconds(3), one.requestTimeout());
        assertEquals(3, one.retries());
        assertEquals(new Backoff(Duration.ofMillis(500), Duration.ofMinutes(1)), one.reconnectBackoff());
        assertEquals(4, one.preamble());
        BusSettings two = c.buses().get("gw-02");
        assertEquals(0, two.retries());
        assertEquals(Duration.ofSeconds(3), two.requestTimeout());
        assertEquals(new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1)), two.reconnectBackoff());
        assertEquals(List.of("gw-01", "gw-02"), List.copyOf(c.buses().keySet()));
    }

    @Test
    void reportsEveryProblemAtOnceNamingKeyValueAndLimit() {
        ConfigException e = assertThrows(ConfigException.class, () -> CollectorConfig.parse("""
                store: mysql://db
                metrics: {port: 70000, bind: 0.0.0.0}
                schedule:
                  interval: 15 minutes
                  reads:
                    dlt645-2007: ["00010000", "0201FF01", "12"]
                    modbus-tcp: ["1"]
                busDefaults:
                  retries: -1
                buses:
                  gw-01: {host: 10.0.0.1, port: 70000, preamble: 9}
                  gw-02: {port: 8899, requestTimeout: 50ms}
                  gw-03: {host: 10.0.0.3, prot: 8899, reconnectBackoff: {min: 5s, max: 1s}}
                  gw-04: {host: h, port: "eighty", retries: 20}
                """));

        List<String> expected = List.of(
                "metrics.bind is not a known key; known here are host, port",
                "schedule.interval was '15 minutes' but must be a duration with a unit",
                "schedule.reads.modbus-tcp cannot be set: a Modbus meter reads what its register map lists",
                "buses.gw-03.prot is not a known key",
                "buses.gw-03.port is missing",
                "buses.gw-04.port was 'eighty' but must be a whole number",
                "store was 'mysql://db' but must be embedded:<file> or jdbc:postgresql://",
                "metrics.port was 70000 but must be 0..65535",
                "schedule.reads.dlt645-2007[1] was '0201FF01' but is not in the dlt645-2007 data-identifier catalogue",
                "schedule.reads.dlt645-2007[2] was '12' but must be 8 hex digits",
                "busDefaults.retries was -1 but must be 0..10",
                "buses.gw-01.port was 70000 but must be 1..65535",
                "buses.gw-01.preamble was 9 but must be 0..4",
                "buses.gw-02.host is missing or blank but must be set",
                "buses.gw-02.requestTimeout was 50ms but must be 100ms..1m",
                "buses.gw-03.reconnectBackoff.max was 1s but must be at least buses.gw-03.reconnectBackoff.min (5s)",
                "buses.gw-04.retries was 20 but must be 0..10");
        for (String part : expected) {
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(part)),
                    () -> "missing '" + part + "' in\n" + e.getMessage());
        }
        assertEquals(expected.size(), e.problems().size(), e::getMessage);
        assertTrue(e.getMessage().startsWith("config has 17 problems:"), e.getMessage());
    }

    @Test
    void modbusDevicesInheritTheQuirksTheyLeaveOutAndSurviveARoundTrip() {
        CollectorConfig c = CollectorConfig.parse("""
                buses:
                  mb-01: {host: 10.0.0.9, port: 502}
                  mb-02: {host: 10.0.0.10, port: 502}
                modbus:
                  connectPause: 100ms
                  devices:
                    mb-02: {maxRegisters: 40}
                """);
        assertEquals(new DeviceQuirks(Duration.ofMillis(100), 125), c.modbus().quirks("mb-01"));
        assertEquals(new DeviceQuirks(Duration.ofMillis(100), 40), c.modbus().quirks("mb-02"));
        assertEquals(c, CollectorConfig.parse(c.toYaml()));
    }

    @Test
    void badModbusQuirksAreReportedByKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> CollectorConfig.parse("""
                buses:
                  mb-01: {host: 10.0.0.9, port: 502}
                modbus:
                  maxRegisters: 126
                  pause: 1s
                  devices:
                    mb-01: {connectPause: 2m, maxRegisters: 1}
                    mb-09: {maxRegisters: 10}
                """));
        for (String p : List.of("modbus.pause is not a known key", "modbus.maxRegisters was 126 but must be 2..125",
                "modbus.devices.mb-01.connectPause was 2m but must be 0s..1m", "modbus.devices.mb-01.maxRegisters was 1 but must be 2..125",
                "modbus.devices.mb-09 names no bus under 'buses' or 'lines'")) {
            assertTrue(e.problems().stream().anyMatch(x -> x.startsWith(p)), p + " in " + e.problems());
        }
    }

    @Test
    void storeOptionsAreReadAndSurviveARoundTrip() {
        CollectorConfig c = CollectorConfig.parse("""
                store: jdbc:postgresql://127.0.0.1:5432/headend
                storeOptions:
                  retention: 1095d
                  compressAfter: 7d
                  connections: 8
                  dailyZone: Asia/Shanghai
                """);

        assertEquals(StoreOptions.defaults().withRetention(Duration.ofDays(1095)).withCompressAfter(Duration.ofDays(7))
                .withConnections(8).withDailyZone(java.time.ZoneId.of("Asia/Shanghai")), c.storeOptions());
        assertEquals(c, CollectorConfig.parse(c.toYaml()));
    }

    @Test
    void badStoreOptionsAreReportedByKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> CollectorConfig.parse("""
                storeOptions: {retention: forever, dailyZone: Mars/Olympus, keep: 1}
                """));
        for (String p : List.of("storeOptions.keep is not a known key", "storeOptions.retention was 'forever' but must be a duration",
                "storeOptions.dailyZone was 'Mars/Olympus' but must be a time zone")) {
            assertTrue(e.problems().stream().anyMatch(x -> x.startsWith(p)), p + " in " + e.problems());
        }
        ConfigException range = assertThrows(ConfigException.class, () -> CollectorConfig.parse("storeOptions: {connections: 0}\n"));
        assertEquals(List.of("storeOptions.connections was 0 but must be 1..100"), range.problems());
    }

    @Test
    void unknownTopLevelKeyIsAnErrorNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> CollectorConfig.parse("bueses: {}\n"));

        assertEquals(List.of("bueses is not a known key; known here are archive, busDefaults, buses, concentrators, fairness, lines, metrics, modbus, schedule, store, storeOptions"),
                e.problems());
    }

    @Test
    void unquotedDataIdentifierIsRejectedBecauseYamlDropsItsLeadingZeros() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CollectorConfig.parse("schedule: {reads: {dlt645-2007: [00010000]}}\n"));

        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("schedule.reads.dlt645-2007[0] was "), e::getMessage);
        assertTrue(e.problems().get(0).endsWith("but must be quoted hex text, e.g. \"00010000\""), e::getMessage);
    }

    @Test
    void badYamlSyntaxNamesTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> CollectorConfig.parse("store: a\nmetrics: [\n"));

        assertTrue(e.problems().get(0).contains("not valid YAML"), e::getMessage);
        assertTrue(e.problems().get(0).startsWith("line "), e::getMessage);
    }

    @Test
    void duplicateKeyIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> CollectorConfig.parse("store: a\nstore: b\n"));

        assertTrue(e.problems().get(0).contains("store"), e::getMessage);
    }

    @Test
    void builderValidatesAndReportsAllProblems() {
        ConfigException e = assertThrows(ConfigException.class, () -> CollectorConfig.builder()
                .metrics("", -1)
                .interval(Duration.ZERO)
                .bus("gw 1", "h", 0)
                .build());

        assertEquals(List.of(
                "metrics.host is missing or blank but must be set",
                "metrics.port was -1 but must be 0..65535",
                "schedule.interval was 0s but must be 1s..1d",
                "buses.gw 1 has a bad name: 'gw 1' must be 1..64 of A-Z a-z 0-9 . _ - starting with a letter or digit",
                "buses.gw 1.port was 0 but must be 1..65535"), e.problems());
    }

    @Test
    void anInheritedBadValueIsReportedOnceUnderBusDefaults() {
        CollectorConfig c = new CollectorConfig(CollectorConfig.DEFAULT_STORE, MetricsSettings.DEFAULTS,
                CollectorConfig.DEFAULT_ARCHIVE, Schedule.DEFAULTS,
                new BusDefaults(Duration.ofSeconds(2), 2, Duration.ofMillis(200), BusDefaults.DEFAULT_RECONNECT_BACKOFF, 7),
                java.util.Map.of(), FairnessSettings.DEFAULTS, java.util.Map.of());
        CollectorConfig withBuses = new CollectorConfig(c.store(), c.metrics(), c.archive(), c.schedule(), c.busDefaults(),
                java.util.Map.of("a", c.busDefaults().bus("h", 1), "b", c.busDefaults().bus("h", 2)), FairnessSettings.DEFAULTS,
                java.util.Map.of());

        assertEquals(List.of("busDefaults.preamble was 7 but must be 0..4"), withBuses.problems());
    }

    @Test
    void loadsAFileAndAcceptsIsoAndShortDurations(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("collector.yaml");
        Files.writeString(f, """
                archive: /srv/meters.csv
                schedule: {interval: PT1H}
                busDefaults: {requestTimeout: 1500ms, retryBackoff: 0s}
                buses:
                  gw-01: {host: 10.0.0.1, port: 26}
                """);

        CollectorConfig c = CollectorConfig.load(f);

        assertEquals(Path.of("/srv/meters.csv"), c.archive());
        assertEquals(Duration.ofHours(1), c.schedule().interval());
        assertEquals(Duration.ofMillis(1500), c.buses().get("gw-01").requestTimeout());
        assertEquals(Duration.ZERO, c.buses().get("gw-01").retryBackoff());
    }

    @Test
    void scheduleResolvesItsIdentifiersInTheCatalogue() {
        var items = Schedule.DEFAULTS.items(MeterProtocol.DLT645_2007);

        assertEquals(List.of("00010000", "0201FF00", "0202FF00", "02030000"), items.stream().map(i -> i.idText()).toList());
        assertEquals("energy.active.import.total", items.get(0).elements().get(0).quantity());
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        BusSettings bus = BusDefaults.STANDARD.bus("h", 1);

        assertEquals(List.of(500L, 1000L, 2000L, 16000L, 30000L, 30000L),
                java.util.stream.IntStream.of(0, 1, 2, 5, 6, 100).mapToObj(b::delayAfter).map(Duration::toMillis).toList());
        assertEquals(List.of(200L, 400L, 800L),
                java.util.stream.IntStream.of(1, 2, 3).mapToObj(bus::retryDelay).map(Duration::toMillis).toList());
    }

    @Test
    void noConcentratorsSectionLeavesTheFrontEndOff() {
        assertEquals(ConcentratorSettings.OFF, CollectorConfig.parse("store: embedded:x.db\n").concentrators());
    }

    @Test
    void anEmptyConcentratorsSectionTurnsTheFrontEndOnWithDefaults() {
        ConcentratorSettings c = CollectorConfig.parse("concentrators: {}\n").concentrators();

        assertEquals(ConcentratorSettings.DEFAULTS, c);
        assertTrue(c.enabled());
        assertEquals(Duration.ofMinutes(3), c.idleTimeout());
        assertEquals(Duration.ofSeconds(5), c.clockDriftLimit());
        assertEquals(Duration.ofSeconds(10), c.meterClockDriftLimit());
        assertEquals(Duration.ofDays(1), c.meterClockEvery());
        assertEquals(62, c.backfillDays());
    }

    @Test
    void concentratorSettingsSurviveAYamlRoundTrip() {
        CollectorConfig c = CollectorConfig.builder().concentrators(ConcentratorSettings.DEFAULTS.withPort("127.0.0.1", 9100)
                .withReads(List.of("forward", "current")).withClock(java.time.Duration.ofSeconds(10), true)
                .withLoginsPerMinute(600).withMeterClocks(Duration.ofSeconds(20), Duration.ofHours(6))).build();
        CollectorConfig never = CollectorConfig.builder().concentrators(ConcentratorSettings.DEFAULTS
                .withMeterClocks(Duration.ofSeconds(10), Duration.ZERO)).build();

        assertEquals(c, CollectorConfig.parse(c.toYaml()));
        assertEquals(never, CollectorConfig.parse(never.toYaml()), "0s: meter clocks never read");
    }

    @Test
    void everyBadConcentratorValueIsReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> CollectorConfig.parse("""
                concentrators:
                  port: 70000
                  masterAddress: 0
                  idlePeriods: 0
                  reads: [current, sideways]
                  forwardBaud: 1000
                  backfillDays: 90
                  zone: Mars/Olympus
                  setClock: maybe
                  meterClockDriftLimit: 0s
                  meterClockEvery: 10s
                  nonsense: 1
                """));

        String all = String.join("\n", e.problems());
        for (String part : List.of("concentrators.port was 70000", "concentrators.masterAddress was 0",
                "concentrators.idlePeriods was 0", "concentrators.reads was [current, sideways]",
                "concentrators.forwardBaud was 1000", "concentrators.backfillDays was 90", "concentrators.zone was 'Mars/Olympus'",
                "concentrators.setClock was 'maybe'", "concentrators.meterClockDriftLimit was 0s",
                "concentrators.meterClockEvery was 10s", "concentrators.nonsense is not a known key")) {
            assertTrue(all.contains(part), () -> part + " not in " + all);
        }
    }
}
