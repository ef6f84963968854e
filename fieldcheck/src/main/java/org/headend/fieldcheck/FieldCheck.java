package org.headend.fieldcheck;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.headend.collector.archive.Meter;
import org.headend.storage.FieldCheckStore;
import org.headend.storage.FieldCorrection;
import org.headend.storage.FieldFinding;
import org.headend.storage.FieldResult;
import org.headend.storage.Quality;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quarterly on-site verification of remote-read meters (issue 7): who is due, taking the crews'
 * results in, comparing them with the remote readings and the archive, accepting mismatches as
 * corrections, and the quarter's report. The one public entry of this package; the launcher's
 * {@code headend fieldcheck} commands are thin shells over it.
 *
 * <p>Works on an archive (as loaded by {@code MeterArchive}) and a {@link ReadingStore}, whose
 * database also keeps the checks ({@link ReadingStore#fieldChecks()}). Not thread-safe: one
 * caller at a time (the store itself is).
 */
public final class FieldCheck {
    private static final Logger LOG = LoggerFactory.getLogger(FieldCheck.class);
    private final FieldCheckSettings settings;
    private final List<Meter> archive;
    private final Map<String, Meter> byAddress;
    private final ReadingStore store;
    private final Clock clock;

    public FieldCheck(FieldCheckSettings settings, List<Meter> archive, ReadingStore store, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.archive = List.copyOf(archive);
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.byAddress = new HashMap<>(archive.size() * 2);
        for (Meter m : archive) {
            byAddress.put(m.address(), m);
        }
    }

    public FieldCheckSettings settings() {
        return settings;
    }

    /** The meters due as of {@code asOf}, by area, in route order. */
    public DueList due(Instant asOf) {
        return new DuePlanner(settings, store).plan(archive, asOf, store.fieldChecks().lastCounted(asOf));
    }

    /** Imports a crew's sheet (UTF-8); see {@link #importResults(Reader, String)}. */
    public ImportReport importResults(Path csv) throws IOException {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return importResults(in, csv.getFileName().toString());
        }
    }

    /**
     * Imports a crew's sheet: good rows are stored, bad ones reported with line and reason. A row
     * already stored with the same values changes nothing (importing a sheet twice is harmless); one
     * stored with other values is refused as a problem naming the first import.
     *
     * @throws IllegalArgumentException when the sheet cannot be read as a whole (header, quoting)
     */
    public ImportReport importResults(Reader in, String source) throws IOException {
        FieldResultCsv.Rows rows = new FieldResultCsv(settings.zone(), clock.instant()).read(in, source);
        List<ImportProblem> problems = new ArrayList<>(rows.problems());
        List<FieldCheckStore.Saved> saved = store.fieldChecks().save(rows.results());
        long added = 0;
        long same = rows.repeated();
        for (int i = 0; i < saved.size(); i++) {
            FieldResult r = rows.results().get(i);
            switch (saved.get(i)) {
                case NEW -> added++;
                case SAME -> same++;
                case CONFLICT -> problems.add(new ImportProblem(rows.lines().get(i), "meter " + r.meter() + " at " + r.checkTime()
                        + " was imported before with other values (" + store.fieldChecks().result(r.meter(), r.checkTime())
                        .map(FieldResult::origin).orElse("?") + "), which are kept"));
            }
        }
        problems.sort(java.util.Comparator.comparingLong(ImportProblem::line));
        return new ImportReport(source, rows.rows(), added, same, problems);
    }

    /**
     * Compares every check of the quarter with the archive and the remote readings, and records the
     * outcome: which checks count, and their open findings (replacing those of an earlier comparison;
     * accepted ones stay).
     */
    public List<CheckOutcome> compare(Quarter q) {
        long t0 = System.nanoTime();
        List<FieldResult> results = store.fieldChecks().results(q.start(settings.zone()), q.end(settings.zone()));
        long t1 = System.nanoTime();
        List<CheckOutcome> outcomes = new FieldComparison(settings, byAddress, store).compare(results);
        long t2 = System.nanoTime();
        Instant now = clock.instant();
        List<FieldCheckStore.Compared> compared = new ArrayList<>(outcomes.size());
        for (CheckOutcome o : outcomes) {
            List<FieldFinding> fs = new ArrayList<>(o.findings().size());
            for (Finding f : o.findings()) {
                fs.add(new FieldFinding(f.meter(), f.checkTime(), f.category().code(), f.evidence(), f.energyKwh(), f.band(),
                        o.area().isEmpty() ? ReportBuilder.NO_RECORD_AREA : o.area(), now, null, null));
            }
            compared.add(new FieldCheckStore.Compared(o.result().meter(), o.result().checkTime(), o.counts(), fs));
        }
        store.fieldChecks().recordComparisons(compared, now);
        long t3 = System.nanoTime();
        // a quarter at a large site takes tens of seconds: say where they went
        LOG.info("{}: compared {} checks in {} s (reading the checks {} s, the remote readings and rules {} s, recording {} s)",
                q, outcomes.size(), secs(t3 - t0), secs(t1 - t0), secs(t2 - t1), secs(t3 - t2));
        return outcomes;
    }

    /**
     * Accepts an open finding: the field value prevails. Records the correction; for a register
     * mismatch also stores the field register (x the archive's multiplier) as a {@link Quality#CORRECTED}
     * reading from the {@link Source#FIELD} at the check time, beside the remote readings, which stay.
     *
     * @return the correction, or empty when there is no such open finding (unknown or accepted already)
     */
    public Optional<FieldCorrection> accept(String meter, Instant checkTime, Category category, String by, String note) {
        Optional<FieldResult> result = store.fieldChecks().result(meter, checkTime);
        if (result.isEmpty()) {
            return Optional.empty();
        }
        Optional<Finding> finding = new FieldComparison(settings, byAddress, store).compare(List.of(result.get())).get(0)
                .findings().stream().filter(f -> f.category() == category).findFirst();
        if (finding.isEmpty()) {
            return Optional.empty();
        }
        Finding f = finding.get();
        FieldCorrection c = new FieldCorrection(meter, checkTime, category.code(), f.quantity(), nanToZero(f.remoteValue()),
                nanToZero(f.fieldValue()), f.energyKwh(), f.validFrom(), clock.instant(), by, note);
        if (!store.fieldChecks().accept(c)) {
            return Optional.empty();
        }
        if ((category == Category.REMOTE_HIGH || category == Category.REMOTE_LOW) && byAddress.containsKey(meter)) {
            double primary = f.fieldValue() * byAddress.get(meter).multiplier().doubleValue();
            store.write(List.of(new Reading(meter, checkTime, settings.quantity(), primary, "kWh", Quality.CORRECTED, Source.FIELD)));
        }
        return Optional.of(c);
    }

    static String secs(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e9);
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** The quarter's report as of {@code asOf}; {@code area} empty for every area. */
    public QuarterReport report(Quarter q, Instant asOf, String area) {
        return new ReportBuilder(settings, archive, store.fieldChecks()).build(q, asOf, area);
    }

    /** The quarter a time falls in, in the settings' zone. */
    public Quarter quarterOf(Instant t) {
        return Quarter.of(t, settings.zone());
    }
}
