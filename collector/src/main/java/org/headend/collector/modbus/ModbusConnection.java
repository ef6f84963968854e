package org.headend.collector.modbus;

import java.io.IOException;
import java.time.Duration;
import org.headend.protocol.modbus.ReadBlock;

/**
 * One connection to a Modbus device or gateway, as the collector needs it (OpenMUC's driver
 * {@code Connection}: small, one job). A {@link ModbusLine} owns it and calls it from one thread,
 * one request at a time. Implementations: {@link J2modConnection} over TCP (MBAP or RTU frames) and,
 * through {@link J2modConnection#over}, any j2mod master such as a serial line.
 */
public interface ModbusConnection extends AutoCloseable {

    /** Opens the transport; a no-op when open. */
    void connect() throws IOException;

    boolean isConnected();

    /** True when the device is reached over TCP (a gateway or a Modbus TCP meter), false for a local serial line. */
    default boolean gateway() {
        return true;
    }

    /**
     * Whether a timeout or a corrupt reply must close the connection so that a late reply cannot
     * answer the next request: true over TCP, where it would wait in the stream; a serial line
     * stays open and drops what arrived late before its next request.
     */
    default boolean reopenAfterSilence() {
        return true;
    }

    /**
     * Reads one block of registers from {@code unit}, waiting at most {@code timeout} for the reply
     * (on a serial line never less than the wire time of the exchange).
     *
     * @return the register words in wire order, exactly {@code block.count()} of them
     * @throws ModbusDeviceException           the device answered with an exception
     * @throws java.net.SocketTimeoutException no whole reply within the timeout
     * @throws IOException                     the connection failed, or the reply was corrupt
     */
    int[] read(int unit, ReadBlock block, Duration timeout) throws IOException, ModbusDeviceException;

    /** Closes the transport; the next {@link #connect()} opens it again. Never throws. */
    @Override
    void close();
}
