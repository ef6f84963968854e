package org.headend.collector.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Modbus device quirks ({@code modbus:} in YAML): what every Modbus bus gets, and per bus what its
 * device needs instead. A bus not named under {@code devices} gets {@link #defaults()}; a device
 * entry inherits the keys it leaves out.
 *
 * <pre>
 * modbus:
 *   connectPause: 0s
 *   maxRegisters: 125
 *   devices:
 *     gw-04: {connectPause: 500ms, maxRegisters: 40}
 * </pre>
 */
public record ModbusConfig(DeviceQuirks defaults, Map<String, DeviceQuirks> devices) {

    public static final ModbusConfig DEFAULTS = new ModbusConfig(DeviceQuirks.DEFAULTS, Map.of());

    public ModbusConfig {
        Objects.requireNonNull(defaults, "defaults");
        devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
    }

    /** The quirks of the device on {@code bus}. */
    public DeviceQuirks quirks(String bus) {
        return devices.getOrDefault(bus, defaults);
    }

    /** Checks the defaults, and of each device only what it sets itself (an inherited bad value is reported once). */
    void check(Problems p, Map<String, BusSettings> buses, Map<String, LineSettings> lines) {
        check(p, "modbus.", defaults, null);
        devices.forEach((bus, q) -> {
            if (!buses.containsKey(bus) && !lines.containsKey(bus)) {
                p.add("modbus.devices." + bus + " names no bus under 'buses' or 'lines'");
            }
            check(p, "modbus.devices." + bus + ".", q, defaults);
        });
    }

    private static void check(Problems p, String prefix, DeviceQuirks q, DeviceQuirks inherited) {
        if (inherited == null || !q.connectPause().equals(inherited.connectPause())) {
            p.range(prefix + "connectPause", q.connectPause(), java.time.Duration.ZERO, DeviceQuirks.MAX_CONNECT_PAUSE);
        }
        if (inherited == null || q.maxRegisters() != inherited.maxRegisters()) {
            p.range(prefix + "maxRegisters", q.maxRegisters(), 2, 125);
        }
    }
}
