package org.headend.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.headend.collector.HeadEnd;
import org.headend.collector.Progress;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.config.CollectorConfig;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.collector.config.DurationText;
import org.headend.collector.poll.PollOutcome;
import org.headend.simulator.ConcentratorFleet;
import org.headend.simulator.ConcentratorFleetConfig;
import org.headend.simulator.SimulatedGateway;
import org.headend.simulator.Simulator;
import org.headend.simulator.SimulatorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The simulator and the collector in one process, on the embedded store, with progress. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulated meters and the collector in one process, on the embedded store, with progress.",
                "Gateways listen on 127.0.0.1; Ctrl-C (or --duration) ends it with a summary."})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--meters", defaultValue = "200", description = "Simulated meters (default: ${DEFAULT-VALUE}).")
    int meters;

    @Option(names = "--gateways", defaultValue = "4", description = "Gateways, one bus each (default: ${DEFAULT-VALUE}).")
    int gateways;

    @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--interval", defaultValue = "10s", converter = SimulateCommand.DurationConverter.class,
            description = "Poll interval (default: ${DEFAULT-VALUE}; production default is 15m).")
    Duration interval;

    @Option(names = "--duration", converter = SimulateCommand.DurationConverter.class,
            description = "Run this long, then stop with a summary (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--store", defaultValue = "embedded:data/demo.db",
            description = "Where readings go: embedded:PATH or a jdbc:postgresql:// URL (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "Prometheus scrape port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--response-delay", defaultValue = "20ms", converter = SimulateCommand.DurationConverter.class,
            description = "Simulated meter turnaround (default: ${DEFAULT-VALUE}).")
    Duration responseDelay;

    @Option(names = "--concentrators", defaultValue = "2",
            description = "Simulated Q/GDW 1376.1 concentrators that dial in to the collector, 0 for none (default: ${DEFAULT-VALUE}).")
    int concentrators;

    @Option(names = "--meters-per-concentrator", defaultValue = "16",
            description = "Meters behind each concentrator (default: ${DEFAULT-VALUE}).")
    int metersPerConcentrator;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SimulatorConfig simConfig = SimulatorConfig.defaults().withMeters(meters).withGateways(gateways).withSeed(seed)
                .withResponseDelay(responseDelay);
        Path archive = Path.of("data", "demo-meters.csv");
        Files.createDirectories(archive.getParent());
        ConcentratorFleetConfig fleetConfig = ConcentratorFleetConfig.defaults().withSeed(seed)
                .withSize(Math.max(1, concentrators), metersPerConcentrator)
                .withTiming(Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(5));
        try (Lifetime lifetime = new Lifetime("demo");
             Simulator sim = Simulator.start(simConfig);
             ConcentratorFleet fleet = ConcentratorFleet.create(fleetConfig, Clock.systemUTC())) {
            if (concentrators > 0) {
                fleet.writeArchive(archive, sim.meters());
            } else {
                sim.writeArchive(archive);
            }
            ArchiveLoad load = MeterArchive.read(archive);
            CollectorConfig.Builder b = CollectorConfig.builder().store(store).archive(archive)
                    .metrics("127.0.0.1", metricsPort).interval(interval);
            if (concentrators > 0) {
                b.concentrators(ConcentratorSettings.DEFAULTS.withPort("127.0.0.1", 0)
                        .withSessions(Duration.ofSeconds(10), 3, Duration.ofSeconds(10), 1));
            }
            for (SimulatedGateway g : sim.gateways()) {
                b.bus(g.name(), g.host(), g.port());
            }
            CollectorConfig config = b.build().validate();
            out.printf(Locale.ROOT, "headend demo: %d simulated meters on %d gateways (seed %d), polled every %s%n",
                    load.meters().size(), sim.gateways().size(), seed, DurationText.format(interval));
            out.printf("  archive  %s%n  store    %s%n  metrics  http://127.0.0.1:%d/metrics%n", archive, store, metricsPort);
            out.flush();
            long started = System.nanoTime();
            HeadEnd headEnd = HeadEnd.start(config, load.meters(), load.placements(), 0, Clock.systemUTC());
            headEnd.concentrators().ifPresent(front -> {
                out.printf("  concentrators  %d with %d meters dial in to 127.0.0.1:%d%n", front.concentratorCount(),
                        front.meterCount(), front.port());
                fleet.dialIn("127.0.0.1", front.port());
            });
            boolean signalled;
            AutoCloseable fieldCheckGauges = FieldCheckExport.start(headEnd, load.meters());
            try {
                signalled = lifetime.await(duration, () -> progressLine(out, headEnd, started));
            } finally {
                out.println("stopping: waiting for the reads in flight and writing the last batch...");
                out.flush();
                fieldCheckGauges.close();
                headEnd.close();
            }
            summary(out, headEnd, started, signalled);
        }
        return CommandLine.ExitCode.OK;
    }

    private void progressLine(PrintWriter out, HeadEnd headEnd, long started) {
        Progress.Snapshot s = headEnd.collector().progress().snapshot();
        double secs = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "[%4.0fs] cycle %d | meters read %d (%.1f/s) | failed %d | readings stored %d | queued %d%n",
                secs, s.cycles(), s.read(), s.read() / secs, s.failed(), headEnd.writerStats().stored(),
                headEnd.collector().buses().values().stream().mapToInt(b -> b.queueDepth()).sum());
        headEnd.concentrators().ifPresent(f -> out.printf("       concentrators online %d of %d%n", f.online(),
                f.concentratorCount()));
        out.flush();
    }

    private void summary(PrintWriter out, HeadEnd headEnd, long started, boolean signalled) {
        Progress.Snapshot s = headEnd.collector().progress().snapshot();
        double secs = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "summary after %.0f s%s: %d cycles, %d meter reads ok, %d with error replies, %d timeouts, "
                        + "%d bad frames, %d disconnected, %d skipped; %d readings stored%n",
                secs, signalled ? " (interrupted)" : "", s.cycles(), s.count(PollOutcome.OK), s.count(PollOutcome.ERROR_REPLY),
                s.count(PollOutcome.TIMEOUT), s.count(PollOutcome.BAD_FRAME), s.count(PollOutcome.DISCONNECTED),
                s.count(PollOutcome.SKIPPED), headEnd.writerStats().stored());
        out.printf("last reading per meter: ./headend readings --store %s%n", store);
        out.flush();
    }
}
