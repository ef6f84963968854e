package org.headend.simulator;

import com.fazecast.jSerialComm.SerialPort;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.headend.protocol.dlt645.Dlt645Exception;
import org.headend.protocol.dlt645.Dlt645Extractor;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.serial.SerialFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated line served on a serial device (one end of a socat pty pair, or a real port wired to
 * the master's RS-485 adapter). A reader thread hands what arrives to the line's loop, where a
 * {@link Receiver} makes requests of it (DL/T 645 frames for a {@link Bus}, Modbus RTU frames for a
 * {@link ModbusSerialSlave}); replies are written from the loop.
 *
 * <p>With {@code echo} every byte received is sent straight back, as a 2-wire adapter on the
 * master's side hands the master its own transmission: the master's echo suppression meets a real
 * echo.
 */
final class SerialMaster implements Master {

    private static final Logger log = LoggerFactory.getLogger(SerialMaster.class);
    private static final int READ_POLL_MILLIS = 100;

    /** What the line's meters make of the bytes the master sends; called on the line's loop. */
    interface Receiver {
        void received(SerialMaster from, byte[] chunk);
    }

    private final String device;
    private final SerialPort port;
    private final EventLoop loop;
    private final Receiver receiver;
    private final boolean echo;
    private final Thread reader;
    private volatile boolean open = true;

    private SerialMaster(String device, SerialPort port, EventLoop loop, Receiver receiver, boolean echo) {
        this.device = device;
        this.port = port;
        this.loop = loop;
        this.receiver = receiver;
        this.echo = echo;
        this.reader = new Thread(this::read, "headend-sim-serial " + device);
        this.reader.setDaemon(true);
    }

    /**
     * Opens {@code device} at {@code format} and starts serving the DL/T 645 {@code bus} on it.
     *
     * @throws UncheckedIOException naming the device and jSerialComm's error when it cannot be opened
     */
    static SerialMaster open(String device, SerialFormat format, boolean echo, Bus bus) {
        return open(device, format, echo, bus.loop(), new Dlt645Requests(bus));
    }

    /**
     * Opens {@code device} at {@code format}; what arrives goes to {@code receiver} on {@code loop}.
     *
     * @throws UncheckedIOException naming the device and jSerialComm's error when it cannot be opened
     */
    static SerialMaster open(String device, SerialFormat format, boolean echo, EventLoop loop, Receiver receiver) {
        SerialPort p = SerialPort.getCommPort(device);
        p.setComPortParameters(format.baud(), format.dataBits(),
                format.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT,
                switch (format.parity()) {
                    case NONE -> SerialPort.NO_PARITY;
                    case ODD -> SerialPort.ODD_PARITY;
                    case EVEN -> SerialPort.EVEN_PARITY;
                });
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, READ_POLL_MILLIS, 1_000);
        if (!p.openPort()) {
            throw new UncheckedIOException(new IOException("cannot open serial device " + device + " at " + format
                    + ": error " + p.getLastErrorCode() + " at " + p.getLastErrorLocation()));
        }
        SerialMaster m = new SerialMaster(device, p, loop, receiver, echo);
        m.reader.start();
        return m;
    }

    /** DL/T 645 request frames cut out of the bytes, for the bus. */
    private static final class Dlt645Requests implements Receiver, Dlt645Extractor.Sink {
        private final Bus bus;
        private final Dlt645Extractor extractor = new Dlt645Extractor();
        private SerialMaster from;

        Dlt645Requests(Bus bus) {
            this.bus = bus;
        }

        @Override
        public void received(SerialMaster master, byte[] chunk) {
            from = master;
            extractor.feed(chunk, this);
        }

        @Override
        public void frame(Dlt645Frame frame) {
            bus.submit(from, frame);
        }

        @Override
        public void dropped(Dlt645Exception.Reason reason, int bytes) {
            log.debug("serial {}: dropped {} bytes of a request ({})", from.device, bytes, reason.tag());
        }
    }

    private void read() {
        byte[] buf = new byte[512];
        while (open) {
            int n = port.readBytes(buf, buf.length);
            if (n < 0) {
                log.warn("serial {}: read failed (error {}); serving stops", device, port.getLastErrorCode());
                break;
            }
            if (n > 0) {
                byte[] chunk = Arrays.copyOf(buf, n);
                loop.execute(() -> received(chunk));
            }
        }
        open = false;
        port.closePort();
    }

    /** On the bus's loop. */
    private void received(byte[] chunk) {
        if (echo) {
            write(chunk);
        }
        receiver.received(this, chunk);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void write(byte[] bytes) {
        if (open && port.writeBytes(bytes, bytes.length) != bytes.length) {
            log.warn("serial {}: short write (error {})", device, port.getLastErrorCode());
        }
    }

    /** A serial line has no connection to drop: the truncated reply is all the fault does. */
    @Override
    public void hangUp() {
    }

    /** Stops serving; the reader closes the port within its poll time. Waits for it. */
    void close() {
        open = false;
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
