package org.headend.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.headend.protocol.dlt645.Dlt645Description;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.gw376.Gw376Description;
import org.headend.protocol.modbus.ModbusDirection;
import org.headend.protocol.modbus.ModbusException;
import org.headend.protocol.modbus.ModbusFrameCodec;
import org.headend.protocol.modbus.ModbusFraming;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code headend decode}: hex in, one JSON object per frame out. The JSON is built by the protocol
 * module ({@link Dlt645Description}, {@link Gw376Description}); this class only reads input, picks
 * the protocol and prints.
 *
 * <p>Exit codes: 0 every frame valid; 1 a frame is invalid (bad checksum, undecodable content),
 * printed with {@code "valid": false}; 2 the input is not hex, not a frame, or of a protocol
 * not supported yet.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode a captured frame or stream (hex) and print one JSON object per frame.")
public final class DecodeCommand implements Callable<Integer> {

    /** Protocols the launcher knows; all four decode: DL/T 645, Q/GDW 1376.1, Modbus RTU and TCP. */
    enum Protocol {
        dlt645, gw376, modbus_rtu, modbus_tcp;

        String label() {
            return name().replace('_', '-');
        }

        static Protocol parse(String s) {
            for (Protocol p : values()) {
                if (p.label().equals(s)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown protocol '" + s + "'; use dlt645, gw376, modbus-rtu or modbus-tcp");
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "HEX",
            description = "Bytes as hex, spaces allowed (one frame or a captured stream); '-' reads standard input.")
    List<String> hex;

    @Option(names = "--protocol", paramLabel = "PROTOCOL",
            description = "dlt645, gw376, modbus-rtu or modbus-tcp; detected from the bytes when omitted.")
    String protocol;

    @Option(names = "--direction", paramLabel = "request|response|down|up",
            description = "Expected direction (DL/T 645: request or response; 1376.1: down or up); a frame that says otherwise is reported on standard error.")
    String direction;

    @Option(names = "--edition", paramLabel = "2007|1997",
            description = "DL/T 645 edition, overriding detection from the control code.")
    String edition;

    @Option(names = "--map", paramLabel = "sdm630|dtsu666|FILE",
            description = "Modbus: register map (built-in name or map file) to decode values with.")
    String map;

    @Option(names = "--start", paramLabel = "N",
            description = "Modbus: first register of a reply (0-based, decimal or 0x hex), needed for values.")
    String start;

    @Option(names = "--pretty", description = "Indented JSON for humans (default: one line per frame).")
    boolean pretty;

    /** Standard input; replaced in tests. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes;
        Protocol p;
        Dlt645Edition ed;
        try {
            if (direction != null && !direction.matches("request|response|down|up")) {
                throw new IllegalArgumentException("--direction is request or response (1376.1: down or up), got '" + direction + "'");
            }
            ed = parseEdition(edition);
            bytes = parseHex(readInput());
            p = protocol != null ? Protocol.parse(protocol) : detect(bytes);
        } catch (IllegalArgumentException e) {
            err.println("decode: " + e.getMessage());
            return 2;
        }
        List<Map<String, Object>> frames;
        if (p == Protocol.gw376) {
            frames = Gw376Description.describeStream(bytes);
            if (frames.stream().noneMatch(f -> f.containsKey("address")) && !looksLikeGw376(bytes)) {
                err.println("decode: not a Q/GDW 1376.1 frame: " + frames.get(0).get("error"));
                return 2;
            }
        } else if (p == Protocol.modbus_rtu || p == Protocol.modbus_tcp) {
            try {
                frames = List.of(ModbusDecoding.describe(p == Protocol.modbus_rtu ? ModbusFraming.RTU : ModbusFraming.TCP,
                        bytes, direction == null ? null : ModbusDirection.parse(direction), map, start));
            } catch (IllegalArgumentException | ModbusException e) {
                err.println("decode: " + e.getMessage());
                return 2;
            }
        } else {
            frames = Dlt645Description.describeStream(bytes, ed);
            boolean anyValid = frames.stream().anyMatch(f -> Boolean.TRUE.equals(f.get("valid")) || f.containsKey("address"));
            if (!anyValid && !looksLikeDlt645(bytes)) {
                err.println("decode: not a DL/T 645 frame: " + frames.get(0).get("error"));
                return 2;
            }
        }
        return print(frames, out, err);
    }

    /** One JSON object per frame; exit code 1 when any is invalid. */
    private int print(List<Map<String, Object>> frames, PrintWriter out, PrintWriter err) {
        ObjectWriter writer = pretty ? new ObjectMapper().writerWithDefaultPrettyPrinter() : new ObjectMapper().writer();
        int rc = 0;
        int n = 0;
        for (Map<String, Object> f : frames) {
            n++;
            try {
                out.println(writer.writeValueAsString(f));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a description holds only plain values: " + e.getMessage(), e);
            }
            if (!Boolean.TRUE.equals(f.get("valid"))) {
                rc = 1;
            }
            if (direction != null && f.get("direction") != null && !direction.equals(f.get("direction"))) {
                err.println("decode: frame " + n + " is a " + f.get("direction") + " but --direction " + direction + " was given");
            }
        }
        out.flush();
        return rc;
    }

    private String readInput() {
        if (hex.size() == 1 && hex.get(0).equals("-")) {
            try {
                return new String(stdin.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException("reading standard input", e);
            }
        }
        return String.join(" ", hex);
    }

    static byte[] parseHex(String text) {
        String h = text.replaceAll("\\s+", "");
        if (h.isEmpty()) {
            throw new IllegalArgumentException("no input: give the bytes as hex, e.g. 68 25 04 03 02 01 00 68 11 04 33 33 34 33 E1 16");
        }
        if (h.length() % 2 != 0 || !h.matches("[0-9A-Fa-f]+")) {
            int bad = 0;
            while (bad < h.length() && Character.digit(h.charAt(bad), 16) >= 0) {
                bad++;
            }
            throw new IllegalArgumentException(bad < h.length()
                    ? "input is not hex: '" + h.charAt(bad) + "' at hex digit " + (bad + 1)
                    : "input has an odd number of hex digits (" + h.length() + ")");
        }
        return HexFormat.of().parseHex(h);
    }

    private static Dlt645Edition parseEdition(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "2007" -> Dlt645Edition.V2007;
            case "1997" -> Dlt645Edition.V1997;
            default -> throw new IllegalArgumentException("--edition is 2007 or 1997, got '" + s + "'");
        };
    }

    /** 68 A0..A5 68 after any FE preamble (protocols.md §1.2). */
    static boolean looksLikeDlt645(byte[] b) {
        int p = 0;
        while (p < b.length && (b[p] & 0xFF) == 0xFE) {
            p++;
        }
        return b.length - p >= 8 && (b[p] & 0xFF) == 0x68 && (b[p + 7] & 0xFF) == 0x68;
    }

    /** 68 L L L L 68 with both L copies equal (protocols.md §3.1). */
    static boolean looksLikeGw376(byte[] b) {
        return b.length >= 6 && (b[0] & 0xFF) == 0x68 && (b[5] & 0xFF) == 0x68 && b[1] == b[3] && b[2] == b[4];
    }

    /** Picks the protocol from the bytes when exactly one fits (protocols.md §1.2, §3.1, §4.1). */
    static Protocol detect(byte[] b) {
        // A whole valid 1376.1 frame first: its A1 low byte may be 68, which also looks like DL/T 645's second 68.
        if (Gw376Description.isFrame(b)) {
            return Protocol.gw376;
        }
        if (looksLikeDlt645(b)) {
            return Protocol.dlt645;
        }
        if (looksLikeGw376(b)) {
            return Protocol.gw376;
        }
        if (b.length >= 8 && b[2] == 0 && b[3] == 0 && (((b[4] & 0xFF) << 8) | (b[5] & 0xFF)) == b.length - 6) {
            return Protocol.modbus_tcp;
        }
        if (b.length >= 4 && ModbusFrameCodec.crc16(b, 0, b.length - 2) == ModbusFrameCodec.receivedCrc(b)) {
            return Protocol.modbus_rtu;
        }
        throw new IllegalArgumentException("cannot tell the protocol from the bytes (" + b.length
                + " bytes, no 68..68 DL/T 645 frame, no 1376.1 header, no Modbus framing); pass --protocol");
    }
}
