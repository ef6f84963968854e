package org.headend.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        return RegisterMap.builtIn(nameOrFile).orElseGet(() -> {
            Path file = Path.of(nameOrFile);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--map '" + nameOrFile + "' is neither a built-in map ("
                        + String.join(", ", RegisterMap.BUILT_IN) + ") nor a file");
            }
            try {
                return RegisterMap.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read register map " + file, e);
            }
        });
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
