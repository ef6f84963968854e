package org.headend.app.bench;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.headend.collector.Collector;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.channel.BusListener;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.config.DeviceQuirks;
import org.headend.collector.poll.PollPlan;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.modbus.ReadBlock;
import org.headend.protocol.modbus.RegisterTable;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.simulator.ModbusSettings;
import org.headend.simulator.SimulatedGateway;
import org.headend.simulator.Simulator;
import org.headend.simulator.SimulatorConfig;
import org.headend.storage.ReadingStore;
import org.headend.storage.ReadingWriter;
import org.headend.storage.Stores;
import org.headend.storage.WriterSettings;

/**
 * Modbus TCP meter reads per second: the collector against j2mod's bare master loop, the same
 * simulated SDM630 gateways, in the same run (issue 6 target: at least 0.9). A meter read is the
 * map's blocks (sdm630: 0x0000+80 and 0x00E0+2, two requests). Not a test: run it with bench/modbus-tcp.sh.
 *
 * <p>The bare loop: one j2mod {@code ModbusTCPMaster} and thread per gateway, reading every unit in
 * turn, nothing decoded or stored. The collector: one Modbus line per gateway; every meter is read
 * again as soon as its last read ended ({@code readModbusNow}: the poll schedule's 100 ms floor would
 * cap a small fleet below the line's speed), so every line always has work; values decoded through
 * the map, CT x VT, the batch writer and the store ({@code none} discards readings).
 *
 * <p>Phases: a warm-up of each side, then bare, collector, bare, collector; the ratio is of the means.
 * Arguments: gateways (4), meters per gateway (20), seconds per phase (5), store spec (none).
 */
public final class ModbusTcpBenchmark {

    public static void main(String[] args) throws Exception {
        int gateways = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int perGateway = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String storeSpec = args.length > 3 ? args[3] : "none";
        Path dir = Files.createTempDirectory("headend-modbus-bench");
        SimulatorConfig simConfig = SimulatorConfig.defaults().withMeters(gateways * perGateway).withGateways(gateways);
        try (Simulator sim = Simulator.start(simConfig, ModbusSettings.of(gateways, "sdm630", ModbusFraming.TCP), Clock.systemUTC())) {
            List<ReadBlock> blocks = sim.modbus().map().blocks(125);
            System.out.printf(Locale.ROOT, "simulator: %d SDM630 meters on %d Modbus TCP gateways, no delay; %d requests per meter read; %d s per phase%n",
                    sim.meters().size(), gateways, blocks.size(), seconds);
            // warm-up of both sides (the JIT compiles j2mod, the simulator, the collector), then A B A B
            bareLoop(sim, blocks, seconds);
            collector(sim, dir, storeSpec, seconds);
            double[][] bare = {bareLoop(sim, blocks, seconds), null};
            double[][] coll = {collector(sim, dir, storeSpec, seconds), null};
            bare[1] = bareLoop(sim, blocks, seconds);
            coll[1] = collector(sim, dir, storeSpec, seconds);
            double b = (bare[0][0] + bare[1][0]) / 2;
            double c = (coll[0][0] + coll[1][0]) / 2;
            double bCpu = (bare[0][1] + bare[1][1]) / 2;
            double cCpu = (coll[0][1] + coll[1][1]) / 2;
            System.out.printf(Locale.ROOT, "j2mod bare master loop: %.0f and %.0f meter reads/s; per CPU second of the JVM %.0f and %.0f%n",
                    bare[0][0], bare[1][0], bare[0][1], bare[1][1]);
            System.out.printf(Locale.ROOT, "collector (store %s):  %.0f and %.0f meter reads/s; per CPU second %.0f and %.0f%n",
                    storeSpec.split(":")[0], coll[0][0], coll[1][0], coll[0][1], coll[1][1]);
            System.out.printf(Locale.ROOT, "ratio collector / bare loop: %.2f wall-clock, %.2f per CPU second (simulator included on both sides)%n",
                    c / b, cCpu / bCpu);
        }
    }

