package org.headend.app;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Queries the store: the last reading of each meter for one quantity. */
@Command(name = "readings", mixinStandardHelpOptions = true,
        description = "Prints the last reading per meter of one quantity from a store, as a table or CSV.")
final class ReadingsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", defaultValue = "embedded:data/demo.db",
            description = "embedded:PATH or a jdbc:postgresql:// URL (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--quantity", defaultValue = "energy.active.import.total",
            description = "Quantity, e.g. energy.active.import.total, voltage.a, power.active.total (default: ${DEFAULT-VALUE}).")
    String quantity;

    @Option(names = "--meter", description = "Only this meter (12-digit address).")
    String meter;

    @Option(names = "--csv", description = "CSV with a header instead of a table.")
    boolean csv;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ReadingStore s = Stores.open(store)) {
            List<Reading> rows = meter != null
                    ? s.last(meter, quantity).map(List::of).orElse(List.of())
                    : s.lastPerMeter(quantity).stream().sorted(Comparator.comparing(Reading::meter)).toList();
            if (csv) {
                out.println("meter,time,quantity,value,unit,quality,source");
            } else {
                out.printf("%-12s  %-24s  %16s %-4s  %-8s %s%n", "meter", "time (UTC)", "value", "unit", "quality", "source");
            }
            for (Reading r : rows) {
                String q = r.quality().name().toLowerCase(Locale.ROOT);
                String src = r.source().name().toLowerCase(Locale.ROOT);
                if (csv) {
                    out.printf(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s%n", r.meter(), r.time(), r.quantity(), r.value(), r.unit(), q, src);
                } else {
                    out.printf(Locale.ROOT, "%-12s  %-24s  %16.3f %-4s  %-8s %s%n", r.meter(), r.time(), r.value(), r.unit(), q, src);
                }
            }
            if (!csv) {
                out.printf("%d meters with %s in %s%n", rows.size(), quantity, s.describe());
            }
            out.flush();
        }
        return CommandLine.ExitCode.OK;
    }
}
