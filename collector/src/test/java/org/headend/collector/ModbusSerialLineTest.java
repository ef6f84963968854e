package org.headend.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.archive.ModbusTarget;
import org.headend.collector.metrics.Exposition;
import org.headend.collector.config.CollectorConfig;
import org.headend.collector.modbus.ModbusCollectorTest;
import org.headend.collector.poll.PollOutcome;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.protocol.modbus.RegisterMap;
import org.headend.protocol.serial.SerialFormat;
import org.headend.simulator.MeterFault;
import org.headend.simulator.ModbusSettings;
import org.headend.simulator.PtyPair;
import org.headend.simulator.SerialLines;
import org.headend.simulator.SimulatedMeter;
import org.headend.simulator.Simulator;
import org.headend.simulator.SimulatorConfig;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector on a Modbus RTU line of a local serial port: the simulator's SDM630-style units
 * served on one end of a socat pty pair, paced at 9600 8N1, the whole head-end (config with a
 * {@code modbus-rtu} line, j2mod's serial master, store, metrics) on the other. Without socat
 * these tests fail: they never skip.
 */
class ModbusSerialLineTest {

    private static final String ENERGY_Q = "energy.active.import.total";

    @TempDir
    Path dir;

    /** Config of one modbus-rtu line named gw-01 (the simulator's gateway, so the archive's bus column names it). */
    private String config(String name, PtyPair pty, String interval, String fairness) {
        return config(name, pty, interval, fairness, "");
    }

    private String config(String name, PtyPair pty, String interval, String fairness, String lineExtra) {
        return """
                store: embedded:%s
                metrics: {host: 127.0.0.1, port: 0}
                archive: %s
                schedule: {interval: %s}
                fairness: %s
                lines:
                  gw-01: {device: %s, protocol: modbus-rtu, requestTimeout: 1s%s}
                """.formatted(dir.resolve(name + ".db"), dir.resolve(name + ".csv"), interval, fairness, pty.masterEnd(),
                lineExtra);
    }

    private static Simulator simulator(int meters, PtyPair pty) {
        return simulator(meters, pty, true, false);
    }

    private static Simulator simulator(int meters, PtyPair pty, boolean paced, boolean echo) {
        return Simulator.start(SimulatorConfig.defaults().withMeters(meters).withGateways(1).withSeed(3),
                ModbusSettings.of(1, "sdm630", ModbusFraming.RTU), Clock.fixed(ModbusCollectorTest.AT, ZoneOffset.UTC),
                new SerialLines(List.of(pty.meterEnd().toString()), SerialFormat.MODBUS_RTU, paced, echo));
    }

    @Test
    void readsPacedRtuUnitsAt9600_8N1AndStoresTheirValuesTimesCtAndVt() throws Exception {
        try (PtyPair pty = PtyPair.start(dir); Simulator sim = simulator(3, pty)) {
            assertTrue(sim.meters().stream().anyMatch(m -> m.multiplier() > 1), "a meter behind transformers, so CT x VT is tested");
            CollectorConfig config = CollectorConfig.parse(config("paced", pty, "2s", "{}"));
            Exposition metrics = SerialLineTest.run(config, sim, 2);

            assertEquals(6, metrics.value("headend_polls_total", Map.of("protocol", "modbus-rtu", "outcome", "ok")));
            Map<String, String> bus = Map.of("bus", "gw-01");
            // each read is the map's two blocks: 80 registers (8 + 165 bytes) and 2 (8 + 9 bytes), 10 bits a byte
            // at 9600, each reply after the 3.5-character silence that ends the request
            double leastRead = (8 + 165 + 8 + 9) * 10 / 9600.0 + 2 * 3.5 * 10 / 9600.0;
            assertEquals(12, metrics.value("headend_poll_round_trip_seconds_count", bus), "two blocks per read");
            assertTrue(metrics.value("headend_poll_round_trip_seconds_sum", bus) >= 6 * leastRead,
                    "round trips take the wire time: " + metrics.value("headend_poll_round_trip_seconds_sum", bus));
            try (ReadingStore store = Stores.open(config.store())) {
                ModbusCollectorTest.assertStoredAsMeasured(sim, store, sim.modbus().map());
                for (SimulatedMeter m : sim.meters()) {
                    assertEquals(2, store.between(m.address().toString(), ENERGY_Q, Instant.EPOCH, Instant.now().plusSeconds(60)).size(),
                            "one energy reading per cycle of " + m.address());
                }
            }
        }
    }

    @Test
    void aDeadUnitIsQuarantinedAndTheOthersAreReadEveryCycle() throws Exception {
        try (PtyPair pty = PtyPair.start(dir); Simulator sim = simulator(4, pty)) {
            SimulatedMeter dead = sim.meters().get(0); // unit 1, first in line: its first timeout is the full 1 s
            dead.fault(MeterFault.SILENT);
            // a cycle takes at most 1 s of silence and three reads of 0.21 s, under half the interval
            CollectorConfig config = CollectorConfig.parse(config("dead", pty, "4s",
                    "{quarantineAfter: 2, probeBackoff: {min: 1h, max: 1h}}"));
            int cycles = 4;
            Exposition metrics = SerialLineTest.run(config, sim, cycles);

            Map<String, String> bus = Map.of("bus", "gw-01");
            assertEquals(1, metrics.value("headend_meters_quarantined", bus));
            assertEquals(2, metrics.value("headend_poll_timeouts_total", bus), "silent twice, then quarantined");
            // the first wait is the request timeout (nothing heard yet), the second twice the 500 ms floor
            assertTrue(metrics.value("headend_bus_silence_seconds_total", bus) >= 1.0 + 1.0,
                    "bus time lost to silence: " + metrics.value("headend_bus_silence_seconds_total", bus));
            assertEquals(cycles - 2, metrics.value("headend_polls_total",
                    Map.of("protocol", "modbus-rtu", "outcome", PollOutcome.QUARANTINED.tag())));
            assertEquals(3 * cycles, metrics.value("headend_polls_total", Map.of("protocol", "modbus-rtu", "outcome", "ok")));
            assertEquals(2, sim.gateways().get(0).silences(), "the quarantined unit was not asked again");
            try (ReadingStore store = Stores.open(config.store())) {
                for (SimulatedMeter m : sim.meters()) {
                    assertEquals(m == dead ? 0 : cycles,
                            store.between(m.address().toString(), ENERGY_Q, Instant.EPOCH, Instant.now().plusSeconds(60)).size(),
                            "energy readings of " + m.address());
                }
            }
        }
    }

    /** A 2-wire adapter hands the master its own request back; the line's echo suppression reads it off. */
    @Test
    void echoSuppressionReadsTheAdaptersEchoOffBeforeTheReply() throws Exception {
        try (PtyPair pty = PtyPair.start(dir); Simulator sim = simulator(2, pty, false, true)) {
            CollectorConfig config = CollectorConfig.parse(config("echo", pty, "2s", "{}", ", echoSuppression: true"));
            Exposition metrics = SerialLineTest.run(config, sim, 2);
            assertEquals(4, metrics.value("headend_polls_total", Map.of("protocol", "modbus-rtu", "outcome", "ok")));
            try (ReadingStore store = Stores.open(config.store())) {
                ModbusCollectorTest.assertStoredAsMeasured(sim, store, sim.modbus().map());
            }
        }
    }

    @Test
    void meterAndLineProtocolsMustAgreeAndTheErrorSaysWhatToSet() {
        CollectorConfig config = CollectorConfig.parse("""
                lines:
                  rs485-1: {device: /dev/ttyUSB0}
                  rs485-2: {device: /dev/ttyUSB1, protocol: modbus-rtu}
                """);
        RegisterMap map = RegisterMap.builtIn("sdm630").orElseThrow();
        Meter rtuOnDlt645 = new Meter("1", MeterProtocol.MODBUS_RTU, "rs485-1", BigDecimal.ONE, BigDecimal.ONE, "c", "a",
                new ModbusTarget(1, map));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeadEnd.checkLines(config, List.of(rtuOnDlt645)));
        assertEquals("meter 000000000001 speaks modbus-rtu but line rs485-1 is a dlt645 line; set lines.rs485-1.protocol"
                + " to modbus-rtu (Modbus TCP meters go under 'buses')", e.getMessage());
        Meter tcpOnRtu = new Meter("2", MeterProtocol.MODBUS_TCP, "rs485-2", BigDecimal.ONE, BigDecimal.ONE, "c", "a",
                new ModbusTarget(1, map));
        assertThrows(IllegalArgumentException.class, () -> HeadEnd.checkLines(config, List.of(tcpOnRtu)));
        Meter rtuOnRtu = new Meter("3", MeterProtocol.MODBUS_RTU, "rs485-2", BigDecimal.ONE, BigDecimal.ONE, "c", "a",
                new ModbusTarget(1, map));
        HeadEnd.checkLines(config, List.of(rtuOnRtu));
    }
}
