package org.headend.collector.channel;

import com.fazecast.jSerialComm.SerialPort;
import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import org.headend.protocol.serial.SerialFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serial port with an RS-485 adapter, through jSerialComm. One reader thread per open port
 * blocks in {@code read} and hands what arrives to the bus's event loop; writes happen on the loop
 * (a request is a few dozen bytes, taken by the tty buffer at once). With echo suppression the
 * adapter's echo of each request is removed before the bus sees the bytes ({@link EchoFilter}).
 *
 * <p>Pseudo-terminals (socat) silently drop parity; the first open with a new speed succeeds, a
 * reopen at the same speed with parity fails with EINVAL (dependencies.md §2). The bus then retries
 * with backoff and the log names the error.
 */
final class SerialLink implements Link {

    private static final Logger log = LoggerFactory.getLogger(SerialLink.class);
    /** How long a read blocks before the reader checks whether the link was closed. */
    private static final int READ_POLL_MILLIS = 100;
    private static final int WRITE_TIMEOUT_MILLIS = 1_000;

    private final String device;
    private final SerialFormat format;
    private final EventLoop loop;
    private final EchoFilter echo;
    /** The port of the last {@link #open}; its reader thread owns it and ends when it is closed. */
    private volatile Session session;
    private Events events;

    /** One opening of the port: a close() before the reader has opened it still takes effect. */
    private static final class Session {
        volatile boolean closing;
        volatile SerialPort port;
    }

    /** @param suppressEcho drop our own request when a 2-wire adapter hands it back */
    SerialLink(String device, SerialFormat format, boolean suppressEcho, EventLoop loop) {
        this.device = device;
        this.format = format;
        this.loop = loop;
        this.echo = suppressEcho ? new EchoFilter() : null;
    }

    @Override
    public void open(Events events) {
        this.events = events;
        Session s = new Session();
        session = s;
        Thread reader = new Thread(() -> openAndRead(s), "headend-serial " + device);
        reader.setDaemon(true);
        reader.start();
    }

    /** On the reader thread: open, report, then read until closed or the port fails. */
    private void openAndRead(Session s) {
        SerialPort p = SerialPort.getCommPort(device);
        p.setComPortParameters(format.baud(), format.dataBits(),
                format.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT, parity(format.parity()));
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_POLL_MILLIS, WRITE_TIMEOUT_MILLIS);
        if (!p.openPort()) {
            String why = "cannot open " + describe() + ": error " + p.getLastErrorCode() + " at "
                    + p.getLastErrorLocation() + (p.getLastErrorCode() == 22 ? " (EINVAL: settings refused)" : "");
            post(() -> events.closed(why));
            return;
        }
        s.port = p;
        String why = "closed";
        if (post(events::opened)) {
            byte[] buf = new byte[512];
            while (!s.closing) {
                int n = p.readBytes(buf, buf.length);
                if (n < 0) {
                    why = "read failed: error " + p.getLastErrorCode();
                    break;
                }
                if (n > 0) {
                    byte[] chunk = Arrays.copyOf(buf, n);
                    if (!post(() -> deliver(chunk))) {
                        break;
                    }
                }
            }
        }
        s.port = null;
        p.closePort();
        String reason = why;
        post(() -> events.closed(reason));
    }

    /** Runs {@code task} on the bus's loop; false when the loop has shut down (the collector is closing). */
    private boolean post(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void deliver(byte[] chunk) {
        byte[] kept = echo == null ? chunk : echo.filter(chunk);
        if (kept.length > 0) {
            events.received(kept, 0, kept.length);
        }
    }

    @Override
    public void write(byte[] bytes) {
        Session s = session;
        SerialPort p = s == null || s.closing ? null : s.port;
        if (p == null) {
            return;
        }
        if (echo != null) {
            echo.sent(bytes);
        }
        int n = p.writeBytes(bytes, bytes.length);
        if (n != bytes.length) {
            log.warn("serial {}: wrote {} of {} bytes (error {})", describe(), n, bytes.length, p.getLastErrorCode());
        }
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null) {
            s.closing = true; // the reader sees it within READ_POLL_MILLIS, closes the port and reports
        }
    }

    @Override
    public String describe() {
        return device + " " + format;
    }

    @Override
    public boolean gateway() {
        return false;
    }

    private static int parity(SerialFormat.Parity p) {
        return switch (p) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
        };
    }
}
