package org.headend.app;

import java.nio.file.Path;
import java.util.Map;
import org.headend.collector.archive.RegisterMaps;
import org.headend.protocol.modbus.ModbusDescription;
import org.headend.protocol.modbus.ModbusDirection;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.protocol.modbus.RegisterMap;

/** The Modbus side of {@code decode}: resolves --map and --start, then lets the protocol module describe. */
final class ModbusDecoding {

    private ModbusDecoding() {
    }

    static Map<String, Object> describe(ModbusFraming framing, byte[] bytes, ModbusDirection direction, String map,
                                        String start) {
        if (start != null && map == null) {
            throw new IllegalArgumentException("--start needs --map");
        }
        return ModbusDescription.describe(framing, bytes, direction, map == null ? null : registerMap(map),
                start == null ? null : register(start));
    }

    /** A built-in map by name, else a map file. */
    static RegisterMap registerMap(String nameOrFile) {
        try {
            return RegisterMaps.load(nameOrFile, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--map " + e.getMessage(), e);
        }
    }

    static int register(String text) {
        try {
            int v = text.toLowerCase().startsWith("0x") ? Integer.parseInt(text.substring(2), 16) : Integer.parseInt(text);
            if (v < 0 || v > 0xFFFF) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--start was '" + text + "' but must be a register 0..65535 (decimal or 0x hex)");
        }
    }
}
