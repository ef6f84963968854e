package org.headend.simulator;

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
    private final long byteNanos;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Replies held back by {@link GatewayFault#SPLIT_AND_MERGE}, to go out with the connection's next one. */
    private final Map<Master, byte[]> held = new HashMap<>();
    private boolean busy;

    private record Pending(Master master, Dlt645Frame request) {
    }

    /** @param byteNanos wire time of one byte when pacing, 0 for none */
    Bus(SimulatedGateway gateway, List<SimulatedMeter> meters, SimulatorConfig config, Clock clock, EventLoop loop, long seed,
        long byteNanos) {
        this.gateway = gateway;
        this.byteNanos = byteNanos;
        this.meters = meters;
        this.config = config;
        this.clock = clock;
        this.loop = loop;
        this.random = new Random(seed);
    }

    EventLoop loop() {
        return loop;
    }

    /** A request frame arrived from {@code master}; called on the loop. */
    void submit(Master master, Dlt645Frame request) {
        gateway.counters().requests.incrementAndGet();
        if (queue.size() >= MAX_QUEUED) {
            gateway.counters().overflows.incrementAndGet();
            log.warn("{}: request to {} dropped, {} requests already wait for the line", gateway.name(),
                    request.address(), MAX_QUEUED);
            return;
        }
        queue.add(new Pending(master, request));
        if (!busy) {
            busy = true;
            loop.execute(this::next);
        }
    }

    /** The connection closed: its queued requests and held replies go with it. */
    void forget(Master master) {
        queue.removeIf(p -> p.master() == master);
        held.remove(master);
    }

    private void next() {
        Pending p = queue.poll();
        if (p == null) {
            busy = false;
            return;
        }
        if (!p.master().isOpen()) {
            loop.execute(this::next); // closed (e.g. dropped mid-frame) before its turn came
            return;
        }
        long requestWire = Dlt645FrameCodec.encodedLength(p.request(), REQUEST_PREAMBLE) * byteNanos;
        Instant now = clock.instant();
        Responder.Outcome outcome = Responder.respond(meters, p.request(), now);
        if (outcome instanceof Responder.Answer a && !a.meter().faultSwitch().strikes(MeterFault.SILENT, random)) {
            answer(p.master(), a, now, requestWire);
        } else {
            gateway.counters().silences.incrementAndGet();
            flushHeld(p.master());
            after(requestWire, this::next);
        }
    }

    private void answer(Master master, Responder.Answer a, Instant now, long requestWire) {
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
        boolean merge = split && !drop && queue.stream().anyMatch(q -> q.master() == master);
        long turnaround = (late ? config.lateDelay() : config.responseDelay()).toNanos();
        after(requestWire + turnaround, () -> {
            byte[] before = merge ? new byte[0] : held.getOrDefault(master, new byte[0]);
            if (!merge) {
                held.remove(master);
            }
            Transmission t = Transmission.plan(before, concat(noise, reply), drop, split, byteNanos, random);
            new Sender(master, t, merge).run();
        });
    }

    /** Writes a planned transmission chunk by chunk at its due times, then frees the line. */
    private final class Sender implements Runnable {
        private final Master master;
        private final Transmission plan;
        private final boolean hold;
        private final long start = System.nanoTime();
        private int chunk;

        Sender(Master master, Transmission plan, boolean hold) {
            this.master = master;
            this.plan = plan;
            this.hold = hold;
        }

        @Override
        public void run() {
            long elapsed = System.nanoTime() - start;
            int first = chunk;
            while (chunk < plan.chunks() && plan.dueNanos(chunk) <= elapsed) {
                chunk++;
            }
            if (!hold && chunk > first && master.isOpen()) {
                master.write(plan.chunks(first, chunk));
            }
            if (chunk < plan.chunks()) {
                loop.schedule(this, plan.dueNanos(chunk) - elapsed, TimeUnit.NANOSECONDS);
                return;
            }
            if (hold) {
                held.merge(master, plan.bytes(), Bus::concat);
            }
            if (plan.closeAfter()) {
                master.hangUp();
            }
            next();
        }
    }

    private void flushHeld(Master master) {
        byte[] h = held.remove(master);
        if (h != null && master.isOpen()) {
            master.write(h);
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
