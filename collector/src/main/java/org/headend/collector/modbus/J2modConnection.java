package org.headend.collector.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.headend.protocol.modbus.ReadBlock;
import org.headend.protocol.modbus.RegisterTable;
import org.headend.protocol.serial.SerialFormat;

/**
 * A {@link ModbusConnection} through a j2mod master. j2mod's own retries are switched off (the
 * line decides about retries: left on, a silent meter would cost five timeouts) and its TCP master
 * keeps one connection instead of reconnecting per request.
 *
 * <p>On a serial line j2mod reads the reply with blocking reads that end after the timeout with
 * what has arrived; a read that got no byte, or too few, is reported here as a timeout, since that
 * is what it was: the unit stayed silent. The timeout of each request is never shorter than the
 * wire time of the request and of the longest reply it can bring, so that a slow line does not
 * cut off a reply that is still coming.
 */
public final class J2modConnection implements ModbusConnection {

    /** j2mod's text when a serial read ended without the bytes it wanted (no reply, or a reply cut short). */
    private static final String SERIAL_SILENCE = "Cannot read from serial port";

    private final AbstractModbusMaster master;
    private final String description;
    /** The line's format for a serial master, null over TCP. */
    private final SerialFormat serial;
    private int timeoutMillis = -1;

    private J2modConnection(AbstractModbusMaster master, String description, SerialFormat serial) {
        this.master = Objects.requireNonNull(master, "master");
        this.description = description;
        this.serial = serial;
    }

    /**
     * Modbus TCP to {@code host:port}; with {@code rtuFrames} RTU frames (with CRC) over the TCP
     * stream, as transparent serial-to-Ethernet gateways pass them.
     */
    public static J2modConnection tcp(String host, int port, Duration timeout, boolean rtuFrames) {
        int ms = millis(timeout);
        return new J2modConnection(new ModbusTCPMaster(host, port, ms, false, rtuFrames),
                (rtuFrames ? "modbus-rtu over tcp " : "modbus-tcp ") + host + ":" + port, null);
    }

    /**
     * Modbus RTU on a local serial port through j2mod's {@code ModbusSerialMaster}.
     *
     * @param device   e.g. {@code /dev/ttyUSB0}, or one end of a socat pty pair
     * @param echo     read back and drop each request (2-wire adapters that hear themselves)
     * @param frameGap silence before each request; j2mod sleeps whole milliseconds, so it is rounded
     *                 up (3.65 ms at 9600 8N1 becomes 4 ms); zero leaves j2mod's own rule (4
     *                 characters since the last reply, at least 2 ms)
     */
    public static J2modConnection serial(String device, SerialFormat format, boolean echo, Duration frameGap,
                                         Duration timeout) {
        SerialParameters p = new SerialParameters();
        p.setPortName(device);
        p.setBaudRate(format.baud());
        p.setDatabits(format.dataBits());
        p.setParity(switch (format.parity()) {
            case NONE -> AbstractSerialConnection.NO_PARITY;
            case ODD -> AbstractSerialConnection.ODD_PARITY;
            case EVEN -> AbstractSerialConnection.EVEN_PARITY;
        });
        p.setStopbits(format.stopBits() == 2 ? AbstractSerialConnection.TWO_STOP_BITS : AbstractSerialConnection.ONE_STOP_BIT);
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        p.setEcho(echo);
        int gapMillis = (int) Math.min(Integer.MAX_VALUE, (frameGap.toNanos() + 999_999) / 1_000_000);
        return new J2modConnection(new ModbusSerialMaster(p, millis(timeout), gapMillis),
                "modbus-rtu " + device + " " + format, format);
    }

    /** Any j2mod master on TCP or a transparent gateway (a serial master: {@link #serial}). */
    public static J2modConnection over(AbstractModbusMaster master, String description) {
        return new J2modConnection(master, description, null);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
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
    public boolean gateway() {
        return serial == null;
    }

    /** A serial line drains what arrived late before each request (j2mod clears its input), TCP must reconnect. */
    @Override
    public boolean reopenAfterSilence() {
        return serial == null;
    }

    @Override
    public int[] read(int unit, ReadBlock block, Duration timeout) throws IOException, ModbusDeviceException {
        Duration exchange = serial == null ? Duration.ZERO : serial.wireTime(REQUEST_BYTES + replyBytes(block));
        int ms = millis(exchange.compareTo(timeout) > 0 ? exchange : timeout);
        if (ms != timeoutMillis) {
            master.setTimeout(ms); // a tty or socket setting: only when it changes
            timeoutMillis = ms;
        }
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

    /** Unit, function, byte count, the registers, CRC: the longest reply a read of {@code block} brings. */
    static int replyBytes(ReadBlock block) {
        return 5 + 2 * block.count();
    }

    /** Unit, function, start, quantity, CRC. */
    static final int REQUEST_BYTES = 8;

    /**
     * j2mod reports a timeout as a ModbusIOException with the socket's timeout inside or "timeout"
     * in its text; on a serial line, as a read that ended short.
     */
    private IOException io(ModbusException e, int unit, ReadBlock block) {
        String where = description + " unit " + unit + " " + block + ": ";
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            boolean silent = serial != null && t.getMessage() != null && t.getMessage().contains(SERIAL_SILENCE);
            if (silent || t instanceof SocketTimeoutException || m.contains("timeout") || m.contains("timed out")) {
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
