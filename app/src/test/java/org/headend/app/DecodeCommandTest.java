package org.headend.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The decode command as scripts use it: exit codes, JSON lines, and every public DL/T 645 vector. */
class DecodeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int rc, String out, String err) {
        List<JsonNode> json() throws IOException {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    nodes.add(JSON.readTree(line));
                }
            }
            return nodes;
        }
    }

    static Run run(String stdin, String... args) {
        DecodeCommand cmd = new DecodeCommand();
        if (stdin != null) {
            cmd.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void printsTheDecodedReadReplyOfTheStandardAsOneJsonLine() throws IOException {
        Run r = run(null, "68 25 04 03 02 01 00 68 91 08 33 33 34 33 75 39 45 33 8B 16");
        assertEquals(0, r.rc(), r.err());
        List<JsonNode> json = r.json();
        assertEquals(1, json.size());
        JsonNode f = json.get(0);
        assertEquals("dlt645", f.get("protocol").asText());
        assertEquals("2007", f.get("edition").asText());
        assertEquals("000102030425", f.get("address").asText());
        assertEquals("91", f.get("control").asText());
        assertEquals("00010000", f.get("di").asText());
        JsonNode v = f.get("values").get(0);
        assertEquals("energy.active.import.total", v.get("quantity").asText());
        assertEquals("1206.42", v.get("value").decimalValue().toPlainString());
        assertEquals("kWh", v.get("unit").asText());
        // stable key order for scripts
        assertTrue(r.out().startsWith("{\"protocol\":\"dlt645\",\"edition\":\"2007\",\"valid\":true,\"preamble\":0,\"address\""), r.out());
    }

    @Test
    void reportsABadChecksumAsInvalidWithExitCode1() throws IOException {
        Run r = run(null, "--protocol", "dlt645", "6825040302010068110433333433E216");
        assertEquals(1, r.rc());
        JsonNode f = r.json().get(0);
        assertEquals(false, f.get("valid").asBoolean());
        assertEquals("bad_checksum", f.get("reason").asText());
    }

    @Test
    void refusesInputThatIsNotHexWithExitCode2() {
        Run r = run(null, "68 25 zz");
        assertEquals(2, r.rc());
        assertTrue(r.err().contains("not hex"), r.err());
    }

    @Test
    void refusesBytesThatAreNoFrameWithExitCode2() {
        Run r = run(null, "--protocol", "dlt645", "01 02 03");
        assertEquals(2, r.rc());
        assertTrue(r.err().contains("not a DL/T 645 frame"), r.err());
    }

    @Test
    void decodesModbusRtuAndRejectsABadCrcWithExitCode1() throws IOException {
        Run good = run(null, "--protocol", "modbus-rtu", "010304000100016A33");
        assertEquals(0, good.rc(), good.err());
        JsonNode f = good.json().get(0);
        assertEquals("response", f.get("direction").asText());
        assertEquals("0001", f.get("registers").get(1).asText());
        Run bad = run(null, "--protocol", "modbus-rtu", "010304000100016BF3");
        assertEquals(1, bad.rc());
        JsonNode b = bad.json().get(0);
        assertEquals("bad_crc", b.get("reason").asText());
        assertEquals("6A 33", b.get("crc").get("computed").asText());
    }

    @Test
    void decodesModbusValuesThroughABuiltInMapAndAMapFile(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // MRT-003: 4088FA31 = 4.2805; at input register 6 the SDM630 map calls it current.a
        Run r = run(null, "--protocol", "modbus-rtu", "--map", "sdm630", "--start", "6", "0104044088FA31ED1A");
        assertEquals(0, r.rc(), r.err());
        JsonNode v = r.json().get(0).get("values").get(0);
        assertEquals("current.a", v.get("quantity").asText());
        assertEquals(4.2805, v.get("value").asDouble(), 1e-4);
        Path file = dir.resolve("mine.map");
        Files.writeString(file, "@map mine\n0x0000 input uint16 ABCD 0.1 V voltage.a\n0x0001 input uint16 ABCD 0.1 V voltage.b\n");
        Run own = run(null, "--protocol", "modbus-rtu", "--map", file.toString(), "--start", "0", "0104044088FA31ED1A");
        assertEquals(0, own.rc(), own.err());
        assertEquals(0x4088 / 10.0, own.json().get(0).get("values").get(0).get("value").asDouble(), 1e-9);
        Run missing = run(null, "--protocol", "modbus-rtu", "--map", "nosuchmap", "0104044088FA31ED1A");
        assertEquals(2, missing.rc());
        assertTrue(missing.err().contains("neither a built-in map"), missing.err());
    }

    @Test
    void readsAStreamFromStandardInputAndPrintsEveryFrame() throws IOException {
        String stream = "FEFEFEFE6818556006000068D10135AA16\nFEFEFEFE681855600600006891073534333765864B4416\n";
        Run r = run(stream, "--pretty", "-");
        assertEquals(0, r.rc(), r.err());
        List<JsonNode> frames = new ArrayList<>();
        var parser = JSON.getFactory().createParser(r.out());
        while (parser.nextToken() != null) {
            frames.add(JSON.readTree(parser));
        }
        assertEquals(2, frames.size());
        assertEquals("abnormal", frames.get(0).get("reply").asText());
        assertEquals("no_requested_data", frames.get(0).get("error_flags").get(0).asText());
        assertEquals("18:53:32", frames.get(1).get("values").get(0).get("value").asText());
        assertEquals(4, frames.get(1).get("preamble").asInt());
    }

    @Test
    void editionOverrideDecodesA1997FrameAs1997() throws IOException {
        Run r = run(null, "--edition", "1997", "6854071300801368810643C3343333332B16");
        assertEquals(0, r.rc(), r.err());
        assertEquals("9010", r.json().get(0).get("di").asText());
    }

    @Test
    void decodesEveryPublicDlt645VectorWithExitCode0() throws IOException {
        String env = System.getenv("SHARED_DIR");
        Path dir = env != null && Files.isDirectory(Path.of(env)) ? Path.of(env) : Path.of("..", "..", "shared");
        int checked = 0;
        for (String line : Files.readAllLines(dir.resolve("vectors/public-frames.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (!f[0].matches("(D07|D97|DST)-\\d+")) {
                continue;
            }
            Run r = run(null, f[3]);
            assertEquals(0, r.rc(), f[0] + ": " + r.err() + r.out());
            List<JsonNode> json = r.json();
            assertEquals(f[0].startsWith("DST") ? 13 : 1, json.size(), f[0]);
            java.util.regex.Matcher addr = java.util.regex.Pattern.compile("addr=([0-9A-F]{12})").matcher(f[4]);
            if (addr.find()) {
                assertEquals(addr.group(1), json.get(0).get("address").asText(), f[0]);
            }
            checked++;
        }
        assertTrue(checked >= 62, "D07/D97/DST rows checked: " + checked);
    }

    @Test
    void decodesEveryPublicGw376VectorDetectedFromTheBytes() throws IOException {
        String env = System.getenv("SHARED_DIR");
        Path dir = env != null && Files.isDirectory(Path.of(env)) ? Path.of(env) : Path.of("..", "..", "shared");
        java.util.regex.Pattern head = java.util.regex.Pattern.compile(
                "A1=(\\d{4}) A2=[0-9A-F]{4}\\((\\d+)\\).*?AFN=([0-9A-F]{2}).*?SEQ=([0-9A-F]{2}).*?units: p(\\d+) F(\\d+)");
        int checked = 0;
        for (String line : Files.readAllLines(dir.resolve("vectors/public-frames.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (!f[0].matches("G13-\\d+")) {
                continue;
            }
            Run r = run(null, "--direction", f[2], f[3]);
            assertEquals(0, r.rc(), f[0] + ": " + r.err() + r.out());
            assertEquals("", r.err(), f[0]);
            List<JsonNode> json = r.json();
            assertEquals(1, json.size(), f[0]);
            JsonNode d = json.get(0);
            assertEquals("gw376", d.get("protocol").asText(), f[0]);
            java.util.regex.Matcher m = head.matcher(f[4]);
            assertTrue(m.find(), f[0]);
            assertEquals(m.group(1), d.get("address").get("a1").asText(), f[0]);
            assertEquals(Integer.parseInt(m.group(2)), d.get("address").get("a2_decimal").asInt(), f[0]);
            assertEquals(m.group(3), d.get("afn").get("code").asText(), f[0]);
            assertEquals(m.group(4), d.get("seq").get("value").asText(), f[0]);
            assertEquals(Integer.parseInt(m.group(5)), d.get("units").get(0).get("pn").asInt(), f[0]);
            assertEquals(Integer.parseInt(m.group(6)), d.get("units").get(0).get("fn").asInt(), f[0]);
            checked++;
        }
        assertEquals(21, checked);
    }

    @Test
    void printsTheCurrentEnergyOfA1376ReplyWithItsReadTime() throws IOException {
        Run r = run(null, "--protocol", "gw376", "68C600C600688871012208020CA2010101101816280818040001000000"
                + "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE0239191628008C16");
        assertEquals(0, r.rc(), r.err());
        JsonNode unit = r.json().get(0).get("units").get(0);
        assertEquals("2018-08-28 16:18", unit.get("read_time").asText());
        assertEquals(4, unit.get("tariffs").asInt());
        assertEquals("energy.active.import.total", unit.get("values").get(0).get("quantity").asText());
        // four decimals as A.14 carries them
        assertTrue(r.out().contains("\"value\":0.0100,\"unit\":\"kWh\""), r.out());
        assertTrue(unit.get("values").get(1).get("value").isNull());
        assertEquals(2, r.json().get(0).get("tp").get("pfc").asInt());
    }

    @Test
    void reportsA1376FrameWithABadChecksumAsInvalidWithExitCode1() throws IOException {
        Run r = run(null, "--protocol", "gw376", "683200320068C97101220800027900000400E516");
        assertEquals(1, r.rc());
        JsonNode f = r.json().get(0);
        assertEquals(false, f.get("valid").asBoolean());
        assertEquals("bad_checksum", f.get("reason").asText());
    }

    @Test
    void decodesA1376StreamFrameByFrame() throws IOException {
        Run r = run(null, "683200320068C97101220800027900000400E416 6832003200680B0002341200006100000100B516");
        assertEquals(0, r.rc(), r.err());
        assertEquals(List.of("up", "down"), r.json().stream().map(n -> n.get("direction").asText()).toList());
    }
}
