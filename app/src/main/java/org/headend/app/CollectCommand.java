package org.headend.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.headend.collector.HeadEnd;
import org.headend.collector.Progress;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.archive.RowProblem;
import org.headend.collector.config.CollectorConfig;
import org.headend.collector.config.DurationText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The collector alone, against real gateways (or a separately started simulator). */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Reads the archive's meters through the config's buses into the store.",
                "Runs until Ctrl-C, --duration or --cycles. Bad archive rows are reported by line and skipped."})
final class CollectCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", description = "Collector config (YAML); every key has a default, see the README.")
    Path config;

    @Option(names = "--archive", description = "Meter archive CSV (overrides the config's archive).")
    Path archive;

    @Option(names = "--store", description = "embedded:PATH or jdbc:postgresql:// URL (overrides the config's store).")
    String store;

    @Option(names = "--duration", converter = SimulateCommand.DurationConverter.class, description = "Stop after this long.")
    Duration duration;

    @Option(names = "--cycles", defaultValue = "0", description = "Stop after this many poll cycles (0 = no limit).")
    long cycles;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CollectorConfig loaded = config == null ? CollectorConfig.defaults() : CollectorConfig.load(config);
        CollectorConfig cfg = loaded.withStore(store != null ? store : loaded.store())
                .withArchive(archive != null ? archive : loaded.archive()).validate();
        if (cfg.buses().isEmpty() && cfg.lines().isEmpty() && !cfg.concentrators().enabled()) {
            err.println("the config names no buses, lines or concentrators: add a 'buses:', 'lines:' or 'concentrators:' section (see the README), "
                    + "e.g. buses: {gw-01: {host: 10.0.0.5, port: 4001}}");
            return CommandLine.ExitCode.USAGE;
        }
        if (!Files.isRegularFile(cfg.archive())) {
            err.printf("meter archive %s not found: give --archive or set 'archive:' in the config%n", cfg.archive());
            return CommandLine.ExitCode.USAGE;
        }
        ArchiveLoad load = MeterArchive.read(cfg.archive());
        for (RowProblem p : load.problems()) {
            err.printf("%s: %s%n", cfg.archive(), p);
        }
        out.printf(Locale.ROOT, "collect: %d meters from %s (%d rows skipped), %d buses, every %s, store %s%n",
                load.meters().size(), cfg.archive(), load.skippedRows(), cfg.buses().size() + cfg.lines().size(),
                DurationText.format(cfg.schedule().interval()), cfg.store());
        out.flush();
        try (Lifetime lifetime = new Lifetime("collect")) {
            HeadEnd headEnd = HeadEnd.start(cfg, load.meters(), load.placements(), cycles, Clock.systemUTC());
            long[] lastCycle = {-1};
            AutoCloseable fieldCheckGauges = FieldCheckExport.start(headEnd, load.meters());
            try {
                lifetime.await(duration, () -> {
                    Progress.Snapshot s = headEnd.collector().progress().snapshot();
                    if (s.cycles() != lastCycle[0]) {
                        lastCycle[0] = s.cycles();
                        out.printf(Locale.ROOT, "cycle %d started | meters read %d | failed %d | readings stored %d%n",
                                s.cycles(), s.read(), s.failed(), headEnd.writerStats().stored());
                        out.flush();
                    }
                });
            } finally {
                fieldCheckGauges.close();
                headEnd.close();
            }
            Progress.Snapshot s = headEnd.collector().progress().snapshot();
            out.printf("stopped: %d cycles, %d meters read, %d failed, %d readings stored%n", s.cycles(), s.read(),
                    s.failed(), headEnd.writerStats().stored());
        }
        return CommandLine.ExitCode.OK;
    }
}
