package org.headend.simulator;

import java.util.List;
import java.util.Objects;
import org.headend.protocol.serial.SerialFormat;

/**
 * Gateways whose bus the simulator serves on a serial device rather than on TCP: the meters hang
 * on an RS-485 line that the master reaches through its own serial port (in tests, the other end
 * of a socat pty pair). DL/T 645 meters, or Modbus RTU units when the gateway is one of the
 * {@link ModbusSettings#gateways()} Modbus ones.
 *
 * @param devices gateway i (gw-01, gw-02, …) is served on {@code devices.get(i)}; further gateways stay on TCP
 * @param format  the lines' speed and character format
 * @param paced   when true, request and reply bytes take their wire time at {@code format}, start,
 *                parity and stop bits included (a pty alone moves bytes in microseconds)
 * @param echo    when true, every byte received goes straight back, as a 2-wire adapter hands
 *                the master its own transmission
 */
public record SerialLines(List<String> devices, SerialFormat format, boolean paced, boolean echo) {

    /** No serial lines: every gateway on TCP. */
    public static final SerialLines NONE = new SerialLines(List.of(), SerialFormat.DLT645, false, false);

    public SerialLines {
        devices = List.copyOf(devices);
        Objects.requireNonNull(format, "format");
    }

    /** Wire time of one byte on these lines when paced, else 0. */
    long byteNanos() {
        return paced ? format.characterNanos() : 0;
    }
}
