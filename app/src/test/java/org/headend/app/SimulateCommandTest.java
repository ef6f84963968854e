package org.headend.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fazecast.jSerialComm.SerialPort;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Extractor;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

    @Test
    void runsForTheGivenDurationPrintsPortsAndWritesTheArchive(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("archive.csv");
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new SimulateCommand());
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("--meters", "6", "--gateways", "2", "--seed", "5", "--duration", "200ms",
                "--response-delay", "0", "--archive", archive.toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().matches("(?s)gw-01 127\\.0\\.0\\.1:\\d+ 3 meters\\R+gw-02 127\\.0\\.0\\.1:\\d+ 3 meters.*"), out.toString());
        List<String> lines = Files.readAllLines(archive);
        assertEquals("meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area", lines.get(0));
        assertEquals(7, lines.size());
    }

    @Test
    void theLastGatewaysSpeakModbusWhenAsked(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("archive.csv");
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new SimulateCommand());
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("--meters", "6", "--gateways", "2", "--modbus-gateways", "1", "--modbus-map", "dtsu666",
                "--duration", "200ms", "--archive", archive.toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().matches("(?s)gw-01 127\\.0\\.0\\.1:\\d+ 3 meters\\R+gw-02 127\\.0\\.0\\.1:\\d+ 3 meters "
                + "\\(modbus-tcp, map dtsu666, units 1\\.\\.3\\).*"), out.toString());
        List<String> lines = Files.readAllLines(archive);
        assertEquals("meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area,modbus_unit,register_map", lines.get(0));
        assertTrue(lines.get(4).matches("\\d{12},modbus-tcp,gw-02,.*,1,dtsu666"), lines.get(4));
        StringWriter err = new StringWriter();
        cmd = new CommandLine(new SimulateCommand());
        cmd.setErr(new PrintWriter(err));
        assertEquals(CommandLine.ExitCode.USAGE, cmd.execute("--gateways", "1", "--modbus-gateways", "2", "--duration", "1s"));
        assertTrue(err.toString().contains("modbus gateways was 2"), err.toString());
    }

    @Test
    void servesModbusRtuUnitsOnAPtyAt9600_8N1ByDefault(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("archive.csv");
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new SimulateCommand());
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("--meters", "2", "--gateways", "1", "--modbus-gateways", "1", "--modbus-framing", "rtu",
                "--serial", "pty", "--serial-paced", "--duration", "200ms", "--archive", archive.toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().matches("(?s)gw-01 serial \\S+ 9600 8N1 \\(collector: \\S+\\) 2 meters "
                + "\\(modbus-rtu, map sdm630, units 1\\.\\.2\\).*"), out.toString());
        assertTrue(Files.readAllLines(archive).get(2).matches("\\d{12},modbus-rtu,gw-01,.*,2,sdm630"), Files.readString(archive));

        StringWriter err = new StringWriter();
        cmd = new CommandLine(new SimulateCommand());
        cmd.setErr(new PrintWriter(err));
        assertEquals(CommandLine.ExitCode.USAGE, cmd.execute("--gateways", "1", "--modbus-gateways", "1", "--serial", "pty",
                "--duration", "1s"));
        assertTrue(err.toString().contains("where Modbus is RTU; use framing rtu"), err.toString());
    }

    @Test
    void printsRequestsServedEveryReportInterval() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new SimulateCommand());
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("--meters", "2", "--gateways", "1", "--duration", "1s", "--report-every", "200ms");
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("requests served in the last 200ms: 0 (total 0, received 0)"), out.toString());
        assertTrue(out.toString().contains("stopping: 0 requests received, 0 served"), out.toString());
    }

    @Test
    void invalidSettingsExitWithUsageAndNameTheSetting() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new SimulateCommand());
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute("--meters", "0", "--duration", "1s");
        assertEquals(CommandLine.ExitCode.USAGE, code);
        assertTrue(err.toString().contains("meters was 0"), err.toString());
    }

    @Test
    void durationsTakeShortUnitsAndIso() {
        SimulateCommand.DurationConverter c = new SimulateCommand.DurationConverter();
        assertEquals(Duration.ofMillis(20), c.convert("20ms"));
        assertEquals(Duration.ofSeconds(90), c.convert("90s"));
        assertEquals(Duration.ofMinutes(5), c.convert("5m"));
        assertEquals(Duration.ofMinutes(1), c.convert("PT1M"));
        assertEquals(Duration.ZERO, c.convert("0"));
        assertEquals("1m", SimulateCommand.shortForm(Duration.ofMinutes(1)));
        assertEquals("90s", SimulateCommand.shortForm(Duration.ofSeconds(90)));
    }

    @Test
    void servesAGatewayOnAFreshPtyPairAndPrintsTheCollectorsEnd(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("archive.csv");
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new SimulateCommand());
        cmd.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() ->
                cmd.execute("--meters", "4", "--gateways", "2", "--serial", "pty", "--serial-format", "2400 8E1",
                        "--duration", "8s", "--archive", archive.toString()));
        Pattern line = Pattern.compile(
                "gw-01 serial (\\S+) 2400 8E1 \\(collector: (\\S+)\\) 2 meters");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> line.matcher(out.toString()).find() && Files.exists(archive));
        Matcher m = line.matcher(out.toString());
        assertTrue(m.find());
        assertTrue(out.toString().matches("(?s).*gw-02 127\\.0\\.0\\.1:\\d+ 2 meters.*"), out.toString());

        String meter = Files.readAllLines(archive).get(1).split(",")[0];
        Dlt645Address address = Dlt645Address.parse(meter);
        SerialPort port = SerialPort.getCommPort(m.group(2));
        port.setComPortParameters(2400, 8, SerialPort.ONE_STOP_BIT,
                SerialPort.EVEN_PARITY);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 5000, 0);
        assertTrue(port.openPort(), "open " + m.group(2) + ": error " + port.getLastErrorCode());
        try {
            byte[] request = Dlt645FrameCodec.encode(Dlt645Messages
                    .readRequest(Dlt645Edition.V2007, address, 0x00010000L), 4);
            assertEquals(request.length, port.writeBytes(request, request.length));
            List<Dlt645Frame> replies = new ArrayList<>();
            Dlt645Extractor extractor = new Dlt645Extractor();
            byte[] buf = new byte[256];
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (replies.isEmpty() && System.nanoTime() < deadline) {
                int n = port.readBytes(buf, buf.length);
                extractor.feed(buf, 0, Math.max(n, 0), replies::add);
            }
            assertEquals(1, replies.size(), "one reply from the meter on the pty");
            assertEquals(address, replies.get(0).address());
            assertTrue(replies.get(0).control().isResponse());
        } finally {
            port.closePort();
        }
        assertEquals(0, run.get(30, TimeUnit.SECONDS), out.toString());
    }
}
