package org.headend.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.headend.protocol.dlt645.Dlt645Exception;
import org.headend.protocol.dlt645.Dlt645Extractor;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645FrameCodec;

/** A plain blocking TCP master for tests: writes request bytes, collects reply frames with the protocol extractor. */
final class MeterClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    final Dlt645Extractor extractor = new Dlt645Extractor();
    final List<Dlt645Frame> frames = new ArrayList<>();
    final List<Long> arrivalNanos = new ArrayList<>();
    final List<Dlt645Exception.Reason> drops = new ArrayList<>();
    /** Every byte received, in order. */
    final java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    boolean closedByPeer;

    MeterClient(SimulatedGateway gateway) throws IOException {
        socket = new Socket(gateway.host(), gateway.port());
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    void send(Dlt645Frame... requests) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Dlt645Frame f : requests) {
            out.writeBytes(Dlt645FrameCodec.encode(f, 4));
        }
        socket.getOutputStream().write(out.toByteArray());
        socket.getOutputStream().flush();
    }

    /** Reads until {@code n} frames in total arrived, the peer closed, or {@code timeoutMillis} passed without bytes. */
    List<Dlt645Frame> awaitFrames(int n, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[512];
        while (frames.size() < n) {
            int r;
            try {
                r = in.read(buf);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (r < 0) {
                closedByPeer = true;
                break;
            }
            raw.write(buf, 0, r);
            long t = System.nanoTime();
            extractor.feed(buf, 0, r, new Dlt645Extractor.Sink() {
                @Override
                public void frame(Dlt645Frame frame) {
                    frames.add(frame);
                    arrivalNanos.add(t);
                }

                @Override
                public void dropped(Dlt645Exception.Reason reason, int bytes) {
                    drops.add(reason);
                }
            });
        }
        return frames;
    }

    List<Dlt645Frame> awaitFrames(int n) throws IOException {
        return awaitFrames(n, 5_000);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
