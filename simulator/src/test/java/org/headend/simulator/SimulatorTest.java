package org.headend.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645Function;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.headend.protocol.dlt645.Dlt645Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {

    static final Instant START = Instant.parse("2026-03-02T10:15:00Z");
    static final long ENERGY_TOTAL = 0x00010000L;
    static final long ENERGY_BLOCK = 0x0001FF00L;

    final MutableClock clock = new MutableClock(START);
    Simulator sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    Simulator start(SimulatorConfig config) {
        sim = Simulator.start(config, clock);
        return sim;
    }

    static SimulatorConfig small() {
        return SimulatorConfig.defaults().withMeters(8).withGateways(2);
    }

    static Dlt645Frame read(SimulatedMeter m, long di) {
        return Dlt645Messages.readRequest(Dlt645Edition.V2007, m.address(), di);
    }

    static long unscaled(Dlt645Frame reply, int element) {
        Dlt645Value v = Dlt645Messages.values(Dlt645Edition.V2007, reply).get(element);
        return ((Dlt645Value.Number) v).unscaled();
    }

    @Test
    void readOfForwardActiveTotalDecodesToTheMetersRegister() throws IOException {
        start(small());
        SimulatedGateway gw = sim.gateways().get(1);
        SimulatedMeter meter = gw.meters().get(2);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(read(meter, ENERGY_TOTAL));
            Dlt645Frame reply = c.awaitFrames(1).get(0);
            assertEquals(meter.address(), reply.address());
            assertEquals(0x91, reply.control().value());
            assertEquals(meter.forwardActive(START)[0], unscaled(reply, 0));
            assertEquals(List.of(meter.forwardActive(START)[0]), meter.lastServed(ENERGY_TOTAL).orElseThrow().unscaled());
        }
    }

    @Test
    void replyCarriesTheConfiguredPreamble() throws IOException {
        start(small().withPreamble(2));
        SimulatedGateway gw = sim.gateways().get(0);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(read(gw.meters().get(0), ENERGY_TOTAL));
            c.awaitFrames(1);
            byte[] raw = c.raw.toByteArray();
            assertEquals(0xFE, raw[0] & 0xFF);
            assertEquals(0xFE, raw[1] & 0xFF);
            assertEquals(0x68, raw[2] & 0xFF);
        }
    }

    @Test
    void registersNeverDecreaseAcrossReadsAsTheClockAdvances() throws IOException {
        start(small().withResponseDelay(Duration.ZERO));
        SimulatedGateway gw = sim.gateways().get(0);
        SimulatedMeter meter = gw.meters().get(0);
        try (MeterClient c = new MeterClient(gw)) {
            long[] previous = new long[5];
            for (int i = 0; i < 30; i++) {
                c.send(read(meter, ENERGY_BLOCK));
                Dlt645Frame reply = c.awaitFrames(i + 1).get(i);
                long[] now = new long[5];
                for (int k = 0; k < 5; k++) {
                    now[k] = unscaled(reply, k);
                    assertTrue(now[k] >= previous[k], "element " + k + " went back at read " + i);
                }
                assertEquals(now[1] + now[2] + now[3] + now[4], now[0], "T1..T4 sum to the total");
                previous = now;
                clock.advance(Duration.ofMinutes(37));
            }
            assertTrue(previous[0] > unscaled(c.frames.get(0), 0), "18 hours of load moved the register");
        }
    }

    @Test
    void backToBackRequestsAreAnsweredOneAtATimeInArrivalOrder() throws IOException {
        Duration delay = Duration.ofMillis(60);
        start(small().withResponseDelay(delay));
        SimulatedGateway gw = sim.gateways().get(0);
        SimulatedMeter a = gw.meters().get(0);
        SimulatedMeter b = gw.meters().get(1);
        try (MeterClient c = new MeterClient(gw)) {
            long sent = System.nanoTime();
            c.send(read(b, ENERGY_TOTAL), read(a, ENERGY_TOTAL), read(b, 0x02800002L));
            List<Dlt645Frame> replies = c.awaitFrames(3);
            assertEquals(List.of(b.address(), a.address(), b.address()), replies.stream().map(Dlt645Frame::address).toList());
            assertEquals(0x02800002L, replies.get(2).dataId(Dlt645Edition.V2007));
            // Half duplex: each reply waits for the previous exchange, so the three turnarounds add up.
            long third = c.arrivalNanos.get(2) - sent;
            assertTrue(third >= 3 * delay.toNanos(), "third reply after only " + third / 1_000_000 + " ms");
        }
    }

    @Test
    void wildcardReadAddressOnAOneMeterGatewayReturnsItsAddress() throws IOException {
        start(SimulatorConfig.defaults().withMeters(3).withGateways(3));
        SimulatedGateway gw = sim.gateways().get(1);
        SimulatedMeter only = gw.meters().get(0);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(new Dlt645Frame(Dlt645Address.WILDCARD,
                    org.headend.protocol.dlt645.ControlCode.request(Dlt645Function.READ_ADDRESS), new byte[0]));
            Dlt645Frame reply = c.awaitFrames(1).get(0);
            assertEquals(0x93, reply.control().value());
            assertEquals(only.address(), reply.address());
            byte[] data = reply.data();
            for (int i = 0; i < 6; i++) {
                assertEquals((byte) (only.address().nibbles() >>> (8 * i)), data[i], "address byte " + i);
            }
        }
    }

    @Test
    void shortenedAddressWithWildcardHighBytesReachesTheMatchingMeter() throws IOException {
        start(small());
        SimulatedGateway gw = sim.gateways().get(0);
        SimulatedMeter meter = gw.meters().get(3);
        long low = meter.address().nibbles() & 0xFFFFFFL;
        Dlt645Address shortened = new Dlt645Address(0xAAAAAA000000L | low);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(Dlt645Messages.readRequest(Dlt645Edition.V2007, shortened, ENERGY_TOTAL));
            assertEquals(meter.address(), c.awaitFrames(1).get(0).address());
        }
    }

    @Test
    void wildcardMatchingSeveralMetersCollidesAndNobodyIsHeard() throws IOException {
        start(small());
        SimulatedGateway gw = sim.gateways().get(0);
        SimulatedMeter meter = gw.meters().get(0);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(Dlt645Messages.readRequest(Dlt645Edition.V2007, Dlt645Address.WILDCARD, ENERGY_TOTAL), read(meter, ENERGY_TOTAL));
            assertEquals(meter.address(), c.awaitFrames(1).get(0).address());
            assertEquals(1, gw.silences());
        }
    }

    @Test
    void clearFaultsSwitchesEveryFaultOff() {
        start(small());
        sim.meters().get(0).fault(MeterFault.SILENT);
        sim.gateways().get(1).fault(GatewayFault.GARBAGE, 0.3);
        sim.clearFaults();
        assertTrue(sim.meters().get(0).faults().isEmpty());
        assertTrue(sim.gateways().get(1).faults().isEmpty());
    }

    @Test
    void unknownDataIdGetsAbnormalReplyWithNoRequestedData() throws IOException {
        start(small());
        SimulatedGateway gw = sim.gateways().get(0);
        SimulatedMeter meter = gw.meters().get(0);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(read(meter, 0x0F0F0F0FL));
            Dlt645Frame reply = c.awaitFrames(1).get(0);
            assertEquals(0xD1, reply.control().value());
            assertArrayEquals(new byte[] {0x02}, reply.data());
            assertTrue(meter.lastServed(0x0F0F0F0FL).isEmpty());
        }
    }

    @Test
    void broadcastAndUnknownAddressesGetNoAnswer() throws IOException {
        start(small());
        SimulatedGateway gw = sim.gateways().get(0);
        SimulatedMeter meter = gw.meters().get(0);
        try (MeterClient c = new MeterClient(gw)) {
            // The bus answers in order, so anything said to the first two would arrive before the third reply.
            c.send(Dlt645Messages.readRequest(Dlt645Edition.V2007, Dlt645Address.BROADCAST, ENERGY_TOTAL),
                    Dlt645Messages.readRequest(Dlt645Edition.V2007, Dlt645Address.parse("000000000001"), ENERGY_TOTAL),
                    read(meter, ENERGY_TOTAL));
            List<Dlt645Frame> replies = c.awaitFrames(1);
            assertEquals(meter.address(), replies.get(0).address());
            assertEquals(2, gw.silences());
        }
    }

    @Test
    void instantaneousBlocksMatchTheMetersModel() throws IOException {
        start(small());
        SimulatedGateway gw = sim.gateways().get(0);
        SimulatedMeter meter = gw.meters().get(1);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(read(meter, 0x0201FF00L), read(meter, 0x0202FF00L), read(meter, 0x02030000L), read(meter, 0x02060000L));
            List<Dlt645Frame> replies = c.awaitFrames(4);
            List<Dlt645Value> volts = Dlt645Messages.values(Dlt645Edition.V2007, replies.get(0));
            long[] expected = meter.read(0x0201FF00L, START).orElseThrow();
            for (int p = 0; p < 3; p++) {
                if (expected[p] == SimulatedMeter.NOT_AVAILABLE) {
                    assertTrue(volts.get(p) instanceof Dlt645Value.Missing, "phase " + p + " is FF");
                } else {
                    assertEquals(expected[p], ((Dlt645Value.Number) volts.get(p)).unscaled());
                }
            }
            assertEquals(meter.activePowerWatts(START) * 10L, unscaled(replies.get(2), 0), "P is the rate, in kW x 10^4");
            assertEquals(meter.lastServed(0x02060000L).orElseThrow().unscaled(0), unscaled(replies.get(3), 0));
        }
    }

    @Test
    void aTakenPortFailsTheStartNamingGatewayHostAndPort() {
        start(small());
        int taken = sim.gateways().get(0).port();
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> Simulator.start(small().withBasePort(taken), clock).close());
        assertTrue(e.getMessage().contains("gw-01 cannot listen on 127.0.0.1:" + taken), e.getMessage());
    }

    @Test
    void sameSeedWritesTheSameArchiveBytes(@TempDir Path dir) throws IOException {
        SimulatorConfig config = SimulatorConfig.defaults().withMeters(50).withGateways(3).withSeed(42);
        Path first = dir.resolve("a.csv");
        Path second = dir.resolve("b.csv");
        Path other = dir.resolve("c.csv");
        try (Simulator a = Simulator.start(config, clock)) {
            a.writeArchive(first);
        }
        try (Simulator b = Simulator.start(config, clock)) {
            b.writeArchive(second);
        }
        try (Simulator c = Simulator.start(config.withSeed(43), clock)) {
            c.writeArchive(other);
        }
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        assertNotEquals(Files.readString(first), Files.readString(other));
    }

    @Test
    void archiveListsEveryMeterWithItsBusRatiosClassAndArea(@TempDir Path dir) throws IOException {
        start(SimulatorConfig.defaults().withMeters(40).withGateways(4));
        Path file = dir.resolve("archive.csv");
        sim.writeArchive(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals("meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area", lines.get(0));
        assertEquals(41, lines.size());
        for (int i = 0; i < 40; i++) {
            SimulatedMeter m = sim.meters().get(i);
            assertEquals(m.address() + ",dlt645-2007," + m.bus() + "," + m.ctRatio() + "," + m.vtRatio() + ","
                    + m.customerClass().code() + "," + m.area(), lines.get(i + 1));
            assertTrue(lines.get(i + 1).matches("\\d{12},dlt645-2007,gw-0[1-4],\\d+,\\d+,(residential|commercial|industrial),[a-z]+"));
        }
        assertEquals(40, lines.stream().skip(1).map(l -> l.substring(0, 12)).distinct().count(), "addresses are unique");
        assertEquals(10, sim.gateway("gw-04").orElseThrow().meters().size());
    }
}
