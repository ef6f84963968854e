package org.headend.fieldcheck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.headend.collector.archive.Meter;
import org.headend.storage.FieldCheckStore;
import org.headend.storage.FieldResult;
import org.headend.storage.MeterTime;
import org.headend.storage.ReadingStore;
import org.headend.storage.ReadingsAround;

/**
 * Compares field checks with the archive and the remote readings: one {@link ReadingStore#around}
 * for all checks, {@link CheckRules} per check, then, only for findings whose energy depends on
 * it, the register at the last good check (its field reading, or else the oldest remote reading
 * within the look-back), so the mis-billed energy since then can be put on them.
 */
final class FieldComparison {
    private final FieldCheckSettings settings;
    private final Map<String, Meter> archive;
    private final ReadingStore store;
    private final CheckRules rules;

    FieldComparison(FieldCheckSettings settings, Map<String, Meter> archive, ReadingStore store) {
        this.settings = settings;
        this.archive = archive;
        this.store = store;
        this.rules = new CheckRules(settings);
    }

    List<CheckOutcome> compare(List<FieldResult> results) {
        List<MeterTime> probes = new ArrayList<>();
        for (FieldResult r : results) {
            if (r.meterPresent() && archive.containsKey(r.meter())) {
                probes.add(new MeterTime(r.meter(), r.checkTime()));
            }
        }
        // one answer per probe in the probes' order: the results that made a probe take them in turn
        Iterator<ReadingsAround> around = store.around(settings.quantity(), probes, settings.window()).iterator();
        List<CheckOutcome> out = new ArrayList<>(results.size());
        List<Pending> pending = new ArrayList<>();
        for (FieldResult r : results) {
            Meter m = archive.get(r.meter());
            RemoteEstimate none = new RemoteEstimate(RemoteEstimate.Mode.NONE, Double.NaN, Double.NaN, Double.NaN, null, null);
            if (m == null) {
                out.add(new CheckOutcome(r, "", none, List.of(simple(r, Category.METER_WITHOUT_RECORD,
                        "meter " + r.meter() + (r.meterSerial().isEmpty() ? "" : " serial " + r.meterSerial())
                                + " found on site has no record in the archive")), false));
                continue;
            }
            if (!r.meterPresent()) {
                out.add(new CheckOutcome(r, m.area(), none, List.of(simple(r, Category.RECORD_WITHOUT_METER,
                        "archive record " + r.meter() + (m.site().meterSerial().isEmpty() ? "" : " serial "
                                + m.site().meterSerial()) + " in area '" + m.area() + "': no meter found on site")), false));
                continue;
            }
            RemoteEstimate remote = RemoteEstimate.of(around.next(), r.checkTime(),
                    m.multiplier().doubleValue(), settings.registerResolutionKwh(), settings.fieldResolutionKwh(),
                    settings.maxRegisterKw());
            List<CheckRules.Draft> drafts = rules.evaluate(r, m, remote);
            Pending p = new Pending(r, m, remote, drafts, out.size());
            out.add(null);
            pending.add(p);
        }
        Map<Pending, Baseline> baselines = baselines(pending);
        for (Pending p : pending) {
            Baseline b = baselines.get(p);
            List<Finding> findings = new ArrayList<>(p.drafts.size());
            for (CheckRules.Draft d : p.drafts) {
                findings.add(finding(p.result, d, b));
            }
            out.set(p.index, new CheckOutcome(p.result, p.meter.area(), p.remote, findings, true));
        }
        return out;
    }

    private record Pending(FieldResult result, Meter meter, RemoteEstimate remote, List<CheckRules.Draft> drafts, int index) {
        boolean needsBaseline() {
            return drafts.stream().anyMatch(CheckRules.Draft::needsBaseline);
        }
    }

    /** The register at the last good check, and when. */
    private record Baseline(Instant time, double registerKwh, String source) {
    }

    private Finding finding(FieldResult r, CheckRules.Draft d, Baseline b) {
        double energy = d.fixedEnergyKwh();
        String evidence = d.evidence();
        Instant validFrom = r.checkTime();
        if (d.needsBaseline()) {
            if (b == null) {
                evidence += "; no earlier register found within " + settings.misbillingLookback().toDays()
                        + " days: mis-billed energy not known";
            } else {
                double advance = Math.max(0, r.registerKwh() - b.registerKwh());
                energy += d.perKwhSince() * advance;
                validFrom = b.time();
                evidence += CheckRules.fmt("; since %s (%s, register %.2f kWh) the register advanced %.2f kWh: %+.1f kWh primary %s",
                        b.time(), b.source(), b.registerKwh(), advance, energy, energy >= 0 ? "billed too little" : "billed too much");
            }
        }
        return new Finding(r.meter(), r.checkTime(), d.category(), evidence, d.factor(), energy, settings.bands().band(energy),
                d.quantity(), d.remoteValue(), d.fieldValue(), validFrom);
    }

    private Finding simple(FieldResult r, Category c, String evidence) {
        return new Finding(r.meter(), r.checkTime(), c, evidence, Double.NaN, 0, PenaltyBands.NONE, CheckRules.NONE,
                Double.NaN, Double.NaN, r.checkTime());
    }

    /** Baselines for the few checks that need one: the previous counted check, else the oldest remote reading in the look-back. */
    private Map<Pending, Baseline> baselines(List<Pending> pending) {
        List<Pending> need = pending.stream().filter(Pending::needsBaseline).toList();
        Map<Pending, Baseline> out = new HashMap<>();
        if (need.isEmpty()) {
            return out;
        }
        FieldCheckStore checks = store.fieldChecks();
        Instant earliest = need.stream().map(p -> p.result.checkTime()).min(Instant::compareTo).orElseThrow();
        Instant latest = need.stream().map(p -> p.result.checkTime()).max(Instant::compareTo).orElseThrow();
        Map<String, List<Instant>> counted = checks.counted(earliest.minus(settings.misbillingLookback()), latest);
        List<Pending> remote = new ArrayList<>();
        for (Pending p : need) {
            Instant t = p.result.checkTime();
            Instant previous = lastBefore(counted.get(p.result.meter()), t.minus(settings.misbillingLookback()), t);
            FieldResult prev = previous == null ? null : checks.result(p.result.meter(), previous).orElse(null);
            if (prev != null && prev.registerKwh() != null) {
                out.put(p, new Baseline(previous, prev.registerKwh(), "last good check"));
            } else {
                remote.add(p);
            }
        }
        List<MeterTime> probes = remote.stream()
                .map(p -> new MeterTime(p.result.meter(), p.result.checkTime().minus(settings.misbillingLookback()))).toList();
        List<ReadingsAround> first = store.around(settings.quantity(), probes, settings.misbillingLookback());
        for (int i = 0; i < remote.size(); i++) {
            ReadingsAround a = first.get(i);
            Pending p = remote.get(i);
            if (a.after() != null && a.after().time().isBefore(p.result.checkTime())) {
                out.put(p, new Baseline(a.after().time(), a.after().value() / p.meter.multiplier().doubleValue(),
                        "oldest remote reading in the look-back, no earlier good check"));
            }
        }
        return out;
    }

    /** The latest of {@code times} (oldest first) in [from, to), or null. */
    private static Instant lastBefore(List<Instant> times, Instant from, Instant to) {
        if (times == null) {
            return null;
        }
        for (int i = times.size() - 1; i >= 0; i--) {
            Instant t = times.get(i);
            if (t.isBefore(to)) {
                return t.isBefore(from) ? null : t;
            }
        }
        return null;
    }
}
