package org.headend.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
}
