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

    void check(Problems p, Map<String, BusSettings> buses) {
        defaults.check(p, "modbus.");
        devices.forEach((bus, q) -> {
            if (!buses.containsKey(bus)) {
                p.add("modbus.devices." + bus + " names no bus under 'buses'");
            }
            q.check(p, "modbus.devices." + bus + ".");
        });
    }
}
