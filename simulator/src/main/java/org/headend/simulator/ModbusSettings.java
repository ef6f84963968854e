package org.headend.simulator;

import java.time.Duration;
import java.util.Objects;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.protocol.modbus.RegisterMap;

/**
 * Which simulated gateways speak Modbus instead of DL/T 645: the last {@code gateways} of the run
 * become Modbus TCP servers (or transparent RTU-over-TCP gateways), their meters units 1..n,
 * serving {@link SimulatedMeter#measurements} through {@code map}.
 *
 * <p>Served registers: those of the map's read blocks ({@link RegisterMap#blocks} of 125); a read
 * reaching outside them gets exception 02 (illegal data address), another function 01, a quantity
 * outside 1..125 03. A unit the gateway does not have gets 0B over TCP (as gateways answer) and
 * silence over RTU (as a serial line stays silent); so does an RTU frame with a bad CRC.
 * Quantities a meter lacks read 0, phases its wiring lacks NaN (float32) or 0 (integers).
 *
 * @param gateways      how many of the run's gateways speak Modbus, 0..all
 * @param map           the register map every Modbus meter serves
 * @param framing       {@link ModbusFraming#TCP} (MBAP) or {@link ModbusFraming#RTU} (RTU frames over TCP)
 * @param responseDelay the device's turnaround before each reply, 0..10 s
 */
public record ModbusSettings(int gateways, RegisterMap map, ModbusFraming framing, Duration responseDelay) {

    /** Modbus meters per gateway at most: unit ids 1..247 (protocols.md §4.1). */
    public static final int MAX_UNITS = 247;

    /** No Modbus gateways. */
    public static final ModbusSettings NONE = new ModbusSettings(0, RegisterMap.builtIn("sdm630").orElseThrow(),
            ModbusFraming.TCP, Duration.ZERO);

    public ModbusSettings {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(responseDelay, "responseDelay");
        if (gateways < 0) {
            throw new IllegalArgumentException("modbus gateways was " + gateways + " but must be 0 or more");
        }
        if (responseDelay.isNegative() || responseDelay.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("modbus responseDelay was " + responseDelay + " but must be 0..10 s");
        }
    }

    /** {@code gateways} Modbus gateways serving the built-in map {@code mapName}, answering at once. */
    public static ModbusSettings of(int gateways, String mapName, ModbusFraming framing) {
        RegisterMap map = RegisterMap.builtIn(mapName).orElseThrow(() -> new IllegalArgumentException(
                "register map '" + mapName + "' is not built in; built in are " + String.join(", ", RegisterMap.BUILT_IN)));
        return new ModbusSettings(gateways, map, framing, Duration.ZERO);
    }

    public ModbusSettings withResponseDelay(Duration d) {
        return new ModbusSettings(gateways, map, framing, d);
    }

    /** The archive's protocol code for these meters. */
    public String protocol() {
        return framing.label();
    }
}
