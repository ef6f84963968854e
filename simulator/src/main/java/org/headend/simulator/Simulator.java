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
import org.headend.protocol.modbus.ModbusFraming;

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
    /** The archive's columns for Modbus meters: unit id and register map name. */
    public static final String MODBUS_COLUMNS = "modbus_unit,register_map";
    private static final int MAX_THREADS = 2;

    private final SimulatorConfig config;
    private final EventLoopGroup group;
    private final List<SimulatedGateway> gateways;
    private final Map<Dlt645Address, SimulatedMeter> meters;
    private final List<SimulatedMeter> meterList;
    private final List<SerialMaster> serialMasters;
    private final ModbusSettings modbus;
    /** Unit id of every meter on a Modbus gateway. */
    private final Map<SimulatedMeter, Integer> units = new java.util.HashMap<>();

    private Simulator(SimulatorConfig config, ModbusSettings modbus, EventLoopGroup group, List<SimulatedGateway> gateways,
                      List<SerialMaster> serialMasters) {
        this.config = config;
        this.modbus = modbus;
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
        for (SimulatedGateway g : gateways) {
            if (isModbus(g)) {
                for (int u = 0; u < g.meters().size(); u++) {
                    units.put(g.meters().get(u), u + 1);
                }
            }
        }
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
        return start(config, ModbusSettings.NONE, clock, SerialLines.NONE);
    }

    /**
     * As {@link #start(SimulatorConfig, Clock)}, with the last {@code modbus.gateways()} gateways
     * speaking Modbus ({@link ModbusSettings}).
     *
     * @throws IllegalArgumentException when more gateways should speak Modbus than there are, or a
     *                                  Modbus gateway would hold more than 247 meters
     */
    public static Simulator start(SimulatorConfig config, ModbusSettings modbus, Clock clock) {
        return start(config, modbus, clock, SerialLines.NONE);
    }

    /**
     * As {@link #start(SimulatorConfig, Clock)}, with the first gateways' buses served on serial
     * devices instead of TCP.
     *
     * @throws UncheckedIOException naming the device when one cannot be opened
     */
    public static Simulator start(SimulatorConfig config, Clock clock, SerialLines serial) {
        return start(config, ModbusSettings.NONE, clock, serial);
    }

    /**
     * Both: the last gateways speak Modbus, the first ones' buses are served on serial devices. A
     * gateway that is both serves Modbus RTU units on its serial device ({@link ModbusSerialSlave}).
     *
     * @throws IllegalArgumentException for a Modbus gateway on a serial device without RTU framing
     */
    public static Simulator start(SimulatorConfig config, ModbusSettings modbus, Clock clock, SerialLines serial) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(modbus, "modbus");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(serial, "serial");
        if (modbus.gateways() > config.gateways()) {
            throw new IllegalArgumentException("modbus gateways was " + modbus.gateways() + " but the run has only "
                    + config.gateways() + " gateways");
        }
        List<List<SimulatedMeter>> buses = Fleet.generate(config);
        int firstModbus = config.gateways() - modbus.gateways();
        for (int i = firstModbus; i < buses.size(); i++) {
            if (buses.get(i).size() > ModbusSettings.MAX_UNITS) {
                throw new IllegalArgumentException("Modbus gateway " + Fleet.gatewayName(i) + " would hold " + buses.get(i).size()
                        + " meters but unit ids go to " + ModbusSettings.MAX_UNITS + "; use more gateways");
            }
        }
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
                int port = config.basePort() == 0 ? 0 : config.basePort() + i;
                if (i >= firstModbus) {
                    Map<Integer, SimulatedMeter> units = new LinkedHashMap<>();
                    for (int u = 0; u < g.meters().size(); u++) {
                        units.put(u + 1, g.meters().get(u));
                    }
                    ModbusResponder responder = new ModbusResponder(units, modbus, clock, new java.util.Random(seed));
                    if (i < serial.devices().size()) {
                        if (modbus.framing() != ModbusFraming.RTU) {
                            throw new IllegalArgumentException("Modbus gateway " + g.name() + " is served on serial device "
                                    + serial.devices().get(i) + ", where Modbus is RTU; use framing rtu");
                        }
                        ModbusSerialSlave slave = new ModbusSerialSlave(responder, modbus, serial, g.counters(), loop);
                        masters.add(SerialMaster.open(serial.devices().get(i), serial.format(), serial.echo(), loop, slave));
                        g.servedOn(serial.devices().get(i) + " " + serial.format());
                    } else {
                        bind(g, loop, () -> new ModbusSlaveConnection(responder, modbus, g.counters()), config.host(), port);
                    }
                } else if (i < serial.devices().size()) {
                    Bus bus = new Bus(g, g.meters(), config, clock, loop, seed, serial.byteNanos());
                    masters.add(SerialMaster.open(serial.devices().get(i), serial.format(), serial.echo(), bus));
                    g.servedOn(serial.devices().get(i) + " " + serial.format());
                } else {
                    Bus bus = new Bus(g, g.meters(), config, clock, loop, seed, config.pacing() ? config.byteNanos() : 0);
                    bind(g, loop, () -> new GatewayConnection(bus), config.host(), port);
                }
            }
        } catch (RuntimeException e) {
            new Simulator(config, modbus, group, gateways, masters).close();
            throw e;
        }
        return new Simulator(config, modbus, group, gateways, masters);
    }

    private static void bind(SimulatedGateway gateway, EventLoop loop, java.util.function.Supplier<io.netty.channel.ChannelHandler> handler,
                             String host, int port) {
        ServerBootstrap b = new ServerBootstrap()
                .group(loop, loop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handler.get());
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

    public ModbusSettings modbus() {
        return modbus;
    }

    /** Whether {@code gateway} speaks Modbus ({@link ModbusSettings}) rather than DL/T 645. */
    public boolean isModbus(SimulatedGateway gateway) {
        return gateways.indexOf(gateway) >= config.gateways() - modbus.gateways();
    }

    /** The Modbus unit id of a meter on a Modbus gateway (1.. in gateway order); empty for a DL/T 645 meter. */
    public java.util.OptionalInt modbusUnit(SimulatedMeter meter) {
        Integer u = units.get(meter);
        return u == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(u);
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
     * meter in {@link #meters()} order; the same seed gives the same bytes. With Modbus gateways the
     * header has two more columns, {@value #MODBUS_COLUMNS}, filled for their meters.
     */
    public void writeArchive(Path file) {
        boolean withModbus = modbus.gateways() > 0;
        StringBuilder sb = new StringBuilder(ARCHIVE_HEADER).append(withModbus ? "," + MODBUS_COLUMNS : "").append('\n');
        for (SimulatedMeter m : meters.values()) {
            Integer unit = units.get(m);
            sb.append(m.address()).append(',').append(unit == null ? PROTOCOL : modbus.protocol()).append(',').append(m.bus()).append(',')
                    .append(m.ctRatio()).append(',').append(m.vtRatio()).append(',')
                    .append(m.customerClass().code()).append(',').append(m.area());
            if (withModbus) {
                sb.append(',').append(unit == null ? "" : unit).append(',').append(unit == null ? "" : modbus.map().name());
            }
            sb.append('\n');
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
