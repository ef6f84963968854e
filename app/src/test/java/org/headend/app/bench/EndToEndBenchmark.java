package org.headend.app.bench;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.headend.collector.Collector;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.channel.BusListener;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.channel.Transport;
import org.headend.collector.poll.PollPlan;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.simulator.SimulatedGateway;
import org.headend.simulator.Simulator;
import org.headend.simulator.SimulatorConfig;
import org.headend.storage.ReadingStore;
import org.headend.storage.ReadingWriter;
import org.headend.storage.Stores;
import org.headend.storage.WriterSettings;

/**
 * End-to-end throughput: meter reads per second stored by the collector, against the simulator
 * unpaced on the same machine, next to {@link BareNettyLoop} (same frames, same connections, no
 * decoding, no storage) in the same run. Not a test: run it with bench/e2e.sh.
 *
 * <p>Arguments: gateways (200), meters per gateway (50), seconds per phase (10), store spec
 * (embedded store in a temp dir; {@code none} discards readings, to see the network path alone).
 */
public final class EndToEndBenchmark {

    private static final long ENERGY = 0x00010000L;

    public static void main(String[] args) throws Exception {
        int gateways = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int perGateway = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("headend-bench");
        String storeSpec = args.length > 3 ? args[3] : "embedded:" + dir.resolve("bench.db");
        SimulatorConfig simConfig = SimulatorConfig.defaults().withMeters(gateways * perGateway).withGateways(gateways)
                .withResponseDelay(Duration.ZERO).withPreamble(4);
        try (Simulator sim = Simulator.start(simConfig)) {
            List<InetSocketAddress> addresses = sim.gateways().stream()
                    .map(g -> new InetSocketAddress(g.host(), g.port())).toList();
            List<List<String>> meters = sim.gateways().stream()
                    .map(g -> g.meters().stream().map(m -> m.address().toString()).toList()).toList();
            System.out.printf(Locale.ROOT, "simulator: %d meters on %d gateways, no response delay, no pacing; %d s per phase%n",
                    sim.meters().size(), gateways, seconds);

            bareLoop(addresses, meters, Math.max(5, seconds / 2)); // warm-up of the JIT for the simulator too
            double bare = bareLoop(addresses, meters, seconds);
            double collector = collector(sim, dir, storeSpec, seconds);
            double bare2 = bareLoop(addresses, meters, seconds);
            double baseline = (bare + bare2) / 2;
            System.out.printf(Locale.ROOT, "bare Netty loop: %.0f and %.0f replies/s (mean %.0f)%n", bare, bare2, baseline);
            System.out.printf(Locale.ROOT, "collector:       %.0f readings/s stored (%s)%n", collector, storeSpec.split(":")[0]);
            System.out.printf(Locale.ROOT, "ratio collector / bare loop: %.2f%n", collector / baseline);
        }
    }

    private static double bareLoop(List<InetSocketAddress> gateways, List<List<String>> meters, int seconds)
            throws InterruptedException {
        EventLoopGroup group = Transport.newGroup(2, "bare-loop");
        BareNettyLoop loop = new BareNettyLoop();
        try {
            loop.start(group, gateways, meters, ENERGY);
            Thread.sleep(2000); // connections
            long start = loop.replies();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            return (loop.replies() - start) / ((System.nanoTime() - t0) / 1e9);
        } finally {
            loop.stop();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static double collector(Simulator sim, Path dir, String storeSpec, int seconds) throws Exception {
        Path archive = dir.resolve("archive.csv");
        sim.writeArchive(archive);
        var load = MeterArchive.read(archive);
        BusTiming timing = BusTiming.DEFAULTS.withRequestTimeout(Duration.ofSeconds(2));
        List<Collector.BusEndpoint> endpoints = sim.gateways().stream()
                .map(g -> new Collector.BusEndpoint(g.name(), new InetSocketAddress(g.host(), g.port()), timing)).toList();
        // One DI per job, the same frame the bare loop sends; a 100 ms interval keeps every bus busy
        // (a meter whose job is still queued is skipped, so queues stay one job per meter).
        PollPlan plan = new PollPlan(Duration.ofMillis(100), Map.of(Dlt645Edition.V2007, List.of(ENERGY),
                Dlt645Edition.V1997, List.of(0x9010L)), 0);
        try (ReadingStore store = storeSpec.equals("none") ? new DiscardingStore() : Stores.open(storeSpec)) {
            ReadingWriter writer = ReadingWriter.start(store, WriterSettings.defaults().withBatchSize(5000)
                    .withQueueCapacity(200_000));
            try (Collector c = Collector.start(endpoints, load.meters(), plan, writer, BusListener.NONE, Clock.systemUTC())) {
                Thread.sleep(5000); // warm-up: connections, JIT
                long start = writer.stats().stored();
                long readStart = c.progress().snapshot().read();
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                double secs = (System.nanoTime() - t0) / 1e9;
                double rate = (writer.stats().stored() - start) / secs;
                System.out.printf(Locale.ROOT, "collector meter reads answered: %.0f/s%n",
                        (c.progress().snapshot().read() - readStart) / secs);
                Runtime rt = Runtime.getRuntime();
                System.out.printf(Locale.ROOT, "collector heap in use: %d MiB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
                return rate;
            } finally {
                writer.close();
            }
        }
    }

    /** Keeps nothing: for telling the collector's cost from the store's. */
    static final class DiscardingStore implements ReadingStore {
        private long count;

        @Override
        public synchronized int write(List<org.headend.storage.Reading> batch) {
            count += batch.size();
            return batch.size();
        }

        @Override
        public List<org.headend.storage.Reading> lastPerMeter(String quantity) {
            return List.of();
        }

        @Override
        public java.util.Optional<org.headend.storage.Reading> last(String meter, String quantity) {
            return java.util.Optional.empty();
        }

        @Override
        public List<org.headend.storage.DailyUse> dailyUse(String quantity, java.time.LocalDate from,
                                                           java.time.LocalDate to, java.time.ZoneId zone) {
            return List.of(); // keeps nothing, so there is no use to report
        }

        @Override
        public List<org.headend.storage.DailyUse> dailyUse(String meter, String quantity, java.time.LocalDate from,
                                                           java.time.LocalDate to, java.time.ZoneId zone) {
            return List.of();
        }

        @Override
        public int writeEvents(List<org.headend.storage.MeterEvent> events) {
            return events.size();
        }

        @Override
        public List<org.headend.storage.MeterEvent> events(java.time.Instant from, java.time.Instant to) {
            return List.of();
        }

        @Override
        public void writePollDays(List<org.headend.storage.PollDay> tallies) {
            // discarded, like the readings
        }

        @Override
        public List<org.headend.storage.PollDay> pollDays(java.time.LocalDate from, java.time.LocalDate to) {
            return List.of();
        }

        @Override
        public List<org.headend.storage.Reading> between(String meter, String quantity, java.time.Instant from,
                                                         java.time.Instant to) {
            return List.of();
        }

        @Override
        public synchronized long count() {
            return count;
        }

        @Override
        public String describe() {
            return "nothing (readings discarded)";
        }

        @Override
        public void close() {
        }
    }
}
