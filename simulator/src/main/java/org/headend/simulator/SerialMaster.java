package org.headend.simulator;

import com.fazecast.jSerialComm.SerialPort;
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
 * A simulated bus served on a serial device (one end of a socat pty pair, or a real port wired to
 * the master's RS-485 adapter). A reader thread cuts request frames out of what arrives and hands
 * them to the bus's loop; replies are written from the loop.
 *
 * <p>With {@code echo} every byte received is sent straight back, as a 2-wire adapter on the
 * master's side hands the master its own transmission: the master's echo suppression meets a real
 * echo.
 */
final class SerialMaster implements Master, Dlt645Extractor.Sink {

    private static final Logger log = LoggerFactory.getLogger(SerialMaster.class);
    private static final int READ_POLL_MILLIS = 100;

    private final String device;
    private final SerialPort port;
    private final Bus bus;
    private final boolean echo;
    private final Dlt645Extractor extractor = new Dlt645Extractor();
    private final Thread reader;
    private volatile boolean open = true;

    private SerialMaster(String device, SerialPort port, Bus bus, boolean echo) {
        this.device = device;
        this.port = port;
        this.bus = bus;
        this.echo = echo;
        this.reader = new Thread(this::read, "headend-sim-serial " + device);
        this.reader.setDaemon(true);
    }

    /**
     * Opens {@code device} at {@code format} and starts serving {@code bus} on it.
     *
     * @throws UncheckedIOException naming the device and jSerialComm's error when it cannot be opened
     */
    static SerialMaster open(String device, SerialFormat format, boolean echo, Bus bus) {
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
        SerialMaster m = new SerialMaster(device, p, bus, echo);
        m.reader.start();
        return m;
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
                bus.loop().execute(() -> received(chunk));
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
        extractor.feed(chunk, this);
    }

    @Override
    public void frame(Dlt645Frame frame) {
        bus.submit(this, frame);
    }

    @Override
    public void dropped(Dlt645Exception.Reason reason, int bytes) {
        log.debug("serial {}: dropped {} bytes of a request ({})", device, bytes, reason.tag());
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
