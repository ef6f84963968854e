package org.headend.app.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import org.headend.collector.Collector;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.channel.BusListener;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.channel.LineProtocol;
import org.headend.collector.channel.LinkSpec;
import org.headend.collector.poll.JobResult;
import org.headend.collector.poll.PollOutcome;
import org.headend.collector.poll.PollPlan;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.headend.protocol.serial.SerialFormat;
import org.headend.simulator.MeterFault;
import org.headend.simulator.PtyPair;
import org.headend.simulator.SerialLines;
import org.headend.simulator.Simulator;
import org.headend.simulator.SimulatorConfig;
import org.headend.storage.ReadingStore;
import org.headend.storage.ReadingWriter;
import org.headend.storage.Stores;
import org.headend.storage.WriterSettings;

/**
 * Reads per second on one paced RS-485 line against the wire limit (issue 6): DL/T 645 meters
 * served by the simulator on a socat pty, every byte paced at 2400 8E1, 20 ms turnaround (the
 * standard's least), the collector's own serial line with its default frame gap and fairness. Two
 * phases after a 15 s warm-up that is not counted: every meter alive, then one of them dead from
 * the start. Not a test: run it with bench/serial.sh.
 *
 * <p>Wire limit = 1 / (request bytes + reply bytes at 11 bits each + 20 ms turnaround), the
 * least round trip of protocols.md §5 (221.7 ms for DI 00010000 with 4 FE both ways).
 *
 * <p>Arguments: meters on the line (10), seconds per phase (60).
 */
public final class SerialLineBenchmark {

    private static final long ENERGY = 0x00010000L;
    private static final SerialFormat FORMAT = SerialFormat.DLT645;
    private static final Duration TURNAROUND = Duration.ofMillis(20);
    private static final int PREAMBLE = 4;

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Dlt645Address any = Dlt645Address.parse("000000000001");
        int requestBytes = Dlt645FrameCodec.encode(Dlt645Messages.readRequest(Dlt645Edition.V2007, any, ENERGY), PREAMBLE).length;
        int replyBytes = Dlt645FrameCodec.encode(Dlt645Messages.readReply(Dlt645Edition.V2007, any, ENERGY, new byte[4]),
                PREAMBLE).length;
        double leastRoundTrip = (requestBytes + replyBytes) * FORMAT.characterNanos() / 1e9 + TURNAROUND.toNanos() / 1e9;
        double wireLimit = 1 / leastRoundTrip;
        Duration gap = LineProtocol.DLT645.frameGap(FORMAT);
        System.out.printf(Locale.ROOT, "line: %s, %d meters, %d + %d bytes per read, turnaround %d ms, frame gap %.2f ms%n",
                FORMAT, meters, requestBytes, replyBytes, TURNAROUND.toMillis(), gap.toNanos() / 1e6);
        System.out.printf(Locale.ROOT, "wire limit: %.1f ms per read, %.3f reads/s%n", leastRoundTrip * 1000, wireLimit);

