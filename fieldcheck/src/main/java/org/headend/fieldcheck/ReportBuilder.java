package org.headend.fieldcheck;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.headend.collector.archive.Meter;
import org.headend.storage.FieldCheckStore;
import org.headend.storage.FieldCorrection;
import org.headend.storage.FieldFinding;

/** Builds a {@link QuarterReport} from the archive and the stored checks, findings and corrections. */
final class ReportBuilder {
    static final String NO_RECORD_AREA = "(no record)";

    private final FieldCheckSettings s;
    private final List<Meter> archive;
    private final FieldCheckStore checks;

    ReportBuilder(FieldCheckSettings settings, List<Meter> archive, FieldCheckStore checks) {
        this.s = settings;
        this.archive = archive;
        this.checks = checks;
    }

    QuarterReport build(Quarter q, Instant asOf, String area) {
        Instant start = q.start(s.zone());
        Instant end = q.end(s.zone());
        boolean over = !asOf.isBefore(end);
        Map<String, List<Instant>> counted = checks.counted(start, end);
        Map<String, List<Instant>> recent = over ? Map.of() : checks.counted(q.previous().start(s.zone()), asOf.plusMillis(1));
        Map<String, Instant> last = s.period() == Period.ROLLING_90_DAYS && !over ? checks.lastCounted(asOf) : Map.of();
        Map<String, List<FieldFinding>> findings = new HashMap<>();
        for (FieldFinding f : checks.findings(start, end)) {
            findings.computeIfAbsent(f.meter(), k -> new ArrayList<>()).add(f);
        }
        Map<String, List<FieldCorrection>> corrections = new HashMap<>();
        for (FieldCorrection c : checks.corrections(start, end)) {
            corrections.computeIfAbsent(c.meter(), k -> new ArrayList<>()).add(c);
        }
        Map<String, Tally> areas = new TreeMap<>();
        List<QuarterReport.MeterRow> rows = new ArrayList<>();
        Map<String, Meter> known = new HashMap<>();
        for (Meter m : archive) {
            known.put(m.address(), m);
            if (!m.site().readingMethod().isRemote() || !(area.isEmpty() || area.equals(m.area()))) {
                continue;
            }
            List<Instant> times = counted.getOrDefault(m.address(), List.of());
            String state = times.isEmpty() ? overdue(m.address(), over, recent, last, asOf) ? "overdue" : "pending" : "checked";
            areas.computeIfAbsent(m.area(), Tally::new).meter(state);
            List<FieldFinding> fs = findings.getOrDefault(m.address(), List.of());
            if (!state.equals("checked") || !times.isEmpty() || !fs.isEmpty()) {
                rows.add(new QuarterReport.MeterRow(m.address(), m.area(), true, state, times, findingRows(fs)));
            }
        }
        for (Map.Entry<String, List<FieldFinding>> e : findings.entrySet()) {
            Meter m = known.get(e.getKey());
            String a = m == null ? NO_RECORD_AREA : m.area();
            if (!(area.isEmpty() || area.equals(a))) {
                continue;
            }
            Tally t = areas.computeIfAbsent(a, Tally::new);
            e.getValue().forEach(t::finding);
            corrections.getOrDefault(e.getKey(), List.of()).forEach(t::correction);
            if (m == null || !m.site().readingMethod().isRemote()) {
                rows.add(new QuarterReport.MeterRow(e.getKey(), a, false, m == null ? "no_record" : "not_required",
                        counted.getOrDefault(e.getKey(), List.of()), findingRows(e.getValue())));
            }
        }
        rows.sort(java.util.Comparator.comparing(QuarterReport.MeterRow::area).thenComparing(QuarterReport.MeterRow::meter));
        Tally total = new Tally("");
        List<QuarterReport.AreaRow> areaRows = new ArrayList<>();
        for (Tally t : areas.values()) {
            areaRows.add(t.row());
            total.add(t);
        }
        return new QuarterReport(q, asOf, s.period(), area, areaRows, total.row(), rows);
    }

    private boolean overdue(String meter, boolean over, Map<String, List<Instant>> recent, Map<String, Instant> last, Instant asOf) {
        if (over) {
            return true;
        }
        if (s.period() == Period.ROLLING_90_DAYS) {
            Instant l = last.get(meter);
            return l == null || !l.plus(DuePlanner.ROLLING_DAYS, ChronoUnit.DAYS).isAfter(asOf);
        }
        return !recent.containsKey(meter);
    }

    private static List<QuarterReport.FindingRow> findingRows(List<FieldFinding> fs) {
        List<QuarterReport.FindingRow> out = new ArrayList<>(fs.size());
        for (FieldFinding f : fs) {
            out.add(new QuarterReport.FindingRow(f.checkTime(), f.category(), f.band(), f.energyKwh(), f.isAccepted(), f.evidence()));
        }
        return out;
    }

    /** Counts of one area. */
    private final class Tally {
        final String area;
        int required;
        int checked;
        int overdue;
        int findings;
        double energy;
        int corrections;
        double corrected;
        final Map<String, Integer> byCategory = new TreeMap<>();
        final Map<String, Integer> byBand = new LinkedHashMap<>();

        Tally(String area) {
            this.area = area;
            for (String b : s.bands().labels()) {
                byBand.put(b, 0);
            }
        }

        void meter(String state) {
            required++;
            checked += state.equals("checked") ? 1 : 0;
            overdue += state.equals("overdue") ? 1 : 0;
        }

        void finding(FieldFinding f) {
            findings++;
            byCategory.merge(f.category(), 1, Integer::sum);
            byBand.merge(f.band(), 1, Integer::sum);
            energy += Math.abs(f.energyKwh());
        }

        void correction(FieldCorrection c) {
            corrections++;
            corrected += c.energyKwh();
        }

        void add(Tally t) {
            required += t.required;
            checked += t.checked;
            overdue += t.overdue;
            findings += t.findings;
            energy += t.energy;
            corrections += t.corrections;
            corrected += t.corrected;
            t.byCategory.forEach((k, v) -> byCategory.merge(k, v, Integer::sum));
            t.byBand.forEach((k, v) -> byBand.merge(k, v, Integer::sum));
        }

        QuarterReport.AreaRow row() {
            double compliance = required == 0 ? 100.0 : Math.round(checked * 10000.0 / required) / 100.0;
            return new QuarterReport.AreaRow(area, required, checked, overdue, required - checked - overdue, compliance,
                    byCategory, byBand, findings, energy, corrections, corrected);
        }
    }
}
