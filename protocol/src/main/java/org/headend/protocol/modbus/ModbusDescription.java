package org.headend.protocol.modbus;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.headend.protocol.modbus.ModbusPdu.BitsReply;
import org.headend.protocol.modbus.ModbusPdu.ExceptionReply;
import org.headend.protocol.modbus.ModbusPdu.Other;
import org.headend.protocol.modbus.ModbusPdu.ReadRequest;
import org.headend.protocol.modbus.ModbusPdu.RegistersReply;
import org.headend.protocol.modbus.ModbusPdu.WriteMultiple;
import org.headend.protocol.modbus.ModbusPdu.WriteMultipleReply;
import org.headend.protocol.modbus.ModbusPdu.WriteSingle;

/**
 * A Modbus frame as an ordered map of plain values (String, Number, Boolean, List, Map, null),
 * ready for any JSON writer, like {@code Dlt645Description}. Pure functions, no I/O; key order is stable.
 */
public final class ModbusDescription {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private ModbusDescription() {
    }

    /**
     * Describes one whole frame.
     *
     * @param direction null = from the bytes where they tell, else assumed request
     * @param map       null, or the register map to decode values with
     * @param start     first register of a reply (replies do not carry it); null without a map
     */
    public static Map<String, Object> describe(ModbusFraming framing, byte[] bytes, ModbusDirection direction,
                                               RegisterMap map, Integer start) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", framing.label());
        ModbusFrame frame;
        try {
            frame = ModbusFrameCodec.decode(framing, bytes, direction);
        } catch (ModbusException e) {
            m.put("valid", false);
            m.put("reason", e.reason().tag());
            m.put("error", e.getMessage());
            m.put("bytes", bytes.length);
            header(framing, bytes, m);
            return m;
        }
        m.put("valid", true);
        int off = framing == ModbusFraming.RTU ? 1 : ModbusLimits.MBAP_LENGTH;
        int pduLength = framing == ModbusFraming.RTU ? bytes.length - 3 : bytes.length - ModbusLimits.MBAP_LENGTH;
        m.put("direction", frame.direction().label());
        m.put("direction_from", direction != null ? "caller"
                : ModbusFrameCodec.told(bytes, off, pduLength) != null ? "bytes" : "assumed (request and reply look alike; pass --direction)");
        header(framing, bytes, m);
        body(frame.pdu(), m, map, start);
        return m;
    }

    /** What can be read of the header even from a bad frame: unit, function, MBAP fields, CRC. */
    private static void header(ModbusFraming framing, byte[] b, Map<String, Object> m) {
        if (framing == ModbusFraming.TCP) {
            if (b.length >= 6) {
                m.put("transaction", ModbusFrameCodec.u16(b, 0));
                m.put("protocol_id", ModbusFrameCodec.u16(b, 2));
                m.put("length", ModbusFrameCodec.u16(b, 4));
            }
            if (b.length >= 8) {
                m.put("unit", b[6] & 0xFF);
                m.put("function", function(b[7] & 0xFF));
            }
            return;
        }
        if (b.length >= 2) {
            m.put("unit", b[0] & 0xFF);
            m.put("function", function(b[1] & 0xFF));
        }
        if (b.length >= 4) {
            Map<String, Object> crc = new LinkedHashMap<>();
            int received = ModbusFrameCodec.receivedCrc(b);
            int computed = ModbusFrameCodec.crc16(b, 0, b.length - 2);
            crc.put("received", String.format("%02X %02X", received & 0xFF, received >>> 8));
            crc.put("computed", String.format("%02X %02X", computed & 0xFF, computed >>> 8));
            crc.put("ok", received == computed);
            m.put("crc", crc);
        }
    }

    private static Map<String, Object> function(int fc) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("code", String.format("%02X", fc));
        f.put("name", ModbusFunction.describe(fc) + ((fc & 0x80) != 0 ? " (exception)" : ""));
        return f;
    }

    private static void body(ModbusPdu pdu, Map<String, Object> m, RegisterMap map, Integer start) {
        if (pdu instanceof ReadRequest r) {
            address(m, "start", r.start());
            m.put("quantity", r.quantity());
            if (map != null && r.registers()) {
                RegisterTable table = RegisterTable.ofFunction(r.function());
                m.put("map", map.name());
                m.put("covers", map.covered(table, r.start(), r.quantity()).stream().map(RegisterEntry::quantity).toList());
            }
        } else if (pdu instanceof RegistersReply r) {
            m.put("byte_count", 2 * r.count());
            List<String> words = new ArrayList<>();
            for (int w : r.words()) {
                words.add(String.format("%04X", w));
            }
            m.put("registers", words);
            m.put("data", String.join("", words));
            if (r.count() % 2 == 0) {
                m.put("float32_abcd", floats(r.words()));
            }
            if (map != null) {
                values(map, RegisterTable.ofFunction(r.function()), start, r.words(), m);
            }
        } else if (pdu instanceof BitsReply r) {
            m.put("byte_count", r.bits().length);
            m.put("data", HEX.formatHex(r.bits()));
        } else if (pdu instanceof WriteSingle w) {
            address(m, "address", w.address());
            m.put("value", w.value());
            m.put("value_hex", String.format("%04X", w.value()));
            m.put("note", "a normal reply echoes the request");
        } else if (pdu instanceof WriteMultiple w) {
            address(m, "start", w.start());
            m.put("quantity", w.quantity());
            m.put("byte_count", w.data().length);
            m.put("data", HEX.formatHex(w.data()));
        } else if (pdu instanceof WriteMultipleReply w) {
            address(m, "start", w.start());
            m.put("quantity", w.quantity());
        } else if (pdu instanceof ExceptionReply e) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("code", String.format("%02X", e.code()));
            x.put("name", e.name());
            m.put("exception", x);
        } else if (pdu instanceof Other o) {
            m.put("data", HEX.formatHex(o.data()));
            m.put("note", "function not decoded; data as sent");
        }
    }

    private static void address(Map<String, Object> m, String key, int value) {
        m.put(key, value);
        m.put(key + "_hex", String.format("0x%04X", value));
    }

    private static void values(RegisterMap map, RegisterTable table, Integer start, int[] words, Map<String, Object> m) {
        m.put("map", map.name());
        if (start == null) {
            m.put("values_note", "a reply does not carry its start register: pass --start to decode values");
            return;
        }
        List<Object> values = new ArrayList<>();
        for (MapValue v : map.decode(table, start, words)) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("quantity", v.quantity());
            x.put("value", Double.isFinite(v.value()) ? v.value() : null);
            x.put("unit", v.unit());
            x.put("register", String.format("0x%04X", v.register()));
            values.add(x);
        }
        m.put("start", start);
        m.put("values", values);
    }

    /** Each register pair as an ABCD float32, shortest decimal form; NaN and infinities as null. */
    private static List<Object> floats(int[] w) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i + 1 < w.length; i += 2) {
            float f = Float.intBitsToFloat(w[i] << 16 | w[i + 1]);
            out.add(Float.isFinite(f) ? Double.valueOf(Float.toString(f)) : null);
        }
        return out;
    }
}
