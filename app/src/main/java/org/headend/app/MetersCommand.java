package org.headend.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.headend.storage.ArchivedMeter;
import org.headend.storage.MeterArchiveStore;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Queries the store's meter archive: what every meter is read under now, or one meter's history. */
@Command(name = "meters", mixinStandardHelpOptions = true,
        description = "Prints, as CSV, the meter archive a collector recorded in the store: every meter's current record, "
                + "or with --meter the versions of one meter's record (a changed CT ratio opens a new version).")
final class MetersCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", defaultValue = "embedded:data/demo.db",
            description = "embedded:PATH or a jdbc:postgresql:// URL (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--meter", description = "The history of this meter (12-digit address).")
    String meter;

    @Override
    public Integer call() throws IOException {
        try (ReadingStore s = Stores.open(store)) {
            List<MeterArchiveStore.Version> rows = meter != null
                    ? s.archive().history(meter)
                    : s.archive().current().stream().map(m -> new MeterArchiveStore.Version(m, null, null)).toList();
            List<String> header = new ArrayList<>(List.of("meter", "status", "protocol", "channel", "ct_ratio", "vt_ratio",
                    "multiplier", "customer_class", "voltage_level", "area", "reading_method", "meter_serial"));
            if (meter != null) {
                header.addAll(1, List.of("valid_from", "valid_to"));
            }
            CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get()
                    .print(spec.commandLine().getOut());
            for (MeterArchiveStore.Version v : rows) {
                ArchivedMeter m = v.meter();
                List<Object> row = new ArrayList<>(List.of(m.meter(), m.status(), m.protocol(), m.channel(),
                        ratio(m.ctRatio()), ratio(m.vtRatio()), ratio(m.multiplier()), m.customerClass(), m.voltageLevel(),
                        m.area(), m.readingMethod(), m.meterSerial()));
                if (meter != null) {
                    row.addAll(1, List.of(v.validFrom(), v.validTo() == null ? "" : v.validTo()));
                }
                csv.printRecord(row);
            }
            csv.flush();
            if (rows.isEmpty()) {
                spec.commandLine().getErr().println(meter != null
                        ? "meter " + meter + " is not in the archive of " + s.describe()
                        : "no meter archive in " + s.describe() + ": a collector records it when it starts (collect, demo)");
            }
        }
        return CommandLine.ExitCode.OK;
    }

    private static String ratio(double r) {
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }
}
