package org.headend.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.protocol.modbus.RegisterEntry;
import org.headend.protocol.serial.SerialFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party master reads the simulator: Debian's mbpoll (package {@code mbpoll}, required in CI,
 * so a missing binary fails here rather than skipping) polls the simulated SDM630 meters over
 * Modbus TCP, and in RTU mode over a socat pty pair, and prints the values the simulator reports.
 */
class MbpollReadsTheSimulatorTest {

    static final Path MBPOLL = Path.of("/usr/bin/mbpoll");
    /** mbpoll's value lines: {@code [31]: 	231.7} (reference, tab, value). */
    static final Pattern VALUE = Pattern.compile("^\\[(\\d+)\\]:\\s+(\\S+)", Pattern.MULTILINE);

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:15:00Z"));
    Simulator sim;

    @BeforeEach
    void start() {
        assertTrue(Files.isExecutable(MBPOLL), MBPOLL + " is missing: apt-get install mbpoll");
        sim = Simulator.start(SimulatorConfig.defaults().withMeters(3).withGateways(1).withSeed(7),
                ModbusSettings.of(1, "sdm630", ModbusFraming.TCP), clock);
    }

    @AfterEach
    void close() {
        sim.close();
    }

    /** Runs mbpoll once over TCP: input registers as ABCD floats, 0-based references. */
    Map<Integer, String> mbpoll(int unit, int start, int floats, String type) throws IOException, InterruptedException {
        SimulatedGateway gw = sim.gateways().get(0);
        return mbpoll(List.of("-m", "tcp", "-p", Integer.toString(gw.port())), unit, start, floats, type, gw.host());
    }

    /** Runs mbpoll once with {@code connection} options and {@code device}; the values by reference, its output at -1. */
    static Map<Integer, String> mbpoll(List<String> connection, int unit, int start, int floats, String type, String device)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(MBPOLL.toString()));
        cmd.addAll(connection);
        cmd.addAll(List.of("-a", Integer.toString(unit), "-t", type, "-B", "-0", "-r", Integer.toString(start), "-c",
                Integer.toString(floats), "-1", "-o", "2", device));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "mbpoll ended");
        Map<Integer, String> values = new java.util.LinkedHashMap<>();
        Matcher m = VALUE.matcher(out);
        while (m.find()) {
            values.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        values.put(-1, out);
        return values;
    }

    @Test
    void mbpollGetsTheValuesTheSimulatorReports() throws Exception {
        for (SimulatedMeter meter : sim.gateways().get(0).meters()) {
            int unit = sim.modbusUnit(meter).orElseThrow();
            assertReported(sim, meter, unit, mbpoll(unit, 0, 40, "3:float"));
        }
    }

    /**
     * mbpoll in RTU mode on the master's end of a socat pty pair, the simulator's units on the other
     * end, paced at 9600 8N1: the same values as over TCP, and a unit switched silent times out.
     */
    @Test
    void mbpollReadsTheRtuUnitsOnAPacedSerialLine(@TempDir Path dir) throws Exception {
        try (PtyPair pty = PtyPair.start(dir);
             Simulator rtu = Simulator.start(SimulatorConfig.defaults().withMeters(3).withGateways(1).withSeed(7),
                     ModbusSettings.of(1, "sdm630", ModbusFraming.RTU), clock,
                     new SerialLines(List.of(pty.meterEnd().toString()), SerialFormat.MODBUS_RTU, true, false))) {
            List<String> line = List.of("-m", "rtu", "-b", "9600", "-d", "8", "-P", "none", "-s", "1");
            List<SimulatedMeter> meters = rtu.gateways().get(0).meters();
            for (SimulatedMeter meter : meters) {
                int unit = rtu.modbusUnit(meter).orElseThrow();
                assertReported(rtu, meter, unit, mbpoll(line, unit, 0, 40, "3:float", pty.masterEnd().toString()));
            }
            meters.get(1).fault(MeterFault.SILENT);
            String out = mbpoll(line, 2, 0, 2, "3:float", pty.masterEnd().toString()).get(-1);
            assertTrue(out.toLowerCase().contains("timed out"), out);
            assertEquals(4, rtu.gateways().get(0).requests(), "three reads and the silent one");
            assertEquals(1, rtu.gateways().get(0).silences());
        }
    }

    /** Every SDM630 quantity of the first 40 floats that the meter measures, as mbpoll printed it. */
    private void assertReported(Simulator sim, SimulatedMeter meter, int unit, Map<Integer, String> got) {
        Map<String, Double> expected = meter.measurements(clock.instant());
        int checked = 0;
        for (RegisterEntry e : sim.modbus().map().entries()) {
            Double want = expected.get(e.quantity());
            if (want == null || e.end() > 0x50) {
                continue;
            }
            String text = got.get(e.register());
            assertTrue(text != null, "mbpoll printed register " + e.register() + ":\n" + got.get(-1));
            // mbpoll prints the meter's own units (W, not kW): undo the map's scale
            assertEquals(want / e.scale(), Double.parseDouble(text), Math.abs(want / e.scale()) * 1e-5 + 1e-6,
                    e.quantity() + " of unit " + unit + ":\n" + got.get(-1));
            checked++;
        }
        assertTrue(checked >= 6, "energy, voltage, current, power, PF and frequency were compared, " + checked);
    }

    @Test
    void mbpollSeesTheIllegalDataAddressException() throws Exception {
        String out = mbpoll(1, 0x60, 2, "3:float").get(-1);
        assertTrue(out.toLowerCase().contains("illegal data address"), out);
    }
}
