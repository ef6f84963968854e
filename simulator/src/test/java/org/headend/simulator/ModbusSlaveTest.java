package org.headend.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.headend.protocol.modbus.MapValue;
import org.headend.protocol.modbus.ModbusDirection;
import org.headend.protocol.modbus.ModbusFrame;
import org.headend.protocol.modbus.ModbusFrameCodec;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.protocol.modbus.ModbusPdu;
import org.headend.protocol.modbus.RegisterMap;
import org.headend.protocol.modbus.RegisterTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's Modbus gateways as a plain socket client sees them: values through the map, exceptions by the rules. */
class ModbusSlaveTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:15:00Z"));
    Simulator sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    Simulator start(String map, ModbusFraming framing) {
        sim = Simulator.start(SimulatorConfig.defaults().withMeters(6).withGateways(2), ModbusSettings.of(1, map, framing), clock);
        return sim;
    }

    /** A blocking client of one gateway, framing requests and reading replies with the protocol module's codec. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final ModbusFraming framing;
        int transaction;

        Client(SimulatedGateway gw, ModbusFraming framing) throws IOException {
            this.socket = new Socket(gw.host(), gw.port());
            this.socket.setSoTimeout(5000);
            this.framing = framing;
        }

        void send(int unit, ModbusPdu pdu) throws IOException {
            ModbusFrame f = framing == ModbusFraming.TCP ? ModbusFrame.tcp(++transaction, unit, ModbusDirection.REQUEST, pdu)
                    : ModbusFrame.rtu(unit, ModbusDirection.REQUEST, pdu);
            sendRaw(ModbusFrameCodec.encode(f));
        }

        void sendRaw(byte[] b) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(b);
            out.flush();
        }

        ModbusFrame receive() throws IOException {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (framing == ModbusFraming.TCP) {
                byte[] head = in.readNBytes(6);
                byte[] rest = in.readNBytes(ModbusFrameCodec.tcpFrameLength(head, 0, 6) - 6);
                return ModbusFrameCodec.decodeTcp(concat(head, rest), ModbusDirection.RESPONSE);
            }
            byte[] head = in.readNBytes(3);
            int n = (head[1] & 0x80) != 0 ? 2 : (head[2] & 0xFF) + 2;
            return ModbusFrameCodec.decodeRtu(concat(head, in.readNBytes(n)), ModbusDirection.RESPONSE);
        }

        ModbusPdu ask(int unit, ModbusPdu pdu) throws IOException {
            send(unit, pdu);
            return receive().pdu();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void servesEveryMeasurementOfTheMeterThroughTheSdmMap() throws IOException {
        start("sdm630", ModbusFraming.TCP);
        SimulatedGateway gw = sim.gateways().get(1);
        assertTrue(sim.isModbus(gw));
        assertFalse(sim.isModbus(sim.gateways().get(0)));
        RegisterMap map = sim.modbus().map();
        try (Client c = new Client(gw, ModbusFraming.TCP)) {
            for (SimulatedMeter m : gw.meters()) {
                int unit = sim.modbusUnit(m).orElseThrow();
                ModbusPdu.RegistersReply r = (ModbusPdu.RegistersReply) c.ask(unit, new ModbusPdu.ReadRequest(4, 0, 0x50));
                List<MapValue> values = map.decode(RegisterTable.INPUT, 0, r.words());
                Map<String, Double> expected = m.measurements(clock.instant());
                for (MapValue v : values) {
                    Double e = expected.get(v.quantity());
                    if (e == null) {
                        assertTrue(v.value() == 0 || Double.isNaN(v.value()), v.quantity() + " the meter lacks reads 0 or NaN");
                        continue;
                    }
                    assertEquals(e, v.value(), Math.abs(e) * 1e-6 + 1e-9, v.quantity());
                }
                assertEquals(expected.get("energy.active.import.total"),
                        values.stream().filter(v -> v.quantity().equals("energy.active.import.total")).findFirst().orElseThrow().value(), 0.01);
            }
        }
    }

    @Test
    void answersWhatAModbusDeviceMustNotServeWithItsException() throws IOException {
        start("sdm630", ModbusFraming.TCP);
        SimulatedGateway gw = sim.gateways().get(1);
        try (Client c = new Client(gw, ModbusFraming.TCP)) {
            assertEquals(new ModbusPdu.ExceptionReply(4, 2), c.ask(1, new ModbusPdu.ReadRequest(4, 0x50, 2)), "outside the map");
            assertEquals(new ModbusPdu.ExceptionReply(4, 2), c.ask(1, new ModbusPdu.ReadRequest(4, 0x4E, 4)), "running off its end");
            assertEquals(new ModbusPdu.ExceptionReply(3, 2), c.ask(1, new ModbusPdu.ReadRequest(3, 0, 2)), "SDM measurements are input registers");
            assertEquals(new ModbusPdu.ExceptionReply(6, 1), c.ask(1, new ModbusPdu.WriteSingle(6, 0, 1)), "writes are not served");
            assertEquals(new ModbusPdu.ExceptionReply(4, 0x0B), c.ask(99, new ModbusPdu.ReadRequest(4, 0, 2)), "no such unit");
            c.sendRaw(HexFormat.of().parseHex("00070000000601040000007E"));   // 126 registers
            assertEquals(new ModbusPdu.ExceptionReply(4, 3), c.receive().pdu());
            ModbusPdu.RegistersReply half = (ModbusPdu.RegistersReply) c.ask(1, new ModbusPdu.ReadRequest(4, 1, 1));
            assertEquals(1, half.count(), "half a float is served, as real meters do");
        }
    }

    @Test
    void rtuOverTcpCarriesTheCrcAndStaysSilentForUnknownUnitsAndBadCrcs() throws IOException {
        start("dtsu666", ModbusFraming.RTU);
        SimulatedGateway gw = sim.gateways().get(1);
        SimulatedMeter m = gw.meters().get(0);
        try (Client c = new Client(gw, ModbusFraming.RTU)) {
            c.send(77, new ModbusPdu.ReadRequest(3, 0x2006, 2));                     // nobody: silence
            byte[] corrupt = ModbusFrameCodec.encode(ModbusFrame.rtu(1, ModbusDirection.REQUEST, new ModbusPdu.ReadRequest(3, 0x2006, 2)));
            corrupt[7] ^= 1;
            c.sendRaw(corrupt);                                                      // bad CRC: silence
            c.send(1, new ModbusPdu.ReadRequest(3, 0x2006, 2));
            ModbusFrame reply = c.receive();                                         // the first reply is this one's
            assertEquals(1, reply.unit());
            double volts = RegisterMap.builtIn("dtsu666").orElseThrow().decode(RegisterTable.HOLDING, 0x2006,
                    ((ModbusPdu.RegistersReply) reply.pdu()).words()).get(0).value();
            assertEquals(m.measurements(clock.instant()).get("voltage.a"), volts, 1e-4);
            assertEquals(2, gw.silences());
        }
    }

    @Test
    void writesModbusMetersToTheArchiveWithUnitAndMap(@TempDir Path dir) throws IOException {
        start("sdm630", ModbusFraming.TCP);
        Path file = dir.resolve("archive.csv");
        sim.writeArchive(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(Simulator.ARCHIVE_HEADER + "," + Simulator.MODBUS_COLUMNS, lines.get(0));
        SimulatedMeter last = sim.gateways().get(1).meters().get(0);
        assertTrue(lines.contains(last.address() + ",modbus-tcp,gw-02," + last.ctRatio() + "," + last.vtRatio() + ","
                + last.customerClass().code() + "," + last.area() + ",1,sdm630"), String.join("\n", lines));
        assertTrue(lines.get(1).endsWith(",,"), "a DL/T 645 meter has no unit and no map: " + lines.get(1));
    }

    @Test
    void refusesMoreModbusMetersThanUnitIds() {
        assertThrows(IllegalArgumentException.class, () -> Simulator.start(SimulatorConfig.defaults().withMeters(300).withGateways(1),
                ModbusSettings.of(1, "sdm630", ModbusFraming.TCP), clock));
        assertThrows(IllegalArgumentException.class, () -> Simulator.start(SimulatorConfig.defaults().withMeters(3).withGateways(1),
                ModbusSettings.of(2, "sdm630", ModbusFraming.TCP), clock));
        assertThrows(IllegalArgumentException.class, () -> ModbusSettings.of(1, "nosuchmap", ModbusFraming.TCP));
    }

    @Test
    void aTurnaroundDelaysEveryReplyButKeepsTheirOrder() throws IOException {
        sim = Simulator.start(SimulatorConfig.defaults().withMeters(4).withGateways(1),
                ModbusSettings.of(1, "sdm630", ModbusFraming.TCP).withResponseDelay(Duration.ofMillis(30)), clock);
        try (Client c = new Client(sim.gateways().get(0), ModbusFraming.TCP)) {
            long t0 = System.nanoTime();
            c.send(1, new ModbusPdu.ReadRequest(4, 0, 2));
            c.send(2, new ModbusPdu.ReadRequest(4, 0, 2));
            assertEquals(1, c.receive().transaction());
            assertEquals(2, c.receive().transaction());
            assertTrue(System.nanoTime() - t0 >= 30_000_000L, "the turnaround was kept");
        }
    }
}
