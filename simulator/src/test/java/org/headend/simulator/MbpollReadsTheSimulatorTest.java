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
import org.headend.protocol.modbus.RegisterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A third-party master reads the simulator: Debian's mbpoll (package {@code mbpoll}, required in CI,
 * so a missing binary fails here rather than skipping) polls the simulated SDM630 meters over
 * Modbus TCP and prints the values the simulator reports.
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

    /** Runs mbpoll once: input registers as ABCD floats, 0-based references. */
    Map<Integer, String> mbpoll(int unit, int start, int floats, String type) throws IOException, InterruptedException {
        SimulatedGateway gw = sim.gateways().get(0);
        List<String> cmd = new ArrayList<>(List.of(MBPOLL.toString(), "-m", "tcp", "-p", Integer.toString(gw.port()),
                "-a", Integer.toString(unit), "-t", type, "-B", "-0", "-r", Integer.toString(start), "-c",
                Integer.toString(floats), "-1", "-o", "2", gw.host()));
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
        RegisterMap map = sim.modbus().map();
        for (SimulatedMeter meter : sim.gateways().get(0).meters()) {
            int unit = sim.modbusUnit(meter).orElseThrow();
            Map<Integer, String> got = mbpoll(unit, 0, 40, "3:float");
            Map<String, Double> expected = meter.measurements(clock.instant());
            int checked = 0;
            for (RegisterEntry e : map.entries()) {
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
    }

    @Test
    void mbpollSeesTheIllegalDataAddressException() throws Exception {
        String out = mbpoll(1, 0x60, 2, "3:float").get(-1);
        assertTrue(out.toLowerCase().contains("illegal data address"), out);
    }
}