        threePhases(seconds, wireLimit, (name, secs, oneDead) -> phase(name, meters, secs, oneDead, gap));
    }

    /** One measured phase of a line benchmark: meter reads per second. */
    interface Phase {
        double run(String name, int seconds, boolean oneDead) throws Exception;
    }

    /** A warm-up that is not counted (JIT), all meters alive, then one of them dead; each against the wire limit. */
    static void threePhases(int seconds, double wireLimit, Phase phase) throws Exception {
        phase.run("warm-up", Math.min(15, seconds), false);
        double alive = phase.run("all alive", seconds, false);
        double oneDead = phase.run("one dead", seconds, true);
        System.out.printf(Locale.ROOT, "ratio all alive: %.3f%n", alive / wireLimit);
        System.out.printf(Locale.ROOT, "ratio one dead:  %.3f%n", oneDead / wireLimit);
    }

    /** One phase on a fresh pty pair (a pty reopened with parity fails); returns meter reads per second. */
    private static double phase(String name, int meters, int seconds, boolean oneDead, Duration gap) throws Exception {
        Path dir = Files.createTempDirectory("headend-serial-bench");
        SimulatorConfig simConfig = SimulatorConfig.defaults().withMeters(meters).withGateways(1)
                .withResponseDelay(TURNAROUND).withPreamble(PREAMBLE);
        try (PtyPair pty = PtyPair.start(dir);
             Simulator sim = Simulator.start(simConfig, Clock.systemUTC(),
                     new SerialLines(List.of(pty.meterEnd().toString()), FORMAT, true, false));
             ReadingStore store = Stores.open("embedded:" + dir.resolve("bench.db"))) {
            if (oneDead) {
                sim.meters().get(meters / 2).fault(MeterFault.SILENT);
            }
            Path archive = dir.resolve("archive.csv");
            sim.writeArchive(archive);
            var load = MeterArchive.read(archive);
            BusTiming timing = BusTiming.DEFAULTS.withFrameGap(gap);
            List<Collector.BusEndpoint> line = List.of(new Collector.BusEndpoint(sim.gateways().get(0).name(),
                    new LinkSpec.Serial(pty.masterEnd().toString(), FORMAT, false), timing));
            return measure(name, line, load.meters(), store, seconds, c -> c.buses().values().iterator().next().quarantined());
        }
    }

    /**
     * Polls {@code line} for {@code seconds} (DI 00010000 or the register map's reads on a 1 s interval,
     * which keeps the line's queue full) and prints what it did; returns meter reads per second.
     */
    static double measure(String name, List<Collector.BusEndpoint> line, List<Meter> meters, ReadingStore store, int seconds,
                          ToIntFunction<Collector> quarantined) throws Exception {
        PollPlan plan = new PollPlan(Duration.ofSeconds(1), Map.of(Dlt645Edition.V2007, List.of(ENERGY),
                Dlt645Edition.V1997, List.of(0x9010L)), 0);
        Counting counting = new Counting();
        ReadingWriter writer = ReadingWriter.start(store, WriterSettings.defaults());
        long t0 = System.nanoTime();
        try (Collector c = Collector.start(line, meters, plan, writer, counting, Clock.systemUTC())) {
            Thread.sleep(seconds * 1000L);
            double secs = (System.nanoTime() - t0) / 1e9;
            double rate = counting.ok.get() / secs;
            System.out.printf(Locale.ROOT, "%-9s: %d reads in %.1f s = %.3f reads/s; mean round trip %.1f ms per exchange; "
                            + "timeouts %d, silence %.2f s, quarantined %d%n",
                    name, counting.ok.get(), secs, rate, counting.roundTripNanos.get() / 1e6 / Math.max(1, counting.replies.get()),
                    counting.timeouts.get(), counting.silenceNanos.get() / 1e9, quarantined.applyAsInt(c));
            return rate;
        } finally {
            writer.close();
        }
    }

    /** Counts what the line does: successful DL/T 645 jobs or Modbus reads, timeouts, silence, round trips. */
    static final class Counting implements BusListener {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong silenceNanos = new AtomicLong();
        final AtomicLong replies = new AtomicLong();
        final AtomicLong roundTripNanos = new AtomicLong();

        @Override
        public void roundTrip(String bus, long nanos) {
            replies.incrementAndGet();
            roundTripNanos.addAndGet(nanos);
        }

        @Override
        public void jobDone(String bus, JobResult result) {
            if (result.outcome() == PollOutcome.OK) {
                ok.incrementAndGet();
            }
        }

        @Override
        public void readFinished(String bus, String protocol, PollOutcome outcome) {
            if (outcome == PollOutcome.OK) {
                ok.incrementAndGet();
            }
        }

        @Override
        public void timeout(String bus) {
            timeouts.incrementAndGet();
        }

        @Override
        public void silence(String bus, long nanos) {
            silenceNanos.addAndGet(nanos);
        }
    }
}
