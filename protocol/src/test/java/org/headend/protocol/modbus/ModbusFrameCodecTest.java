package org.headend.protocol.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.headend.protocol.dlt645.PublicVectors;
import org.headend.protocol.modbus.ModbusPdu.ExceptionReply;
import org.headend.protocol.modbus.ModbusPdu.ReadRequest;
import org.headend.protocol.modbus.ModbusPdu.RegistersReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public Modbus vector (MRT, MTC): decoded with the direction of its row, the fields its
 * meaning names (slave/unit, function, start, quantity, byte count, registers, float32 values) come
 * out, and encoding gives back the same bytes. INVALID rows are rejected with a reason.
 */
class ModbusFrameCodecTest {

    private static final Pattern UNIT = Pattern.compile("(?:slave|unit) (\\d+)");
    private static final Pattern FC = Pattern.compile("FC(\\d\\d)");
    private static final Pattern START = Pattern.compile("(?:start|register) 0x([0-9A-F]{4})");
    private static final Pattern QUANTITY = Pattern.compile("quantity (\\d+)");
    private static final Pattern BYTES = Pattern.compile("(?:FC\\d\\d,|byte count) (\\d+) bytes?");
    private static final Pattern FLOAT = Pattern.compile("float32 0x([0-9A-F]{8}) = (-?\\d+\\.\\d+)");
    private static final Pattern REGISTERS = Pattern.compile("registers ((?:[0-9A-F]{4} ?)+)");

