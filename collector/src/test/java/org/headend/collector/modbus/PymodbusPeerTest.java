package org.headend.collector.modbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.headend.collector.channel.LineProtocol;
import org.headend.collector.channel.LinkSpec;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.headend.collector.Collector;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.config.DeviceQuirks;
import org.headend.collector.poll.PollOutcome;
import org.headend.protocol.modbus.RegisterMap;
import org.headend.protocol.serial.SerialFormat;
import org.headend.simulator.PtyPair;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector against a third-party Modbus server: Debian's python3-pymodbus serving
 * SDM630-style float32 input registers (script in src/test/resources/modbus) over TCP, and as an
 * RTU slave on a socat pty pair. Required in CI: a missing python3, pymodbus or socat fails these
 * tests, they do not skip.
 */
class PymodbusPeerTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;
    Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The SDM630 quantities each unit serves, in the meter's own units (W for power). */
    static Map<String, Double> served(int unit) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("voltage.a", 230.1 + unit);
        m.put("current.a", 5.25 * unit);
        m.put("power.active.total", 1234.5 * unit);
        m.put("power_factor.total", 0.95);
        m.put("frequency", 50.02);
        m.put("energy.active.import.total", 1010.75 * unit);
        return m;
    }

    /** Checks that /usr/bin/python3 can serve with pymodbus, and writes the register file of units 1 and 2. */
    private Path registers() throws Exception {
        assertTrue(Files.isExecutable(PYTHON), PYTHON + " is missing");
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import pymodbus.server").redirectErrorStream(true).start();
        String why = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), "pymodbus cannot serve (apt-get install python3-pymodbus python3-serial-asyncio): " + why);

        RegisterMap sdm = RegisterMap.builtIn("sdm630").orElseThrow();
        StringBuilder data = new StringBuilder();
        for (int unit = 1; unit <= 2; unit++) {
            for (Map.Entry<String, Double> q : served(unit).entrySet()) {
                int register = sdm.entry(q.getKey()).orElseThrow().register();
                int bits = Float.floatToIntBits(q.getValue().floatValue());     // ABCD: high word first
                data.append(unit).append(' ').append(register).append(' ').append(bits >>> 16).append(' ').append(bits & 0xFFFF).append('\n');
            }
        }
        Path file = dir.resolve("registers.txt");
        Files.writeString(file, data);
        return file;
    }

    /** Starts the script on {@code where}: a TCP port, or a serial device. */
    private void startServer(String where, Path registers) throws IOException {
        Path script = Path.of("src/test/resources/modbus/pymodbus_server.py").toAbsolutePath();
        server = new ProcessBuilder(PYTHON.toString(), script.toString(), where, registers.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    }

    @Test
    void theCollectorReadsAPymodbusServerServingAnSdm630Map() throws Exception {
        Path registers = registers();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        startServer(Integer.toString(port), registers);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            assertTrue(server.isAlive(), () -> "pymodbus server died: " + log());
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        readThreeUnits("modbus-tcp", new Collector.BusEndpoint("py", new LinkSpec.Gateway(new InetSocketAddress("127.0.0.1", port)),
                ModbusCollectorTest.TIMING, DeviceQuirks.DEFAULTS));
    }

    /** pymodbus as an RTU slave on one end of a socat pty pair at 9600 8N1, the collector's serial line on the other. */
    @Test
    void theCollectorReadsAPymodbusRtuServerOnASerialLine() throws Exception {
        Path registers = registers();
        try (PtyPair pty = PtyPair.start(dir)) {
            startServer(pty.meterEnd().toString(), registers);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                assertTrue(server.isAlive(), () -> "pymodbus server died: " + log());
                return log().contains("ready");
            });
            SerialFormat format = SerialFormat.MODBUS_RTU;
            readThreeUnits("modbus-rtu", new Collector.BusEndpoint("py", new LinkSpec.Serial(pty.masterEnd().toString(), format, false),
                    ModbusCollectorTest.TIMING.withFrameGap(LineProtocol.MODBUS_RTU.frameGap(format)), DeviceQuirks.DEFAULTS));
        }
    }

    /** One cycle over units 1..3 ({@code protocol} meters on bus py): 1 and 2 stored as served times CT x VT, 3 silent. */
    private void readThreeUnits(String protocol, Collector.BusEndpoint bus) throws Exception {
        Path archive = dir.resolve("archive.csv");
        Files.writeString(archive, """
                meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area,modbus_unit,register_map
                000000000001,%1$s,py,40,1,commercial,east,1,sdm630
                000000000002,%1$s,py,1,100,industrial,east,2,sdm630
                000000000003,%1$s,py,1,1,commercial,east,3,sdm630
                """.formatted(protocol));
        ArchiveLoad load = MeterArchive.read(archive);
        assertTrue(load.isClean(), load.problems().toString());
        try (ReadingStore store = Stores.open("embedded:" + dir.resolve("headend.db"))) {
            ModbusCollectorTest.Recorder rec = new ModbusCollectorTest.Recorder();
            ModbusCollectorTest.oneCycle(load, List.of(bus), store, rec, 3);
            assertEquals(List.of(PollOutcome.OK, PollOutcome.OK, PollOutcome.TIMEOUT), rec.outcomes.get(protocol),
                    "pymodbus does not answer unit 3: " + log());
            double[][] ctVt = {{40, 1}, {1, 100}};
            for (int unit = 1; unit <= 2; unit++) {
                String meter = String.format("%012d", unit);
                double ct = ctVt[unit - 1][0];
                double vt = ctVt[unit - 1][1];
                Map<String, Double> s = served(unit);
                assertStored(store, meter, "voltage.a", s.get("voltage.a") * vt);
                assertStored(store, meter, "current.a", s.get("current.a") * ct);
                assertStored(store, meter, "power.active.total", s.get("power.active.total") / 1000 * ct * vt);
                assertStored(store, meter, "energy.active.import.total", s.get("energy.active.import.total") * ct * vt);
                assertStored(store, meter, "power_factor.total", 0.95);
                assertStored(store, meter, "frequency", 50.02);
            }
            assertTrue(store.last("000000000003", "energy.active.import.total").isEmpty());
        }
    }

    static void assertStored(ReadingStore store, String meter, String quantity, double expected) {
        double v = store.last(meter, quantity).orElseThrow(() -> new AssertionError(meter + " " + quantity + " not stored")).value();
        assertEquals(expected, v, Math.abs(expected) * 1e-6, meter + " " + quantity);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
