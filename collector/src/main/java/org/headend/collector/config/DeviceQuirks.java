package org.headend.collector.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What a Modbus device needs that the standard does not say: configured per bus, never patched in
 * code ({@code modbus.connectPause}, {@code modbus.maxRegisters}, {@code modbus.devices.<bus>.*}).
 *
 * @param connectPause quiet time after a TCP connect before the first request (some gateways drop
 *                     requests that arrive while they open the serial side), 0..1 min
 * @param maxRegisters registers per read request at most, 2..125 (some meters refuse long block reads)
 */
public record DeviceQuirks(Duration connectPause, int maxRegisters) {

    /** No pause; the standard's 125 registers per read. */
    public static final DeviceQuirks DEFAULTS = new DeviceQuirks(Duration.ZERO, 125);
    static final Duration MAX_CONNECT_PAUSE = Duration.ofMinutes(1);

    public DeviceQuirks {
        Objects.requireNonNull(connectPause, "connectPause");
    }
}
