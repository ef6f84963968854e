package org.headend.collector.modbus;

import java.util.Objects;
import java.util.function.Consumer;
import org.headend.collector.archive.Meter;

/**
 * One read of a Modbus meter: every register of its map, in the blocks its bus allows. {@code done}
 * runs exactly once, on the line's thread; handing readings to the writer there is the backpressure.
 */
public record ModbusRead(Meter meter, boolean onDemand, Consumer<ModbusResult> done) {
    public ModbusRead {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(done, "done");
        if (meter.modbus() == null) {
            throw new IllegalArgumentException("meter " + meter.address() + " is not a Modbus meter");
        }
    }
}
