package org.headend.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedGatewayTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:15:00Z"));
    Simulator sim;
    SimulatedGateway gw;
    SimulatedMeter a;
    SimulatedMeter b;

    @BeforeEach
    void start() {
        sim = Simulator.start(SimulatorConfig.defaults().withMeters(4).withGateways(1).withResponseDelay(Duration.ofMillis(5)), clock);
        gw = sim.gateways().get(0);
        a = gw.meters().get(0);
        b = gw.meters().get(1);
    }

    @AfterEach
    void close() {
        sim.close();
    }

    static Dlt645Frame read(SimulatedMeter m) {
        return Dlt645Messages.readRequest(Dlt645Edition.V2007, m.address(), 0x0001FF00L);
    }

    @Test
    void dropMidFrameWritesHalfAReplyThenCloses() throws IOException {
        gw.fault(GatewayFault.DROP_MID_FRAME);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(read(a));
            assertEquals(List.of(), c.awaitFrames(1));
            assertTrue(c.closedByPeer, "the gateway closed the connection");
            int full = Dlt645FrameCodec.encode(Messages.block(a), 4).length;
            assertEquals(full / 2, c.raw.size());
            assertTrue(a.lastServed(0x0001FF00L).isEmpty(), "a reply cut in half was not served");
        }
        gw.clearFaults();
        try (MeterClient c = new MeterClient(gw)) {
            c.send(read(a));
            assertEquals(a.address(), c.awaitFrames(1).get(0).address());
        }
    }

    @Test
    void splitAndMergeStillDeliversEveryReplyIntactAndInOrder() throws IOException {
        gw.fault(GatewayFault.SPLIT_AND_MERGE);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(read(a));
            c.awaitFrames(1);
            c.send(read(b), read(a), read(b));
            List<Dlt645Frame> frames = c.awaitFrames(4);
            assertEquals(List.of(a.address(), b.address(), a.address(), b.address()),
                    frames.stream().map(Dlt645Frame::address).toList());
            assertEquals(0, c.drops.size());
            assertEquals(4, gw.answers());
        }
    }

    @Test
    void garbageBetweenFramesIsSkippedAsNoise() throws IOException {
        gw.fault(GatewayFault.GARBAGE);
        try (MeterClient c = new MeterClient(gw)) {
            c.send(read(a), read(b));
            List<Dlt645Frame> frames = c.awaitFrames(2);
            assertEquals(List.of(a.address(), b.address()), frames.stream().map(Dlt645Frame::address).toList());
            assertTrue(c.extractor.noiseBytes() >= 2, "noise bytes " + c.extractor.noiseBytes());
        }
    }

    @Test
    void requestsFromTwoConnectionsShareOneHalfDuplexLine() throws IOException {
        try (MeterClient first = new MeterClient(gw); MeterClient second = new MeterClient(gw)) {
            first.send(read(a));
            second.send(read(b));
            assertEquals(a.address(), first.awaitFrames(1).get(0).address());
            assertEquals(b.address(), second.awaitFrames(1).get(0).address());
            assertEquals(2, gw.requests());
        }
    }

    @Test
    void pacingTakesTheWireTimeOfRequestAndReply() throws IOException {
        sim.close();
        sim = Simulator.start(SimulatorConfig.defaults().withMeters(1).withGateways(1).withPacing(9600)
                .withResponseDelay(Duration.ofMillis(20)), clock);
        gw = sim.gateways().get(0);
        SimulatedMeter m = gw.meters().get(0);
        try (MeterClient c = new MeterClient(gw)) {
            long sent = System.nanoTime();
            c.send(Dlt645Messages.readRequest(Dlt645Edition.V2007, m.address(), 0x00010000L));
            c.awaitFrames(1);
            // protocols.md §5 at 9600 8E1: 20-byte request 22.9 ms + 20 ms + 24-byte reply 27.5 ms = 70.4 ms.
            long took = c.arrivalNanos.get(0) - sent;
            assertTrue(took >= 70_000_000L, "a paced read took only " + took / 1_000_000 + " ms");
        }
    }

    /** The reply a meter gives to a block read now, for sizes. */
    static final class Messages {
        static Dlt645Frame block(SimulatedMeter m) {
            return Dlt645Messages.readReply(Dlt645Edition.V2007, m.address(), 0x0001FF00L, new byte[20]);
        }
    }
}
