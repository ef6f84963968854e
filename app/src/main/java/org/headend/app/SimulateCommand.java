package org.headend.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;
import org.headend.collector.config.DurationText;
import org.headend.simulator.ConcentratorFault;
import org.headend.simulator.ConcentratorFleet;
import org.headend.simulator.ConcentratorFleetConfig;
import org.headend.protocol.serial.SerialFormat;
import org.headend.simulator.PtyPair;
import org.headend.simulator.SerialLines;
import org.headend.protocol.modbus.ModbusFraming;
import org.headend.simulator.ModbusSettings;
import org.headend.simulator.SimulatedGateway;
import org.headend.simulator.Simulator;
import org.headend.simulator.SimulatorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headend simulate}: DL/T 645-2007 meters behind TCP gateways on 127.0.0.1 (or on serial
 * lines: a device, or a socat pty pair made on the spot), for trying the collector without
 * hardware. Prints the gateways' ports, then one line per minute (--report-every) of requests served.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run simulated DL/T 645-2007 (or Modbus) meters behind RS-485-to-Ethernet gateways (TCP on 127.0.0.1) or on serial lines.")
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--meters", defaultValue = "200", description = "Meters in all (default: ${DEFAULT-VALUE}).")
    int meters;

    @Option(names = "--gateways", defaultValue = "4", description = "Gateways, one TCP port and one bus each (default: ${DEFAULT-VALUE}).")
    int gateways;

    @Option(names = "--seed", defaultValue = "1", description = "Same seed, same meters and readings (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--base-port", defaultValue = "0", description = "Gateway i listens on base-port + i; 0 = ephemeral ports (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--response-delay", defaultValue = "20ms", converter = DurationConverter.class,
            description = "Meter turnaround, e.g. 20ms, 0 for benchmarks (default: ${DEFAULT-VALUE}).")
    Duration responseDelay;

    @Option(names = "--baud", description = "Pace bytes at this bus speed, 11 bits per byte (e.g. 2400); no pacing when absent.")
    Integer baud;

    @Option(names = "--serial", paramLabel = "DEVICE|pty",
            description = "Serve gateway i's meters on the i-th serial device instead of TCP (repeatable); "
                    + "'pty' makes a socat pty pair and prints the end for the collector.")
    List<String> serial = List.of();

    @Option(names = "--serial-format",
            description = "Format of the serial lines (default: 2400 8E1; 9600 8N1 when every serial line is a Modbus gateway).")
    String serialFormat;

    @Option(names = "--serial-paced", description = "Pace serial bytes at the line speed, start, parity and stop bits included.")
    boolean serialPaced;

    @Option(names = "--serial-echo",
            description = "Send every byte received back, as a 2-wire adapter on the master's side would.")
    boolean serialEcho;

    @Option(names = "--modbus-gateways", defaultValue = "0",
            description = "The last N gateways speak Modbus instead of DL/T 645, their meters units 1.. (default: ${DEFAULT-VALUE}).")
    int modbusGateways;

    @Option(names = "--modbus-map", defaultValue = "sdm630",
            description = "Register map the Modbus meters serve: sdm630 or dtsu666 (default: ${DEFAULT-VALUE}).")
    String modbusMap;

    @Option(names = "--modbus-framing", defaultValue = "tcp",
            description = "tcp (Modbus TCP, MBAP) or rtu (RTU frames over TCP, as transparent gateways pass them, "
                    + "or on a --serial line) (default: ${DEFAULT-VALUE}).")
    String modbusFraming;

    @Option(names = "--archive", description = "Write the meter archive CSV here.")
    Path archive;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Run this long then exit, e.g. 90s, 10m; until Ctrl-C when absent.")
    Duration duration;

    @Option(names = "--report-every", defaultValue = "1m", converter = DurationConverter.class,
            description = "How often to print the requests served (default: ${DEFAULT-VALUE}).")
    Duration reportEvery;

    @Option(names = "--concentrators", defaultValue = "0",
            description = "Q/GDW 1376.1 concentrators that dial in to --master (default: ${DEFAULT-VALUE}).")
    int concentrators;

    @Option(names = "--meters-per-concentrator", defaultValue = "32", description = "Meters behind each concentrator (default: ${DEFAULT-VALUE}).")
    int metersPerConcentrator;

    @Option(names = "--master", defaultValue = "127.0.0.1:9001",
            description = "host:port of the collector's concentrator server (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--heartbeat", defaultValue = "1m", converter = DurationConverter.class,
            description = "Concentrator heartbeat period (default: ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--concentrator-fault", paramLabel = "FAULT:COUNT",
            description = "Give the first COUNT concentrators FAULT: FLAPPING, RELOGIN_STORM, SLOW, SILENT, WRONG_PSEQ, "
                    + "SPLIT_FRAMES, CLOCK_DRIFT, METER_CLOCK_DRIFT (its first meter's clock), POWER_CUTS (a one-minute cut"
                    + " recorded every 5 heartbeats). Repeatable.")
    java.util.List<String> concentratorFaults = new java.util.ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        SimulatorConfig config;
        ModbusSettings modbus;
        try {
            ModbusFraming framing = switch (modbusFraming) {
                case "tcp" -> ModbusFraming.TCP;
                case "rtu" -> ModbusFraming.RTU;
                default -> throw new IllegalArgumentException("--modbus-framing was '" + modbusFraming + "' but must be tcp or rtu");
            };
            modbus = ModbusSettings.of(modbusGateways, modbusMap, framing).withResponseDelay(responseDelay);
            config = SimulatorConfig.defaults().withMeters(meters).withGateways(gateways).withSeed(seed)
                    .withBasePort(basePort).withResponseDelay(responseDelay);
            if (reportEvery.isZero() || reportEvery.isNegative()) {
                throw new IllegalArgumentException("--report-every was " + reportEvery + " but must be positive");
            }
            if (baud != null) {
                config = config.withPacing(baud);
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        ConcentratorFleetConfig fleetConfig;
        java.util.Map<ConcentratorFault, Integer> faults = new java.util.EnumMap<>(ConcentratorFault.class);
        try {
            int colon = master.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("--master was '" + master + "' but must be host:port");
            }
            fleetConfig = ConcentratorFleetConfig.defaults().withSeed(seed).withSize(Math.max(1, concentrators), metersPerConcentrator)
                    .withMaster(master.substring(0, colon), Integer.parseInt(master.substring(colon + 1)))
                    .withTiming(heartbeat, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(5));
            for (String f : concentratorFaults) {
                String[] kv = f.split(":", 2);
                faults.put(ConcentratorFault.valueOf(kv[0].strip().toUpperCase(Locale.ROOT)), kv.length < 2 ? concentrators
                        : Integer.parseInt(kv[1].strip()));
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("bad concentrator option: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        SerialLines lines;
        List<PtyPair> ptys = new ArrayList<>();
        Simulator started;
        try {
            lines = serialLines(config, ptys);
            started = Simulator.start(config, modbus, Clock.systemUTC(), lines);
        } catch (IllegalArgumentException | IOException e) {
            ptys.forEach(PtyPair::close);
            spec.commandLine().getErr().println(e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(stopped);
        }, "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulate-report");
            t.setDaemon(true);
            return t;
        });
        try (Simulator sim = started;
             ConcentratorFleet fleet = ConcentratorFleet.create(fleetConfig, Clock.systemUTC())) {
            for (SimulatedGateway g : sim.gateways()) {
                if (g.device() != null) {
                    int i = sim.gateways().indexOf(g);
                    out.printf("%s serial %s%s %d meters%s%n", g.name(), g.device(),
                            i < ptys.size() && ptys.get(i) != null ? " (collector: " + ptys.get(i).masterEnd() + ")" : "",
                            g.meters().size(), sim.isModbus(g) ? " (" + modbus.protocol() + ", map " + modbus.map().name()
                                    + ", units 1.." + g.meters().size() + ")" : "");
                } else {
                    out.printf("%s %s:%d %d meters%s%n", g.name(), g.host(), g.port(), g.meters().size(),
                            sim.isModbus(g) ? " (" + modbus.protocol() + ", map " + modbus.map().name() + ", units 1.."
                                    + g.meters().size() + ")" : "");
                }
            }
            if (archive != null && concentrators > 0) {
                fleet.writeArchive(archive, sim.meters());
                out.printf("archive %s (%d meters, %d of them behind concentrators)%n", archive,
                        sim.meters().size() + fleet.meters().size(), fleet.meters().size());
            } else if (archive != null) {
                sim.writeArchive(archive);
                out.printf("archive %s (%d meters)%n", archive, sim.meters().size());
            }
            if (concentrators > 0) {
                faults.forEach((fault, count) -> fleet.concentrators().stream().limit(count).forEach(c -> c.fault(fault)));
                fleet.dialIn();
                out.printf("%d concentrators (%d meters each) dial in to %s%s%n", concentrators, metersPerConcentrator, master,
                        faults.isEmpty() ? "" : ", faults " + faults);
            }
            out.printf(Locale.ROOT, "serving %d meters, seed %d, response delay %d ms, %s%s%n", config.meters(), config.seed(),
                    config.responseDelay().toMillis(), config.pacing() ? "paced at " + config.baud() + " baud" : "no pacing",
                    lines.devices().isEmpty() ? "" : "; serial lines " + lines.format() + (lines.paced() ? " paced" : " not paced")
                            + (lines.echo() ? ", echoing" : ""));
            out.flush();
            AtomicLong last = new AtomicLong();
            reporter.scheduleAtFixedRate(() -> {
                long total = sim.answers();
                out.printf("requests served in the last %s: %d (total %d, received %d)%n", shortForm(reportEvery),
                        total - last.getAndSet(total), total, sim.requests());
                out.flush();
            }, reportEvery.toMillis(), reportEvery.toMillis(), TimeUnit.MILLISECONDS);
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            reporter.shutdownNow();
            out.printf("stopping: %d requests received, %d served%n", sim.requests(), sim.answers());
            out.flush();
        } finally {
            ptys.stream().filter(Objects::nonNull).forEach(PtyPair::close);
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running and waits for us: nothing to remove
            }
        }
        return CommandLine.ExitCode.OK;
    }

    /** The --serial devices, a socat pty pair made for each 'pty' (null in {@code ptys} for a real device). */
    private SerialLines serialLines(SimulatorConfig config, List<PtyPair> ptys) throws IOException {
        if (serial.size() > config.gateways()) {
            throw new IllegalArgumentException("--serial was given " + serial.size() + " times but there are only "
                    + config.gateways() + " gateways");
        }
        // serial lines are the first gateways, Modbus the last: every line is Modbus when every gateway is
        boolean modbusLines = modbusGateways >= config.gateways();
        SerialFormat format = serialFormat != null ? SerialFormat.parse(serialFormat)
                : modbusLines ? SerialFormat.MODBUS_RTU : SerialFormat.DLT645;
        List<String> devices = new ArrayList<>();
        for (String s : serial) {
            if (s.equals("pty")) {
                PtyPair pair = PtyPair.start(Files.createTempDirectory("headend-pty"));
                ptys.add(pair);
                devices.add(pair.meterEnd().toString());
            } else {
                ptys.add(null);
                devices.add(s);
            }
        }
        return new SerialLines(devices, format, serialPaced, serialEcho);
    }

    /** 1m, 90s, 200ms: the way the options are written. */
    static String shortForm(Duration d) {
        long ms = d.toMillis();
        return ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Durations as {@code 500ms}, {@code 20s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT1M}), as in the config. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = value.strip().equals("0") ? Duration.ZERO : DurationText.parse(value);
            if (d == null) {
                throw new CommandLine.TypeConversionException("duration '" + value
                        + "' is not like 500ms, 20s, 5m, 2h or PT1M");
            }
            return d;
        }
    }
}
