package org.headend.app;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.headend.collector.archive.ArchiveLoad;
import org.headend.collector.archive.MeterArchive;
import org.headend.collector.archive.RowProblem;
import org.headend.collector.metrics.MetricsEndpoint;
import org.headend.fieldcheck.Category;
import org.headend.fieldcheck.CheckOutcome;
import org.headend.fieldcheck.DueList;
import org.headend.fieldcheck.FieldCheck;
import org.headend.fieldcheck.FieldCheckExport;
import org.headend.fieldcheck.FieldCheckGauges;
import org.headend.fieldcheck.FieldCheckHttp;
import org.headend.fieldcheck.FieldCheckSettings;
import org.headend.fieldcheck.ImportProblem;
import org.headend.fieldcheck.ImportReport;
import org.headend.fieldcheck.PenaltyBands;
import org.headend.fieldcheck.Period;
import org.headend.fieldcheck.Quarter;
import org.headend.fieldcheck.QuarterReport;
import org.headend.storage.FieldCorrection;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code headend fieldcheck due|import|compare|accept|report|serve}: thin shells over {@link FieldCheck} (issue 7). */
@Command(name = "fieldcheck", mixinStandardHelpOptions = true,
        description = {"Quarterly on-site verification of remote-read meters (issue 7).",
                "Who is due, crews' results in, remote-versus-field comparison, corrections, reports.",
                "Rules and CSV columns: docs/field-verification.md."},
        subcommands = {FieldCheckCommand.Due.class, FieldCheckCommand.Import.class, FieldCheckCommand.Compare.class,
                FieldCheckCommand.Accept.class, FieldCheckCommand.Report.class, FieldCheckCommand.Serve.class})
