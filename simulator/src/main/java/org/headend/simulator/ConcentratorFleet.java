package org.headend.simulator;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Simulated concentrators that dial in to a collector: {@code concentrators} terminals, each with
 * {@code metersPerConcentrator} meters from the same meter model as the gateways' ({@link Fleet}).
 *
 * <pre>{@code
 * try (ConcentratorFleet fleet = ConcentratorFleet.start(config.withMaster("127.0.0.1", port), clock)) {
 *     fleet.writeArchive(dir.resolve("archive.csv"));          // what the collector's allow-list comes from
 *     fleet.concentrators().get(3).fault(ConcentratorFault.FLAPPING);
 *     fleet.concentrators().get(4).link().online(false);        // cut off
 * }
 * }</pre>
 *
 * <p>Threads: one Netty event loop group of at most 2 threads; a concentrator lives on one loop.
 * Meter registers and frozen data follow the injected clock; heartbeats and backoff use real time.
 */
public final class ConcentratorFleet implements AutoCloseable {

    private final ConcentratorFleetConfig config;
    private final EventLoopGroup group;
    private final List<SimulatedConcentrator> concentrators;
    private final List<ConcentratorLink> links;

    private ConcentratorFleet(ConcentratorFleetConfig config, EventLoopGroup group, List<SimulatedConcentrator> concentrators,
                              List<ConcentratorLink> links) {
        this.config = config;
        this.group = group;
        this.concentrators = List.copyOf(concentrators);
        this.links = List.copyOf(links);
    }

    /** Makes the concentrators and their meters; none dials in until {@link #dialIn()}. */
    public static ConcentratorFleet create(ConcentratorFleetConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        return create(config, clock, Fleet.groups(config.seed(), config.concentrators(), config.metersPerConcentrator(),
                i -> name(config, i)));
    }

    /**
     * For scale benchmarks: every concentrator carries the same meters (one set of meter models,
     * so 20,000 concentrators fit in a small heap). The archive it writes repeats addresses; the
     * benchmark makes its own.
     */
    public static ConcentratorFleet createShared(ConcentratorFleetConfig config, Clock clock) {
        List<SimulatedMeter> one = Fleet.groups(config.seed(), 1, config.metersPerConcentrator(), i -> "shared").get(0);
        return create(config, clock, java.util.Collections.nCopies(config.concentrators(), one));
    }

    private static ConcentratorFleet create(ConcentratorFleetConfig config, Clock clock, List<List<SimulatedMeter>> groups) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Math.min(2, config.concentrators()),
                new DefaultThreadFactory("headend-sim-concentrator", true), NioIoHandler.newFactory());
        List<SimulatedConcentrator> cs = new ArrayList<>();
        List<ConcentratorLink> links = new ArrayList<>();
        for (int i = 0; i < config.concentrators(); i++) {
            SimulatedConcentrator c = new SimulatedConcentrator(name(config, i), config.region(), config.firstTerminal() + i,
                    groups.get(i), clock, config.historyDays(), config.maxUserData());
            EventLoop loop = group.next();
            InetSocketAddress source = config.sourceAddresses().isEmpty() ? null
                    : new InetSocketAddress(config.sourceAddresses().get(i % config.sourceAddresses().size()), 0);
            links.add(new ConcentratorLink(c, config, loop, source, Noise.mix(config.seed(), 376, 100 + i)));
            cs.add(c);
        }
        return new ConcentratorFleet(config, group, cs, links);
    }

    /** {@link #create} and {@link #dialIn()}. */
    public static ConcentratorFleet start(ConcentratorFleetConfig config, Clock clock) {
        ConcentratorFleet f = create(config, clock);
        f.dialIn();
        return f;
    }

    /** Every concentrator dials in (and keeps dialling when dropped). */
    public void dialIn() {
        links.forEach(l -> l.online(true));
    }

    /** Every concentrator dials in to {@code host:port} instead of the configured master. */
    public void dialIn(String host, int port) {
        InetSocketAddress master = new InetSocketAddress(host, port);
        links.forEach(l -> l.master(master));
        dialIn();
    }

    private static String name(ConcentratorFleetConfig config, int i) {
        return String.format("ct-%05d", config.firstTerminal() + i);
    }

    public ConcentratorFleetConfig config() {
        return config;
    }

    public List<SimulatedConcentrator> concentrators() {
        return concentrators;
    }

    /** Concentrators whose login the master has confirmed and whose connection is open. */
    public long loggedIn() {
        return concentrators.stream().filter(c -> c.stats().loggedIn()).count();
    }

    /** Every meter, concentrator by concentrator, point order. */
    public List<SimulatedMeter> meters() {
        return concentrators.stream().flatMap(c -> c.meters().stream()).toList();
    }

    /**
     * Writes the collector's meter archive for these meters: the gateway archive's columns plus
     * {@code concentrator} and {@code point}; the bus column names the concentrator.
     */
    public void writeArchive(Path file) {
        writeArchive(file, List.of());
    }

    /** As {@link #writeArchive(Path)}, with the gateways' meters first (their concentrator and point empty). */
    public void writeArchive(Path file, List<SimulatedMeter> gatewayMeters) {
        StringBuilder sb = new StringBuilder(Simulator.ARCHIVE_HEADER).append(",concentrator,point\n");
        for (SimulatedMeter m : gatewayMeters) {
            sb.append(m.address()).append(',').append(Simulator.PROTOCOL).append(',').append(m.bus()).append(',')
                    .append(m.ctRatio()).append(',').append(m.vtRatio()).append(',')
                    .append(m.customerClass().code()).append(',').append(m.area()).append(",,\n");
        }
        for (SimulatedConcentrator c : concentrators) {
            int point = 1;
            for (SimulatedMeter m : c.meters()) {
                sb.append(m.address()).append(',').append(Simulator.PROTOCOL).append(',').append(m.bus()).append(',')
                        .append(m.ctRatio()).append(',').append(m.vtRatio()).append(',')
                        .append(m.customerClass().code()).append(',').append(m.area()).append(',')
                        .append(c.archiveName()).append(',').append(point++).append('\n');
            }
        }
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the concentrator archive to " + file, e);
        }
    }

    /** Hangs up every concentrator and stops the event loops; waits up to 5 s. */
    @Override
    public void close() {
        links.forEach(l -> l.online(false));
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
