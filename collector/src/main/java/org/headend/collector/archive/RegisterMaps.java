package org.headend.collector.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.headend.protocol.modbus.ModbusException;
import org.headend.protocol.modbus.RegisterMap;

/**
 * The register maps an archive names, each read once: built in by name, else a file relative to
 * {@code dir}. {@link #load} serves one-off callers (the {@code decode} command).
 */
public final class RegisterMaps {

    private final Path dir;
    private final Map<String, RegisterMap> loaded = new HashMap<>();
    private final Map<String, String> failed = new HashMap<>();

    RegisterMaps(Path dir) {
        this.dir = dir;
    }

    /**
     * A built-in map, else the map file {@code nameOrFile} relative to {@code dir}.
     *
     * @throws IllegalArgumentException naming the map and why it cannot be used
     */
    public static RegisterMap load(String nameOrFile, Path dir) {
        return new RegisterMaps(dir).resolve(nameOrFile);
    }

    /** @throws IllegalArgumentException naming the map and why it cannot be used */
    RegisterMap resolve(String name) {
        RegisterMap m = loaded.get(name);
        if (m != null) {
            return m;
        }
        String why = failed.get(name);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        try {
            m = RegisterMap.builtIn(name).orElseGet(() -> file(name));
        } catch (IllegalArgumentException e) {
            failed.put(name, e.getMessage());
            throw e;
        }
        loaded.put(name, m);
        return m;
    }

    private RegisterMap file(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("'" + name + "' is neither a built-in map (" + String.join(", ", RegisterMap.BUILT_IN)
                    + ") nor a file (looked for " + file + ")");
        }
        try {
            return RegisterMap.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read register map " + file + ": " + e.getMessage());
        } catch (ModbusException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
