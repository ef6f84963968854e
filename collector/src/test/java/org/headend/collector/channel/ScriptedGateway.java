package org.headend.collector.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.headend.protocol.dlt645.Dlt645Extractor;
import org.headend.protocol.dlt645.Dlt645Frame;

/**
 * A gateway for bus tests on a real socket: it answers each request frame with whatever the
 * script returns (bytes to write, or null for silence), one connection at a time. It also
 * records how many requests were outstanding at once, which must never exceed one.
 */
final class ScriptedGateway implements AutoCloseable {

    private final ServerSocket server;
    private final Function<Dlt645Frame, byte[]> script;
    private final Thread thread;
    final CopyOnWriteArrayList<Dlt645Frame> requests = new CopyOnWriteArrayList<>();
    /** System.nanoTime() when each request frame was complete, in order. */
    final CopyOnWriteArrayList<Long> requestNanos = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private volatile Socket socket;
    private volatile boolean closed;

    ScriptedGateway(Function<Dlt645Frame, byte[]> script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.thread = new Thread(this::serve, "scripted-gateway");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Closes the current connection, as a gateway that reboots would. */
    void dropConnection() throws IOException {
        Socket s = socket;
        if (s != null) {
            s.close();
        }
    }

    private void serve() {
        while (!closed) {
            try (Socket s = server.accept()) {
                socket = s;
                connections.incrementAndGet();
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                Dlt645Extractor extractor = new Dlt645Extractor();
                byte[] buf = new byte[512];
                int n;
                while ((n = in.read(buf)) > 0) {
                    extractor.feed(buf, 0, n, frame -> {
                        requestNanos.add(System.nanoTime());
                        requests.add(frame);
                        byte[] reply = script.apply(frame);
                        if (reply != null) {
                            try {
                                out.write(reply);
                                out.flush();
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    });
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // connection dropped; accept the next one unless closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        dropConnection();
    }
}
