package org.headend.collector;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.config.DeviceQuirks;
import org.headend.collector.modbus.J2modConnection;
import org.headend.collector.modbus.ModbusConnection;
import org.headend.collector.modbus.ModbusLine;
import org.headend.collector.modbus.ModbusRead;
import org.headend.collector.modbus.ModbusResult;
import org.headend.collector.poll.PollOutcome;
import org.headend.collector.channel.BusListener;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.channel.Dlt645Bus;
import org.headend.collector.channel.LinkSpec;
import org.headend.collector.channel.Transport;
import org.headend.collector.poll.JobResult;
import org.headend.collector.poll.MeterJob;
import org.headend.collector.poll.PollOutcome;
import org.headend.collector.poll.PollPlan;
import org.headend.collector.poll.PollScheduler;
import org.headend.collector.poll.ReadingConverter;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.storage.Reading;
import org.headend.storage.ReadingWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running head-end: one {@link Dlt645Bus} per gateway or serial line, a {@link PollScheduler} that gives
 * every archived meter one job per interval, and the results turned into readings (primary
 * values, CT x VT applied) handed to the batch writer.
 *
 * <p>The caller owns the writer and the store: {@link #close()} stops polling and waits for the
 * jobs in flight; close the writer afterwards so the last batch is written.
 */
public final class Collector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Collector.class);

    /** An archived meter with what every cycle needs of it worked out once: wire address, ratios as doubles. */
    private record Polled(Meter meter, Dlt645Address address, double ctRatio, double vtRatio) {
        Polled(Meter m) {
            this(m, Dlt645Address.parse(m.address()), m.ctRatio().doubleValue(), m.vtRatio().doubleValue());
        }
    }

    /**
     * One bus to poll: its name as the archive uses it, where its bytes go (gateway or serial
     * line), its timing rules, and the quirks of its device when its meters speak Modbus.
     */
    public record BusEndpoint(String name, LinkSpec link, BusTiming timing, DeviceQuirks quirks) {
        public BusEndpoint(String name, LinkSpec link, BusTiming timing) {
            this(name, link, timing, DeviceQuirks.DEFAULTS);
        }

        /** A bus behind the gateway at {@code address}. */
        public BusEndpoint(String name, InetSocketAddress address, BusTiming timing) {
            this(name, new LinkSpec.Gateway(address), timing, DeviceQuirks.DEFAULTS);
        }
    }

    private final EventLoopGroup group;
    private final Map<String, Dlt645Bus> buses = new LinkedHashMap<>();
    private final Map<String, List<Polled>> metersByBus = new LinkedHashMap<>();
    private final Map<String, ModbusLine> lines = new LinkedHashMap<>();
    private final Map<String, List<Polled>> metersByLine = new LinkedHashMap<>();
    private final Map<String, Polled> metersByAddress = new LinkedHashMap<>();
    private final Map<Dlt645Edition, List<Long>> reads;
    private final ReadingWriter writer;
    private final PollScheduler scheduler;
    private final Progress progress = new Progress();
    private final List<Meter> unreachable = new ArrayList<>();
    private final BusListener listener;
    private final PollTallies tallies;

    private Collector(List<BusEndpoint> endpoints, List<Meter> meters, PollPlan plan, ReadingWriter writer,
                      BusListener listener, PollTallies tallies, Clock clock) {
        this.reads = plan.reads();
        this.listener = listener;
        this.tallies = tallies;
        this.writer = writer;
        this.group = Transport.newGroup(Math.min(2, Runtime.getRuntime().availableProcessors()), "headend-bus");
        Map<String, MeterProtocol> firstProtocol = new LinkedHashMap<>();
        meters.forEach(m -> firstProtocol.putIfAbsent(m.bus(), m.protocol()));
        for (BusEndpoint e : endpoints) {
            MeterProtocol p = firstProtocol.get(e.name());
            if (p != null && p.isModbus()) {
                // a bus is Modbus when its meters are: the archive says what hangs on it
                lines.put(e.name(), new ModbusLine(e.name(), p.code(), modbusConnection(e, p), e.timing(), e.quirks(),
                        listener, clock));
                metersByLine.put(e.name(), new ArrayList<>());
            } else {
                buses.put(e.name(), new Dlt645Bus(e.name(), e.link(), e.timing(), group.next(), listener, clock));
                metersByBus.put(e.name(), new ArrayList<>());
            }
        }
        for (Meter m : meters) {
            ModbusLine line = lines.get(m.bus());
            List<Polled> onBus = m.protocol().isModbus()
                    ? (line != null && line.protocol().equals(m.protocol().code()) ? metersByLine.get(m.bus()) : null)
                    : metersByBus.get(m.bus());
            if (onBus == null) {
                unreachable.add(m);
            } else {
                Polled p = new Polled(m);
                onBus.add(p);
                metersByAddress.put(m.address(), p);
            }
        }
        if (!unreachable.isEmpty()) {
            log.warn("{} meters name a bus that is not configured (or that speaks another protocol) and will not be read,"
                            + " e.g. meter {} on bus '{}'",
                    unreachable.size(), unreachable.get(0).address(), unreachable.get(0).bus());
        }
        this.scheduler = new PollScheduler(plan.interval(), plan.maxCycles(), clock, this::cycle);
    }

    /**
     * The device connection of a Modbus bus: Modbus TCP, or RTU frames over TCP for {@code modbus-rtu},
     * or RTU on a local serial line through j2mod's serial master.
     *
     * @throws IllegalArgumentException for Modbus TCP meters on a serial line
     */
    static ModbusConnection modbusConnection(BusEndpoint e, MeterProtocol protocol) {
        if (e.link() instanceof LinkSpec.Serial line) {
            if (protocol != MeterProtocol.MODBUS_RTU) {
                throw new IllegalArgumentException("bus " + e.name() + " is a serial line, but its meters speak "
                        + protocol.code() + "; Modbus on a serial line is " + MeterProtocol.MODBUS_RTU.code());
            }
            return J2modConnection.serial(line.device(), line.format(), line.suppressEcho(), e.timing().frameGap(),
                    e.timing().requestTimeout());
        }
        InetSocketAddress a = ((LinkSpec.Gateway) e.link()).address();
        return J2modConnection.tcp(a.getHostString(), a.getPort(), e.timing().requestTimeout(),
                protocol == MeterProtocol.MODBUS_RTU);
    }

    /** Connects every bus and starts the schedule (a first cycle at once). */
    public static Collector start(List<BusEndpoint> endpoints, List<Meter> meters, PollPlan plan,
                                  ReadingWriter writer, BusListener listener, Clock clock) {
        return start(endpoints, meters, plan, writer, listener, PollTallies.NONE, clock);
    }

    /** As above, counting each meter's scheduled jobs and their outcomes in {@code tallies}. */
    static Collector start(List<BusEndpoint> endpoints, List<Meter> meters, PollPlan plan, ReadingWriter writer,
                           BusListener listener, PollTallies tallies, Clock clock) {
        Collector c = new Collector(endpoints, meters, plan, writer, listener, tallies, clock);
        c.buses.values().forEach(Dlt645Bus::start);
        c.lines.values().forEach(ModbusLine::start);
        c.scheduler.start();
        return c;
    }

    /** Meters the collector reads (those whose bus is configured). */
    public int meterCount() {
        return metersByAddress.size();
    }

    /** Meters left out because their bus is not configured. */
    public List<Meter> unreachable() {
        return List.copyOf(unreachable);
    }

    public Map<String, Dlt645Bus> buses() {
        return Map.copyOf(buses);
    }

    /** The buses whose meters speak Modbus. */
    public Map<String, ModbusLine> modbusLines() {
        return Map.copyOf(lines);
    }

    public Progress progress() {
        return progress;
    }

    /** Reads one meter now, ahead of scheduled work on its bus. */
    public CompletableFuture<JobResult> readNow(String address) {
        Polled m = metersByAddress.get(Meter.normalizeAddress(address));
        if (m == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "meter " + address + " is not in the archive (or its bus is not configured)"));
        }
        if (m.meter().protocol().isModbus()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "meter " + address + " speaks Modbus: use readModbusNow"));
        }
        CompletableFuture<JobResult> done = new CompletableFuture<>();
        buses.get(m.meter().bus()).submit(job(m, true, r -> {
            handle(m, r);
            done.complete(r);
        }));
        return done;
    }

    /** Reads one Modbus meter now, ahead of scheduled reads on its line. */
    public CompletableFuture<ModbusResult> readModbusNow(String address) {
        Polled m = metersByAddress.get(Meter.normalizeAddress(address));
        if (m == null || !m.meter().protocol().isModbus()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "meter " + address + " is not a Modbus meter of the archive (or its bus is not configured)"));
        }
        CompletableFuture<ModbusResult> done = new CompletableFuture<>();
        if (!lines.get(m.meter().bus()).submit(new ModbusRead(m.meter(), true, r -> {
            handle(m, r);
            done.complete(r);
        }))) {
            done.completeExceptionally(new IllegalStateException("line " + m.meter().bus() + " is closed or full"));
        }
        return done;
    }

    private void cycle(Instant nominal) {
        progress.cycleStarted();
        tallies.flush(); // the previous cycle's tallies, in the background
        metersByLine.forEach((bus, meters) -> {
            ModbusLine line = lines.get(bus);
            for (Polled m : meters) {
                String address = m.meter().address();
                tallies.due(address);
                if (!line.submit(new ModbusRead(m.meter(), false, r -> {
                    tallies.done(address, r.outcome());
                    handle(m, r);
                }))) {
                    progress.skipped();
                    listener.readFinished(bus, m.meter().protocol().code(), PollOutcome.SKIPPED);
                    tallies.done(address, PollOutcome.SKIPPED);
                }
            }
        });
        metersByBus.forEach((bus, meters) -> {
            Dlt645Bus b = buses.get(bus);
            for (Polled m : meters) {
                String address = m.meter().address();
                tallies.due(address);
                if (!b.submit(job(m, false, r -> {
                    tallies.done(address, r.outcome());
                    handle(m, r);
                }))) {
                    progress.skipped();
                    listener.jobSkipped(bus, m.meter().edition());
                    tallies.done(address, PollOutcome.SKIPPED);
                }
            }
        });
    }

    private MeterJob job(Polled m, boolean onDemand, java.util.function.Consumer<JobResult> done) {
        Dlt645Edition edition = m.meter().edition();
        return new MeterJob(m.address(), edition, reads.get(edition), onDemand, done);
    }

    /** Runs on the bus's event loop: convert and hand over; a full writer queue blocks here (backpressure). */
    private void handle(Polled m, JobResult r) {
        store(m, r.outcome(), ReadingConverter.readings(r, m.meter().address(), m.ctRatio(), m.vtRatio()));
    }

    /** Runs on the Modbus line's thread, likewise. */
    private void handle(Polled m, ModbusResult r) {
        store(m, r.outcome(), ReadingConverter.readings(r.values(), m.meter().address(), r.readAt(), r.read().onDemand(),
                m.ctRatio(), m.vtRatio()));
    }

    private void store(Polled m, PollOutcome outcome, List<Reading> readings) {
        progress.jobDone(outcome, readings.size());
        if (readings.isEmpty()) {
            return;
        }
        try {
            writer.acceptAll(readings);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while handing {} readings of meter {} to the writer", readings.size(), m.meter().address());
        }
    }

    /** Stops the schedule, ends queued jobs as skipped, closes the connections. */
    @Override
    public void close() {
        scheduler.close();
        lines.values().forEach(ModbusLine::close);
        for (Dlt645Bus b : buses.values()) {
            b.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