    /** CPU time of this JVM, every thread (simulator included), in nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Reads per wall second and per CPU second of the JVM: on a shared machine the second is steadier. */
    private static double[] bareLoop(Simulator sim, List<ReadBlock> blocks, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder reads = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (SimulatedGateway g : sim.gateways()) {
            ModbusTCPMaster master = new ModbusTCPMaster(g.host(), g.port(), 2000, false, false);
            master.connect();
            master.setRetries(1); // one attempt (0 would mean j2mod's default 5); after connect, which makes the transaction
            int units = g.meters().size();
            Thread t = new Thread(() -> {
                try {
                    while (running.get()) {
                        for (int unit = 1; unit <= units && running.get(); unit++) {
                            for (ReadBlock b : blocks) {
                                if (b.table() == RegisterTable.INPUT) {
                                    master.readInputRegisters(unit, b.start(), b.count());
                                } else {
                                    master.readMultipleRegisters(unit, b.start(), b.count());
                                }
                            }
                            reads.increment();
                        }
                    }
                } catch (Exception e) {
                    System.out.println("bare loop " + g.name() + ": " + e);
                } finally {
                    master.disconnect();
                }
            }, "bare-" + g.name());
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Thread.sleep(1000);
        long start = reads.sum();
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        Thread.sleep(seconds * 1000L);
        long n = reads.sum() - start;
        double[] rate = {n / ((System.nanoTime() - t0) / 1e9), n / ((cpuNanos() - c0) / 1e9)};
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        return rate;
    }

    private static double[] collector(Simulator sim, Path dir, String storeSpec, int seconds) throws Exception {
        Path archive = dir.resolve("archive.csv");
        sim.writeArchive(archive);
        var load = MeterArchive.read(archive);
        BusTiming timing = BusTiming.DEFAULTS.withRequestTimeout(Duration.ofSeconds(2));
        List<Collector.BusEndpoint> endpoints = sim.gateways().stream()
                .map(g -> new Collector.BusEndpoint(g.name(), new org.headend.collector.channel.LinkSpec.Gateway(new InetSocketAddress(g.host(), g.port())), timing,
                        DeviceQuirks.DEFAULTS))
                .toList();
        // one scheduled cycle at start; after that each meter is re-read as soon as its read ends
        PollPlan plan = new PollPlan(Duration.ofDays(1), Map.of(Dlt645Edition.V2007, List.of(0x00010000L),
                Dlt645Edition.V1997, List.of(0x9010L)), 1);
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder reads = new LongAdder();
        try (ReadingStore store = storeSpec.equals("none") ? new EndToEndBenchmark.DiscardingStore() : Stores.open(storeSpec)) {
            ReadingWriter writer = ReadingWriter.start(store, WriterSettings.defaults().withBatchSize(5000).withQueueCapacity(200_000));
            try (Collector c = Collector.start(endpoints, load.meters(), plan, writer, BusListener.NONE, Clock.systemUTC())) {
                for (var m : load.meters()) {
                    readAgain(c, m.address(), running, reads);
                }
                Thread.sleep(2000); // connections, JIT
                long readStart = reads.sum();
                long storedStart = writer.stats().stored();
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                Thread.sleep(seconds * 1000L);
                double secs = (System.nanoTime() - t0) / 1e9;
                long n = reads.sum() - readStart;
                double[] rate = {n / secs, n / ((cpuNanos() - c0) / 1e9)};
                System.out.printf(Locale.ROOT, "collector readings stored: %.0f/s%n", (writer.stats().stored() - storedStart) / secs);
                running.set(false);
                return rate;
            } finally {
                writer.close();
            }
        }
    }

    /** Reads {@code address} now and again when that read ends, counting the reads that brought values. */
    private static void readAgain(Collector c, String address, AtomicBoolean running, LongAdder reads) {
        c.readModbusNow(address).whenComplete((r, e) -> {
            if (e == null && r.outcome() == org.headend.collector.poll.PollOutcome.OK) {
                reads.increment();
            }
            if (running.get() && e == null) {
                readAgain(c, address, running, reads);
            }
        });
    }

    private ModbusTcpBenchmark() {
    }
}