    static List<PublicVectors.Row> rows() {
        return PublicVectors.rows("MRT", "MTC");
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static ModbusFraming framing(PublicVectors.Row row) {
        return row.protocol().equals("MODBUS-TCP") ? ModbusFraming.TCP : ModbusFraming.RTU;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decodesEveryPublicVectorAsItsMeaningSays(PublicVectors.Row row) {
        ModbusDirection dir = ModbusDirection.parse(row.direction());
        if (row.invalid()) {
            ModbusException e = assertThrows(ModbusException.class, () -> ModbusFrameCodec.decode(framing(row), row.bytes(), dir));
            assertEquals(ModbusException.Reason.BAD_CRC, e.reason(), e.getMessage());
            return;
        }
        String meaning = row.meaning();
        ModbusFrame f = ModbusFrameCodec.decode(framing(row), row.bytes(), dir);
        assertEquals(dir, f.direction());
        assertEquals(dir, ModbusFrameCodec.decode(framing(row), row.bytes(), null).direction(), "the bytes tell the direction");
        assertArrayEquals(row.bytes(), ModbusFrameCodec.encode(f), "encoding gives back the bytes");
        find(UNIT, meaning).ifPresent(u -> assertEquals(Integer.parseInt(u), f.unit()));
        find(FC, meaning).ifPresent(fc -> assertEquals(Integer.parseInt(fc, 16), f.pdu().function()));
        if (f.pdu() instanceof ReadRequest r) {
            find(START, meaning).ifPresent(s -> assertEquals(Integer.parseInt(s, 16), r.start()));
            find(QUANTITY, meaning).ifPresent(q -> assertEquals(Integer.parseInt(q), r.quantity()));
        } else if (f.pdu() instanceof RegistersReply r) {
            find(BYTES, meaning).ifPresent(n -> assertEquals(Integer.parseInt(n), 2 * r.count()));
            Matcher m = FLOAT.matcher(meaning);
            while (m.find()) {
                int bits = (int) Long.parseLong(m.group(1), 16);
                assertTrue(contains(r.words(), bits >>> 16, bits & 0xFFFF), m.group(1));
                assertEquals(Double.parseDouble(m.group(2)), Float.intBitsToFloat(bits), 1e-4);
            }
            find(REGISTERS, meaning).ifPresent(list -> {
                List<Integer> expected = new ArrayList<>();
                for (String w : list.trim().split(" ")) {
                    expected.add(Integer.parseInt(w, 16));
                }
                assertEquals(expected, java.util.Arrays.stream(r.words()).boxed().toList());
            });
        }
        if (row.protocol().equals("MODBUS-TCP")) {
            find(Pattern.compile("transaction (0x[0-9A-F]+|\\d+)"), meaning).ifPresent(t ->
                    assertEquals(t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t), f.transaction()));
        }
    }

    private static boolean contains(int[] words, int high, int low) {
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i] == high && words[i + 1] == low) {
                return true;
            }
        }
        return false;
    }

    private static java.util.Optional<String> find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    @Test
    void theCrcOfTheDigestsExampleIs71CbLowByteFirst() {
        byte[] b = hex("01 04 00 00 00 02");
        assertEquals(0xCB71, ModbusFrameCodec.crc16(b, 0, b.length));
        assertArrayEquals(hex("01 04 00 00 00 02 71 CB"),
                ModbusFrameCodec.encode(ModbusFrame.rtu(1, ModbusDirection.REQUEST, new ReadRequest(4, 0, 2))));
    }

    @Test
    void namesTheExceptionOfAnExceptionReply() {
        // protocols.md §4.1, [TASMOTA#8677]: 01 84 04 = slave device failure
        ModbusFrame f = ModbusFrameCodec.decodeRtu(hex("01 84 04 42 C3"), null);
        ExceptionReply e = (ExceptionReply) f.pdu();
        assertEquals(4, e.function());
        assertEquals("slave_device_failure", e.name());
        assertEquals(ModbusDirection.RESPONSE, f.direction());
        assertEquals("code_07", ModbusExceptionCode.tag(7));
        assertThrows(ModbusException.class, () -> ModbusFrameCodec.decodeRtu(hex("01 84 04 42 C3"), ModbusDirection.REQUEST));
    }

    @Test
    void aStrictMasterRefusesMoreRegistersThanItAskedFor() {
        // MRT-013: byte count 4 answering a 1-register read
        ModbusFrame reply = ModbusFrameCodec.decodeRtu(hex("0103043EB0F1AFF3D0"), ModbusDirection.RESPONSE);
        ModbusException e = assertThrows(ModbusException.class,
                () -> ModbusFrameCodec.requireAnswers(new ReadRequest(3, 0x16, 1), reply.pdu()));
        assertEquals(ModbusException.Reason.BAD_BYTE_COUNT, e.reason());
        ModbusFrameCodec.requireAnswers(new ReadRequest(3, 0x16, 2), reply.pdu());
        ModbusFrameCodec.requireAnswers(new ReadRequest(3, 0x16, 1), new ExceptionReply(3, 2));
        assertThrows(ModbusException.class, () -> ModbusFrameCodec.requireAnswers(new ReadRequest(4, 0x16, 2), reply.pdu()));
    }

    @Test
    void rejectsWhatBreaksTheLimitsWithAReason() {
        assertEquals(ModbusException.Reason.BAD_QUANTITY, reason(ModbusFraming.RTU, rtu("01 03 00 00 00 7E")));   // 126 registers
        assertEquals(ModbusException.Reason.BAD_QUANTITY, reason(ModbusFraming.RTU, rtu("01 03 00 00 00 00")));   // 0 registers
        assertEquals(ModbusException.Reason.BAD_ADDRESS, reason(ModbusFraming.RTU, rtu("01 03 FF FF 00 02")));    // past 65535
        assertEquals(ModbusException.Reason.TRUNCATED, reason(ModbusFraming.RTU, hex("01 03 00")));
        assertEquals(ModbusException.Reason.TRUNCATED, reason(ModbusFraming.RTU, rtu("01 03 04 00 01")));        // count 4, 2 bytes
        assertEquals(ModbusException.Reason.TOO_LONG, reason(ModbusFraming.RTU, new byte[257]));
        assertEquals(ModbusException.Reason.BAD_HEADER, reason(ModbusFraming.TCP, hex("0001 0001 0006 01 03 0000 0001")));
        assertEquals(ModbusException.Reason.TRUNCATED, reason(ModbusFraming.TCP, hex("0001 0000 0007 01 03 0000 0001")));
        assertEquals(ModbusException.Reason.BAD_HEADER, reason(ModbusFraming.TCP, hex("0001 0000 0005 01 03 0000 0001")));
        assertEquals(ModbusException.Reason.BAD_VALUE, reason(ModbusFraming.RTU, rtu("01 05 00 01 12 34")));      // coil value
        assertEquals(ModbusException.Reason.BAD_BYTE_COUNT, reason(ModbusFraming.RTU, rtu("01 10 00 00 00 02 02 00 01")));
        assertEquals(ModbusException.Reason.BAD_DIRECTION,
                assertThrows(ModbusException.class, () -> ModbusFrameCodec.decodeRtu(rtu("01 03 00 00 00 02"), ModbusDirection.RESPONSE)).reason());
    }

    @Test
    void cutsRequestsFromAStreamByTheirFunction() {
        byte[] two = hex("01 03 00 00 00 02 C4 0B 01 10 00 00 00 01 02 00 07 E6 32");
        assertEquals(8, ModbusFrameCodec.rtuRequestLength(two, 0, two.length));
        assertEquals(-1, ModbusFrameCodec.rtuRequestLength(two, 8, 5));
        assertEquals(11, ModbusFrameCodec.rtuRequestLength(two, 8, two.length - 8));
        assertEquals(12, ModbusFrameCodec.tcpFrameLength(hex("0001 0000 0006 01"), 0, 7));
        assertEquals(-1, ModbusFrameCodec.tcpFrameLength(hex("0001 0000"), 0, 4));
    }

    @Test
    void aDirectionTheBytesCannotTellIsTakenFromTheCaller() {
        byte[] echo = rtu("01 06 00 01 00 03");
        assertEquals(ModbusDirection.REQUEST, ModbusFrameCodec.decodeRtu(echo, null).direction());
        assertEquals(ModbusDirection.RESPONSE, ModbusFrameCodec.decodeRtu(echo, ModbusDirection.RESPONSE).direction());
        assertFalse(ModbusDescription.describe(ModbusFraming.RTU, echo, null, null, null).get("direction_from").equals("bytes"));
    }

    private static ModbusException.Reason reason(ModbusFraming framing, byte[] b) {
        return assertThrows(ModbusException.class, () -> ModbusFrameCodec.decode(framing, b, null)).reason();
    }

    /** An RTU frame with its CRC appended. */
    private static byte[] rtu(String body) {
        byte[] b = hex(body);
        byte[] out = java.util.Arrays.copyOf(b, b.length + 2);
        int crc = ModbusFrameCodec.crc16(b, 0, b.length);
        out[b.length] = (byte) crc;
        out[b.length + 1] = (byte) (crc >>> 8);
        return out;
    }
}
