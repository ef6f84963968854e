package org.headend.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Messages;

/**
 * Harness (not a test): how many reads per second the simulator serves with no turnaround and no
 * pacing (the near-zero-cost peer for collector benchmarks), and how long one paced read takes at
 * 2400 baud against protocols.md §5's 221.7 ms.
 *
 * <pre>java -cp simulator/target/test-classes:simulator/target/classes:protocol/target/classes:DEPS \
 *      org.headend.simulator.SimulatorThroughput [seconds]</pre>
 * Bounded: runs at most {@code seconds} (default 10, at most 60) plus a few paced reads, on 127.0.0.1 only.
 */
public final class SimulatorThroughput {

    public static void main(String[] args) throws Exception {
        int seconds = Math.min(60, args.length > 0 ? Integer.parseInt(args[0]) : 10);
        unpaced(seconds);
        paced();
    }

    private static void unpaced(int seconds) throws Exception {
        SimulatorConfig config = SimulatorConfig.defaults().withResponseDelay(Duration.ZERO);
        try (Simulator sim = Simulator.start(config)) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            AtomicLong reads = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (SimulatedGateway gw : sim.gateways()) {
                Thread t = new Thread(() -> {
                    try (MeterClient c = new MeterClient(gw)) {
                        for (int i = 0; System.nanoTime() < end; i++) {
                            SimulatedMeter m = gw.meters().get(i % gw.meters().size());
                            c.send(Dlt645Messages.readRequest(Dlt645Edition.V2007, m.address(), 0x0001FF00L));
                            c.awaitFrames(1);
                            c.frames.clear();
                            c.arrivalNanos.clear();
                            reads.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "client-" + gw.name());
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.printf("unpaced, %d gateways, 1 sequential client each, block read 0001FF00: %d reads in %d s = %.0f reads/s%n",
                    sim.gateways().size(), reads.get(), seconds, reads.get() / (double) seconds);
        }
    }

    private static void paced() throws Exception {
        SimulatorConfig config = SimulatorConfig.defaults().withMeters(1).withGateways(1).withPacing(2400);
        try (Simulator sim = Simulator.start(config)) {
            SimulatedGateway gw = sim.gateways().get(0);
            SimulatedMeter m = gw.meters().get(0);
            long[] ms = new long[10];
            try (MeterClient c = new MeterClient(gw)) {
                for (int i = 0; i < ms.length; i++) {
                    long t0 = System.nanoTime();
                    c.send(Dlt645Messages.readRequest(Dlt645Edition.V2007, m.address(), 0x00010000L));
                    c.awaitFrames(i + 1);
                    ms[i] = (c.arrivalNanos.get(i) - t0) / 1_000;
                }
            }
            Arrays.sort(ms);
            System.out.printf("paced 2400 8E1, 20 ms turnaround, read 00010000 with 4 FE each way: median %.1f ms, min %.1f ms, max %.1f ms "
                    + "(protocols.md §5: 221.7 ms)%n", ms[5] / 1000.0, ms[0] / 1000.0, ms[9] / 1000.0);
        }
    }
}
