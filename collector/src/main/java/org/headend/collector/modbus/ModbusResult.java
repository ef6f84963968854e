package org.headend.collector.modbus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.headend.collector.poll.PollOutcome;
import org.headend.protocol.modbus.MapValue;

/**
 * What a Modbus read produced.
 *
 * @param values     every value of the blocks that were answered, through the meter's map
 * @param exceptions exception replies by name, e.g. {@code illegal_data_address}; they make the outcome ERROR_REPLY
 * @param readAt     wall-clock time of the last reply (or of the failure)
 * @param requests   requests sent, retries included
 */
public record ModbusResult(ModbusRead read, PollOutcome outcome, List<MapValue> values, Map<String, Integer> exceptions,
                           Instant readAt, int requests) {
    public ModbusResult {
        values = List.copyOf(values);
        exceptions = Map.copyOf(exceptions);
    }
}