final class FieldCheckCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every subcommand shares: where the data is and the rules' knobs. */
    static final class Common {
        @Option(names = "--store", defaultValue = "embedded:data/headend.db",
                description = "embedded:PATH or a jdbc:postgresql:// URL (default: ${DEFAULT-VALUE}).")
        String store;
        @Option(names = "--archive", defaultValue = "data/meters.csv", description = "Meter archive CSV (default: ${DEFAULT-VALUE}).")
        Path archive;
        @Option(names = "--zone", defaultValue = "UTC", description = "Zone of quarters, billing cycles and local times (default: ${DEFAULT-VALUE}).")
        ZoneId zone;
        @Option(names = "--period", defaultValue = "quarter", description = "quarter (calendar) or rolling90 (default: ${DEFAULT-VALUE}).")
        String period;
        @Option(names = "--billing-day", defaultValue = "1",
                description = "Day of the month billing cycles start on, 1..28 (default: ${DEFAULT-VALUE}, calendar months).")
        int billingDay;
        @Option(names = "--seed", defaultValue = "0", description = "Seed of the zero-consumption sample (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--window", defaultValue = "2d", description = "Remote readings further from a check are not used (default: ${DEFAULT-VALUE}).")
        String window;
        @Option(names = "--bands", defaultValue = "500,1000,5000,10000", description = "Penalty band bounds, kWh (default: ${DEFAULT-VALUE}).")
        String bands;

        FieldCheckSettings settings() {
            return FieldCheckSettings.defaults().withZone(zone).withPeriod(Period.ofCode(period)).withSeed(seed)
                    .withBillingDay(billingDay)
                    .withWindow(org.headend.collector.config.DurationText.parse(window)).withBands(PenaltyBands.parse(bands));
        }

        /** Opens the store and the archive (its problems to stderr) and runs {@code work}. */
        int run(CommandLine.Model.CommandSpec spec, Work work) throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            ArchiveLoad load = MeterArchive.read(archive);
            for (RowProblem p : load.problems()) {
                err.printf("%s: %s%n", archive, p);
            }
            for (RowProblem p : load.warnings()) {
                err.printf("%s: warning: %s%n", archive, p);
            }
            try (ReadingStore s = Stores.open(store)) {
                FieldCheck fc = new FieldCheck(settings(), load.meters(), s, Clock.systemUTC());
                return work.run(fc, spec.commandLine().getOut(), err);
            }
        }
    }

    interface Work {
        int run(FieldCheck fc, PrintWriter out, PrintWriter err) throws Exception;
    }

    static Writer output(Path file, PrintWriter out) throws IOException {
        return file == null ? out : new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8);
    }

    static void close(Writer w, PrintWriter out) throws IOException {
        if (w == out) {
            out.flush();
        } else {
            w.close();
        }
    }

    @Command(name = "due", mixinStandardHelpOptions = true,
            description = "The meters due for an on-site check, by area in route order, with what the crew must verify.")
    static final class Due implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--as-of", description = "ISO-8601 instant (default: now).")
        Instant asOf;
        @Option(names = "--format", defaultValue = "csv", description = "csv or json (default: ${DEFAULT-VALUE}).")
        String format;
        @Option(names = "--out", description = "File to write (default: standard output).")
        Path outFile;

        @Override
        public Integer call() throws Exception {
            return common.run(spec, (fc, out, err) -> {
                DueList due = fc.due(asOf != null ? asOf : Instant.now());
                Writer w = output(outFile, out);
                if (format.equals("json")) {
                    FieldCheckExport.dueJson(due, w);
                } else {
                    FieldCheckExport.dueCsv(due, w);
                }
                close(w, out);
                err.printf("%d meters due in %d areas as of %s%n", due.meters().size(), due.byArea().size(), due.asOf());
                return 0;
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Imports crews' field-result sheets; bad rows reported by line, good rows kept.",
                    "Importing a sheet again changes nothing. Exit 3 when a row was refused."})
    static final class Import implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Common common;
        @Parameters(arity = "1..*", description = "CSV sheets (UTF-8).")
        List<Path> sheets;

        @Override
        public Integer call() throws Exception {
            return common.run(spec, (fc, out, err) -> {
                boolean refused = false;
                for (Path sheet : sheets) {
                    ImportReport r = fc.importResults(sheet);
                    for (ImportProblem p : r.problems()) {
                        err.printf("%s %s%n", sheet, p);
                    }
                    out.printf("%s: %d rows, %d added, %d already there, %d refused%n", sheet, r.rows(), r.added(),
                            r.unchanged(), r.problems().size());
                    refused |= !r.problems().isEmpty();
                }
                return refused ? 3 : 0;
            });
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Compares the quarter's checks with the remote readings and the archive; lists the findings as CSV.")
    static final class Compare implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--quarter", description = "e.g. 2026Q3 (default: this quarter).")
        String quarter;
        @Option(names = "--out", description = "Findings CSV file (default: standard output).")
        Path outFile;

        @Override
        public Integer call() throws Exception {
            return common.run(spec, (fc, out, err) -> {
                Quarter q = quarter != null ? Quarter.parse(quarter) : fc.quarterOf(Instant.now());
                List<CheckOutcome> outcomes = fc.compare(q);
                Writer w = output(outFile, out);
                FieldCheckExport.findingsCsv(outcomes, w);
                close(w, out);
                long mismatched = outcomes.stream().filter(o -> !o.isClean()).count();
                err.printf("%s: %d checks compared, %d clean, %d with findings%n", q, outcomes.size(), outcomes.size() - mismatched,
                        mismatched);
                return 0;
            });
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = "Accepts a finding: the field value prevails (a correction is recorded; remote readings stay).")
    static final class Accept implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--meter", required = true, description = "Meter address.")
        String meter;
        @Option(names = "--check-time", required = true, description = "The check's time, ISO-8601 instant as in the findings.")
        Instant checkTime;
        @Option(names = "--category", required = true, description = "Finding category, e.g. ct_ratio_differs.")
        String category;
        @Option(names = "--by", required = true, description = "Who accepts it.")
        String by;
        @Option(names = "--note", defaultValue = "", description = "Why.")
        String note;

        @Override
        public Integer call() throws Exception {
            return common.run(spec, (fc, out, err) -> {
                String address = org.headend.collector.archive.Meter.normalizeAddress(meter);
                java.util.Optional<FieldCorrection> c = fc.accept(address, checkTime, Category.ofCode(category), by, note);
                if (c.isEmpty()) {
                    err.printf("no open %s finding of %s at %s (run compare first; accepted findings stay accepted)%n",
                            category, address, checkTime);
                    return 3;
                }
                out.printf(Locale.ROOT, "accepted: %s %s at %s, %s %s -> %s, %.1f kWh from %s%n", address, category, checkTime,
                        c.get().quantity(), c.get().remoteValue(), c.get().fieldValue(), c.get().energyKwh(), c.get().validFrom());
                return 0;
            });
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "The quarter per area: required, checked, overdue, compliance %%, findings by category and band.")
    static final class Report implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--quarter", description = "e.g. 2026Q3 (default: this quarter).")
        String quarter;
        @Option(names = "--area", defaultValue = "", description = "Only this area.")
        String area;
        @Option(names = "--as-of", description = "ISO-8601 instant (default: now).")
        Instant asOf;
        @Option(names = "--format", defaultValue = "table", description = "table, csv, drilldown-csv or json (default: ${DEFAULT-VALUE}).")
        String format;
        @Option(names = "--out", description = "File to write (default: standard output).")
        Path outFile;

        @Override
        public Integer call() throws Exception {
            return common.run(spec, (fc, out, err) -> {
                Instant at = asOf != null ? asOf : Instant.now();
                QuarterReport r = fc.report(quarter != null ? Quarter.parse(quarter) : fc.quarterOf(at), at, area);
                Writer w = output(outFile, out);
                switch (format) {
                    case "csv" -> FieldCheckExport.reportCsv(r, w);
                    case "drilldown-csv" -> FieldCheckExport.drillDownCsv(r, w);
                    case "json" -> FieldCheckExport.reportJson(r, w);
                    case "table" -> table(r, new PrintWriter(w));
                    default -> throw new IllegalArgumentException("--format was '" + format + "' but must be table, csv, drilldown-csv or json");
                }
                close(w, out);
                return 0;
            });
        }

        private static void table(QuarterReport r, PrintWriter p) {
            p.printf("%s as of %s (%s)%n", r.quarter(), r.asOf(), r.period().code());
            p.printf("%-16s %9s %8s %8s %8s %11s %9s %12s %12s%n", "area", "required", "checked", "overdue", "pending",
                    "compliance", "findings", "energy kWh", "corrections");
            for (QuarterReport.AreaRow a : r.areas()) {
                row(p, a.area(), a);
            }
            row(p, "total", r.total());
            p.printf("findings by category: %s%n", r.total().findingsByCategory());
            p.printf("findings by band:     %s%n", r.total().findingsByBand());
            p.flush();
        }

        private static void row(PrintWriter p, String name, QuarterReport.AreaRow a) {
            p.printf(Locale.ROOT, "%-16s %9d %8d %8d %8d %10.2f%% %9d %12.1f %12d%n", name, a.required(), a.checked(), a.overdue(),
                    a.pending(), a.compliancePercent(), a.findings(), a.energyKwh(), a.corrections());
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serves the report and the due list as JSON, and gauges for Prometheus.",
                    "/fieldcheck/report, /fieldcheck/due and /metrics (overdue meters, compliance %%), until Ctrl-C or --duration."})
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address (default: ${DEFAULT-VALUE}).")
        String host;
        @Option(names = "--port", defaultValue = "9465", description = "Port (default: ${DEFAULT-VALUE}; 0 = any).")
        int port;
        @Option(names = "--duration", description = "Stop after this long, e.g. 30s (default: until Ctrl-C).")
        String duration;

        @Override
        public Integer call() throws Exception {
            return common.run(spec, (fc, out, err) -> {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                FieldCheckGauges gauges = FieldCheckGauges.bind(registry);
                HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
                server.createContext(FieldCheckHttp.PATH, new FieldCheckHttp(fc, Clock.systemUTC()));
                server.createContext(MetricsEndpoint.PATH, ex -> {
                    try (ex) {
                        Instant now = Instant.now();
                        gauges.update(fc.report(fc.quarterOf(now), now, "")); // figures as of this scrape
                        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                        ex.getResponseHeaders().set("Content-Type", MetricsEndpoint.CONTENT_TYPE);
                        ex.sendResponseHeaders(200, body.length);
                        ex.getResponseBody().write(body);
                    }
                });
                server.start();
                out.printf("serving http://%s:%d%s/report, %s/due and %s%n", host, server.getAddress().getPort(),
                        FieldCheckHttp.PATH, FieldCheckHttp.PATH, MetricsEndpoint.PATH);
                out.flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "fieldcheck-serve-stop"));
                if (duration != null) {
                    stop.await(org.headend.collector.config.DurationText.parse(duration).toMillis(),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                } else {
                    stop.await();
                }
                server.stop(0);
                return 0;
            });
        }
    }
}
