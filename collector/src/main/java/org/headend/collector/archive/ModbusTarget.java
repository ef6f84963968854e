package org.headend.collector.archive;

import java.util.Objects;
import org.headend.protocol.modbus.ModbusLimits;
import org.headend.protocol.modbus.RegisterMap;

/**
 * Where a Modbus meter answers and how its registers read: the archive's {@code modbus_unit} and
 * {@code register_map} columns. Meters of one model share one map instance.
 *
 * @param unit 1..255: slave address on a serial line (1..247 there), unit identifier over TCP
 */
public record ModbusTarget(int unit, RegisterMap map) {

    public ModbusTarget {
        Objects.requireNonNull(map, "map");
        if (unit < 1 || unit > ModbusLimits.MAX_UNIT) {
            throw new IllegalArgumentException("modbus_unit was " + unit + " but must be 1..255 (0 is broadcast)");
        }
    }
}
