package org.headend.simulator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.headend.protocol.dlt645.Dlt645Address;

/**
 * A running simulator: DL/T 645-2007 meters behind RS-485-to-Ethernet gateways, each gateway a
 * TCP server on its own port (or served on a serial device, see {@link SerialLines}), each
 * behaving as one half-duplex bus.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimulatorConfig.defaults().withMeters(10).withGateways(1), clock)) {
 *     SimulatedGateway gw = sim.gateways().get(0);       // connect to gw.host():gw.port()
 *     sim.writeArchive(dir.resolve("archive.csv"));      // what the collector reads
 *     sim.meters().get(3).fault(MeterFault.SILENT);      // faults on demand
 * }
 * }</pre>
 *
 * <p>Threads: one Netty event loop group of at most 2 threads (the machine has 2 cores); a gateway,
 * its bus and its connections live on one loop, and nothing blocks it. Readings follow the
 * injected {@link Clock}; line timing (turnaround, pacing) uses real time.
 */
public final class Simulator implements AutoCloseable {

    /** The archive's header; the collector's archive reader expects exactly this. */
    public static final String ARCHIVE_HEADER = "meter_address,protocol,bus,ct_ratio,vt_ratio,customer_class,area";
    /** The archive's {@code protocol} value for these meters. */
    public static final String PROTOCOL = "dlt645-2007";
    private static final int MAX_THREADS = 2;

    private final SimulatorConfig config;
    private final EventLoopGroup group;
    private final List<SimulatedGateway> gateways;
    private final Map<Dlt645Address, SimulatedMeter> meters;
    private final List<SimulatedMeter> meterList;
    private final List<SerialMaster> serialMasters;

    private Simulator(SimulatorConfig config, EventLoopGroup group, List<SimulatedGateway> gateways,
                      List<SerialMaster> serialMasters) {
        this.config = config;
        this.group = group;
        this.gateways = List.copyOf(gateways);
        this.serialMasters = List.copyOf(serialMasters);
        Map<Dlt645Address, SimulatedMeter> byAddress = new LinkedHashMap<>();
        for (SimulatedGateway g : gateways) {
            for (SimulatedMeter m : g.meters()) {
                byAddress.put(m.address(), m);
            }
        }
        this.meters = byAddress;
        this.meterList = List.copyOf(byAddress.values());
    }

    /** Starts with the system clock. */
    public static Simulator start(SimulatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Makes the meters from the seed and binds every gateway; returns once all listen.
     *
     * @throws UncheckedIOException naming the gateway, host and port when one cannot bind
     */
    public static Simulator start(SimulatorConfig config, Clock clock) {
        return start(config, clock, SerialLines.NONE);
    }

    /**
     * As {@link #start(SimulatorConfig, Clock)}, with the first gateways' buses served on serial
     * devices instead of TCP.
     *
     * @throws UncheckedIOException naming the device when one cannot be opened
     */
    public static Simulator start(SimulatorConfig config, Clock clock, SerialLines serial) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(serial, "serial");
        List<List<SimulatedMeter>> buses = Fleet.generate(config);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Math.min(MAX_THREADS, config.gateways()),
                new DefaultThreadFactory("headend-sim", true), NioIoHandler.newFactory());
        List<SimulatedGateway> gateways = new ArrayList<>();
        List<SerialMaster> masters = new ArrayList<>();
        try {
            for (int i = 0; i < buses.size(); i++) {
                SimulatedGateway g = new SimulatedGateway(Fleet.gatewayName(i), buses.get(i));
                gateways.add(g);
                EventLoop loop = group.next();
                long seed = Noise.mix(config.seed(), 70, i);
                if (i < serial.devices().size()) {
                    Bus bus = new Bus(g, g.meters(), config, clock, loop, seed, serial.byteNanos());
                    masters.add(SerialMaster.open(serial.devices().get(i), serial.format(), serial.echo(), bus));
                    g.servedOn(serial.devices().get(i) + " " + serial.format());
                } else {
                    Bus bus = new Bus(g, g.meters(), config, clock, loop, seed, config.pacing() ? config.byteNanos() : 0);
                    bind(g, bus, config.host(), config.basePort() == 0 ? 0 : config.basePort() + i);
                }
            }
        } catch (RuntimeException e) {
            new Simulator(config, group, gateways, masters).close();
            throw e;
        }
        return new Simulator(config, group, gateways, masters);
    }

    private static void bind(SimulatedGateway gateway, Bus bus, String host, int port) {
        ServerBootstrap b = new ServerBootstrap()
                .group(bus.loop(), bus.loop())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new GatewayConnection(bus));
                    }
                });
        try {
            Channel server = b.bind(host, port).sync().channel();
            gateway.bound(server, host, ((InetSocketAddress) server.localAddress()).getPort());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + gateway.name(), e);
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("gateway " + gateway.name() + " cannot listen on "
                    + host + ":" + port + ": " + e.getMessage(), e));
        }
    }

    public SimulatorConfig config() {
        return config;
    }

    /** The gateways in order gw-01, gw-02, …, each with its host and bound port (or its serial device). */
    public List<SimulatedGateway> gateways() {
        return gateways;
    }

    public Optional<SimulatedGateway> gateway(String name) {
        return gateways.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** Every meter, gateway by gateway, in archive order. */
    public List<SimulatedMeter> meters() {
        return meterList;
    }

    public Optional<SimulatedMeter> meter(Dlt645Address address) {
        return Optional.ofNullable(meters.get(address));
    }

    public Optional<SimulatedMeter> meter(String address) {
        return meter(Dlt645Address.parse(address));
    }

    /** Switches every meter and gateway fault off. */
    public void clearFaults() {
        for (SimulatedGateway g : gateways) {
            g.clearFaults();
            g.meters().forEach(SimulatedMeter::clearFaults);
        }
    }

    /** Request frames received by all gateways. */
    public long requests() {
        return gateways.stream().mapToLong(SimulatedGateway::requests).sum();
    }

    /** Replies written by all gateways. */
    public long answers() {
        return gateways.stream().mapToLong(SimulatedGateway::answers).sum();
    }

    /**
     * Writes the meter archive as CSV (UTF-8, LF, header {@value #ARCHIVE_HEADER}), one row per
     * meter in {@link #meters()} order; the same seed gives the same bytes.
     */
    public void writeArchive(Path file) {
        StringBuilder sb = new StringBuilder(ARCHIVE_HEADER).append('\n');
        for (SimulatedMeter m : meters.values()) {
            sb.append(m.address()).append(',').append(PROTOCOL).append(',').append(m.bus()).append(',')
                    .append(m.ctRatio()).append(',').append(m.vtRatio()).append(',')
                    .append(m.customerClass().code()).append(',').append(m.area()).append('\n');
        }
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the meter archive to " + file, e);
        }
    }

    /** Closes every gateway and its connections and stops the event loops; waits up to 5 s. */
    @Override
    public void close() {
        serialMasters.forEach(SerialMaster::close);
        for (SimulatedGateway g : gateways) {
            if (g.server() != null) {
                g.server().close();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
