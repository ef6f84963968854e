package org.headend.simulator;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RS-485 line behind one gateway: half duplex, so requests from every TCP connection of the
 * gateway queue in arrival order and the next goes out only when the previous exchange is over
 * (request on the wire, meter turnaround, reply on the wire; protocols.md §1.1, §5).
 *
 * <p>Confined to one event loop, which also serves the gateway's connections: no locks, and
 * nothing blocks; every wait is a {@code schedule()} on the loop. Fault decisions draw from one
 * seeded {@link Random} in request order, so a run replays from its seed.
 */
final class Bus {

    private static final Logger log = LoggerFactory.getLogger(Bus.class);
    /** Requests waiting for the line; more are dropped and counted (a gateway's buffer is small). */
    static final int MAX_QUEUED = 256;
    /** FE bytes assumed in front of a request when pacing its wire time (the usual 4, §1.1). */
    private static final int REQUEST_PREAMBLE = 4;

    private final SimulatedGateway gateway;
    private final List<SimulatedMeter> meters;
    private final SimulatorConfig config;
    private final Clock clock;
    private final EventLoop loop;
    private final Random random;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Replies held back by {@link GatewayFault#SPLIT_AND_MERGE}, to go out with the connection's next one. */
    private final Map<Channel, byte[]> held = new HashMap<>();
    private boolean busy;

    private record Pending(Channel channel, Dlt645Frame request) {
    }

    Bus(SimulatedGateway gateway, List<SimulatedMeter> meters, SimulatorConfig config, Clock clock, EventLoop loop, long seed) {
        this.gateway = gateway;
        this.meters = meters;
        this.config = config;
        this.clock = clock;
        this.loop = loop;
        this.random = new Random(seed);
    }

    EventLoop loop() {
        return loop;
    }

    /** A request frame arrived on {@code channel}; called on the loop. */
    void submit(Channel channel, Dlt645Frame request) {
        gateway.counters().requests.incrementAndGet();
        if (queue.size() >= MAX_QUEUED) {
            gateway.counters().overflows.incrementAndGet();
            log.warn("{}: request to {} dropped, {} requests already wait for the line", gateway.name(),
                    request.address(), MAX_QUEUED);
            return;
        }
        queue.add(new Pending(channel, request));
        if (!busy) {
            busy = true;
            loop.execute(this::next);
        }
    }

    /** The connection closed: its queued requests and held replies go with it. */
    void forget(Channel channel) {
        queue.removeIf(p -> p.channel() == channel);
        held.remove(channel);
    }

    private void next() {
        Pending p = queue.poll();
        if (p == null) {
            busy = false;
            return;
        }
        if (!p.channel().isActive()) {
            loop.execute(this::next); // closed (e.g. dropped mid-frame) before its turn came
            return;
        }
        long requestWire = config.pacing() ? Dlt645FrameCodec.encodedLength(p.request(), REQUEST_PREAMBLE) * config.byteNanos() : 0;
        Instant now = clock.instant();
        Responder.Outcome outcome = Responder.respond(meters, p.request(), now);
        if (outcome instanceof Responder.Answer a && !a.meter().faultSwitch().strikes(MeterFault.SILENT, random)) {
            answer(p.channel(), a, now, requestWire);
        } else {
            gateway.counters().silences.incrementAndGet();
            flushHeld(p.channel());
            after(requestWire, this::next);
        }
    }

    private void answer(Channel channel, Responder.Answer a, Instant now, long requestWire) {
        FaultSwitch<MeterFault> meterFaults = a.meter().faultSwitch();
        boolean late = meterFaults.strikes(MeterFault.LATE, random);
        boolean badChecksum = meterFaults.strikes(MeterFault.BAD_CHECKSUM, random);
        FaultSwitch<GatewayFault> gatewayFaults = gateway.faultSwitch();
        boolean drop = gatewayFaults.strikes(GatewayFault.DROP_MID_FRAME, random);
        boolean split = gatewayFaults.strikes(GatewayFault.SPLIT_AND_MERGE, random);
        boolean garbage = gatewayFaults.strikes(GatewayFault.GARBAGE, random);

        gateway.counters().answers.incrementAndGet();
        byte[] reply = Dlt645FrameCodec.encode(a.reply(), config.preamble());
        if (badChecksum) {
            reply[reply.length - 2] ^= 0x01; // CS is the byte before the final 16 (§1.2)
        }
        if (a.values() != null && !badChecksum && !drop) {
            a.meter().served(a.dataId(), now, a.values());
        }
        byte[] noise = garbage ? garbage() : new byte[0];
        boolean merge = split && !drop && queue.stream().anyMatch(q -> q.channel() == channel);
        long turnaround = (late ? config.lateDelay() : config.responseDelay()).toNanos();
        after(requestWire + turnaround, () -> {
            byte[] before = merge ? new byte[0] : held.getOrDefault(channel, new byte[0]);
            if (!merge) {
                held.remove(channel);
            }
            Transmission t = Transmission.plan(before, concat(noise, reply), drop, split, config.pacing() ? config.byteNanos() : 0, random);
            new Sender(channel, t, merge).run();
        });
    }

    /** Writes a planned transmission chunk by chunk at its due times, then frees the line. */
    private final class Sender implements Runnable {
        private final Channel channel;
        private final Transmission plan;
        private final boolean hold;
        private final long start = System.nanoTime();
        private int chunk;

        Sender(Channel channel, Transmission plan, boolean hold) {
            this.channel = channel;
            this.plan = plan;
            this.hold = hold;
        }

        @Override
        public void run() {
            long elapsed = System.nanoTime() - start;
            while (chunk < plan.chunks() && plan.dueNanos(chunk) <= elapsed) {
                if (!hold) {
                    channel.write(Unpooled.wrappedBuffer(plan.chunk(chunk)));
                }
                chunk++;
            }
            if (!hold) {
                channel.flush();
            }
            if (chunk < plan.chunks()) {
                loop.schedule(this, plan.dueNanos(chunk) - elapsed, TimeUnit.NANOSECONDS);
                return;
            }
            if (hold) {
                held.merge(channel, plan.bytes(), Bus::concat);
            }
            if (plan.closeAfter()) {
                channel.close();
            }
            next();
        }
    }

    private void flushHeld(Channel channel) {
        byte[] h = held.remove(channel);
        if (h != null) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(h));
        }
    }

    private void after(long nanos, Runnable task) {
        if (nanos <= 0) {
            loop.execute(task);
        } else {
            loop.schedule(task, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** 1..8 random bytes, never 68 so they cannot open a false frame. */
    private byte[] garbage() {
        byte[] g = new byte[1 + random.nextInt(8)];
        for (int i = 0; i < g.length; i++) {
            int b;
            do {
                b = random.nextInt(256);
            } while (b == 0x68);
            g[i] = (byte) b;
        }
        return g;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
