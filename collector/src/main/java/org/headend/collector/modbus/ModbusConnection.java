package org.headend.collector.modbus;

import java.io.IOException;
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

    /**
     * Reads one block of registers from {@code unit}.
     *
     * @return the register words in wire order, exactly {@code block.count()} of them
     * @throws ModbusDeviceException           the device answered with an exception
     * @throws java.net.SocketTimeoutException no whole reply within the timeout
     * @throws IOException                     the connection failed, or the reply was corrupt
     */
    int[] read(int unit, ReadBlock block) throws IOException, ModbusDeviceException;

    /** Closes the transport; the next {@link #connect()} opens it again. Never throws. */
    @Override
    void close();
}
