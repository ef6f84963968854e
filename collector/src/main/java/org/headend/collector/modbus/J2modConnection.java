package org.headend.collector.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.headend.protocol.modbus.ReadBlock;
import org.headend.protocol.modbus.RegisterTable;

/**
 * A {@link ModbusConnection} through a j2mod master. j2mod's own retries are switched off (the
 * line decides about retries: left on, a silent meter would cost five timeouts) and its TCP master
 * keeps one connection instead of reconnecting per request.
 */
public final class J2modConnection implements ModbusConnection {

    private final AbstractModbusMaster master;
    private final String description;

    private J2modConnection(AbstractModbusMaster master, String description) {
        this.master = Objects.requireNonNull(master, "master");
        this.description = description;
    }

    /**
     * Modbus TCP to {@code host:port}; with {@code rtuFrames} RTU frames (with CRC) over the TCP
     * stream, as transparent serial-to-Ethernet gateways pass them.
     */
    public static J2modConnection tcp(String host, int port, Duration timeout, boolean rtuFrames) {
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        return new J2modConnection(new ModbusTCPMaster(host, port, ms, false, rtuFrames),
                (rtuFrames ? "modbus-rtu over tcp " : "modbus-tcp ") + host + ":" + port);
    }

    /** Any j2mod master, e.g. a {@code ModbusSerialMaster} for an RS-485 line. */
    public static J2modConnection over(AbstractModbusMaster master, String description) {
        return new J2modConnection(master, description);
    }

    @Override
    public void connect() throws IOException {
        if (master.isConnected()) {
            return;
        }
        try {
            master.connect();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(description + ": cannot connect: " + e.getMessage(), e);
        }
        // j2mod makes a new transaction per connect, and a setting made before it is lost. It counts
        // attempts and takes 0 for its default of 5: one attempt, the line decides about more.
        master.setRetries(1);
        master.setCheckingValidity(true);
    }

    @Override
    public boolean isConnected() {
        return master.isConnected();
    }

    @Override
    public int[] read(int unit, ReadBlock block) throws IOException, ModbusDeviceException {
        InputRegister[] regs;
        try {
            regs = block.table() == RegisterTable.INPUT
                    ? master.readInputRegisters(unit, block.start(), block.count())
                    : master.readMultipleRegisters(unit, block.start(), block.count());
        } catch (ModbusSlaveException e) {
            throw new ModbusDeviceException(e.getType(), description + " unit " + unit + " " + block);
        } catch (ModbusException e) {
            throw io(e, unit, block);
        }
        if (regs == null || regs.length != block.count()) {
            throw new IOException(description + " unit " + unit + ": " + (regs == null ? "no" : regs.length)
                    + " registers in the reply to a read of " + block.count());
        }
        int[] words = new int[regs.length];
        for (int i = 0; i < regs.length; i++) {
            words[i] = regs[i].toUnsignedShort();
        }
        return words;
    }

    /** j2mod reports a timeout as a ModbusIOException with the socket's timeout inside or "timeout" in its text. */
    private IOException io(ModbusException e, int unit, ReadBlock block) {
        String where = description + " unit " + unit + " " + block + ": ";
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof SocketTimeoutException || m.contains("timeout") || m.contains("timed out")) {
                SocketTimeoutException x = new SocketTimeoutException(where + e.getMessage());
                x.initCause(e);
                return x;
            }
        }
        return new IOException(where + e.getMessage() + (e instanceof ModbusIOException io && io.isEOF() ? " (closed by peer)" : ""), e);
    }

    @Override
    public void close() {
        master.disconnect();
    }

    @Override
    public String toString() {
        return description;
    }
}
