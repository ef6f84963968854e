package org.headend.collector.modbus;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.headend.protocol.modbus.ModbusDirection;
import org.headend.protocol.modbus.ModbusFrame;
import org.headend.protocol.modbus.ModbusFrameCodec;
import org.headend.protocol.modbus.ModbusPdu;

/**
 * A Modbus TCP device for line tests on a real socket, one connection at a time: each request goes
 * to the script with the connection's number (1, 2, ...), which returns the reply PDU, or null to
 * close the connection without a reply. Records when each connection was accepted and each request
 * arrived.
 */
final class ScriptedModbusDevice implements AutoCloseable {

    /** One request as it arrived. */
    record Arrival(int connection, long nanos, ModbusFrame frame) {
    }

    private final ServerSocket server;
    private final BiFunction<Integer, ModbusFrame, ModbusPdu> script;
    final CopyOnWriteArrayList<Long> accepted = new CopyOnWriteArrayList<>();
    final CopyOnWriteArrayList<Arrival> requests = new CopyOnWriteArrayList<>();

    ScriptedModbusDevice(BiFunction<Integer, ModbusFrame, ModbusPdu> script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread t = new Thread(this::serve, "scripted-modbus-device");
        t.setDaemon(true);
        t.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                accepted.add(System.nanoTime());
                int connection = accepted.size();
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    byte[] head = in.readNBytes(6);
                    if (head.length < 6) {
                        break;
                    }
                    byte[] rest = in.readNBytes(ModbusFrameCodec.tcpFrameLength(head, 0, 6) - 6);
                    byte[] whole = new byte[head.length + rest.length];
                    System.arraycopy(head, 0, whole, 0, 6);
                    System.arraycopy(rest, 0, whole, 6, rest.length);
                    ModbusFrame request = ModbusFrameCodec.decodeTcp(whole, ModbusDirection.REQUEST);
                    requests.add(new Arrival(connection, System.nanoTime(), request));
                    ModbusPdu reply = script.apply(connection, request);
                    if (reply == null) {
                        break;
                    }
                    out.write(ModbusFrameCodec.encode(ModbusFrame.tcp(request.transaction(), request.unit(),
                            ModbusDirection.RESPONSE, reply)));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away, or the server was closed: take the next connection
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
