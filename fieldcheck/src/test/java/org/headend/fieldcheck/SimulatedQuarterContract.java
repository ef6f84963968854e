package org.headend.fieldcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.headend.collector.archive.Meter;
import org.headend.storage.FieldCorrection;
import org.headend.storage.Quality;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A simulated third quarter of 2026 (issue 7, "How it is checked"): 2,500 meters with ground truth,
 * daily remote readings from late April, injected faults, two waves of crews (July; mid-August to
 * September) whose sheets are written from the truth with field noise. The comparison must find
 * exactly the injected faults and nothing on clean meters; the due list must hold exactly the
 * meters the rules make due. Run against each real store by a subclass; the steps build on each
 * other in order, as a quarter does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SimulatedQuarterContract {
    static final Quarter Q3 = new Quarter(2026, 3);
    static final Instant NOW = Instant.parse("2026-10-05T12:00:00Z");

    SimulatedQuarter sim;
    ReadingStore store;
    FieldCheck fc;
    final Map<String, Instant> wave1 = new LinkedHashMap<>();
    final Map<String, Instant> wave2 = new LinkedHashMap<>();
    final Set<String> neverChecked = new HashSet<>();
    String wave2Sheet;

    abstract ReadingStore openStore() throws Exception;

    void closeStore() throws Exception {
        store.close();
    }

    @BeforeAll
    void simulate() throws Exception {
        store = openStore();
        sim = new SimulatedQuarter(2500, 7);
        sim.writeReadings(store);
        fc = new FieldCheck(FieldCheckSettings.defaults().withSeed(42), sim.archive, store, Clock.fixed(NOW, ZoneOffset.UTC));
        List<SimulatedQuarter.Truth> first = new ArrayList<>();
        List<SimulatedQuarter.Truth> second = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (SimulatedQuarter.Truth t : sim.meters) {
            if (!t.remote()) {
                continue;
            }
            double roll = rnd.nextDouble();
            if (t.fault() != SimulatedQuarter.Fault.NONE || roll < 0.6) {
                first.add(t);
            } else if (roll < 0.99) {
                second.add(t);
            } else {
                neverChecked.add(t.archived().address());
            }
        }
        String sheet1 = sim.sheet(first, LocalDate.of(2026, 7, 2), LocalDate.of(2026, 7, 31), 11, wave1);
        int bad = sheet1.indexOf('\n', sheet1.length() / 2) + 1;
        sheet1 = sheet1.substring(0, bad) + "12ab,2026-07-09 10:00,yes,12.00,,,,,,,,,,,,,,,,,,\n"
                + sheet1.substring(bad) + SimulatedQuarter.orphanLine();
        ImportReport r1 = fc.importResults(new StringReader(sheet1), "q3-wave1.csv");
        assertEquals(first.size() + 1, r1.added(), r1.problems()::toString);
        assertEquals(1, r1.problems().size(), r1.problems()::toString);
        assertTrue(r1.problems().get(0).reason().startsWith("meter_address: address '12ab'"), r1.problems()::toString);
        assertEquals(sheet1.substring(0, bad).chars().filter(c -> c == '\n').count() + 1, r1.problems().get(0).line());
        wave2Sheet = sim.sheet(second, LocalDate.of(2026, 8, 16), LocalDate.of(2026, 9, 29), 12, wave2);
    }

    @AfterAll
    void close() throws Exception {
        if (store != null) {
            closeStore();
        }
    }

    Set<String> expectedFindings() {
        Set<String> out = new java.util.TreeSet<>();
        for (SimulatedQuarter.Truth t : sim.meters) {
            for (Category c : t.fault().expected()) {
                out.add(t.archived().address() + " " + c.code());
            }
        }
        out.add(SimulatedQuarter.ORPHAN + " " + Category.METER_WITHOUT_RECORD.code());
        return out;
    }

    static Set<String> found(List<CheckOutcome> outcomes) {
        Set<String> out = new java.util.TreeSet<>();
        for (CheckOutcome o : outcomes) {
            for (Finding f : o.findings()) {
                out.add(f.meter() + " " + f.category().code());
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void theComparisonFindsExactlyTheInjectedFaultsAndNothingOnCleanMeters() {
        List<CheckOutcome> outcomes = fc.compare(Q3);
        assertEquals(wave1.size() + 1, outcomes.size());
        assertEquals(expectedFindings(), found(outcomes));
        long interpolated = outcomes.stream().filter(o -> o.remote().mode() == RemoteEstimate.Mode.INTERPOLATED).count();
        assertEquals(wave1.size() - 1, interpolated, "every present meter with a record is interpolated");
    }

    @Test
    @Order(2)
    void aWrongCtRatioComesWithFactorHalfAndTheEnergyMisbilledSinceTheFirstReading() {
        List<CheckOutcome> outcomes = fc.compare(Q3);
        int seen = 0;
        for (CheckOutcome o : outcomes) {
            for (Finding f : o.findings()) {
                if (f.category() != Category.CT_RATIO_DIFFERS) {
                    continue;
                }
                SimulatedQuarter.Truth t = sim.byAddress.get(f.meter());
                assertEquals(0.5, f.factor(), 1e-12);
                double firstReading = store.between(f.meter(), FieldCheckSettings.ENERGY, SimulatedQuarter.READ_FROM,
                        SimulatedQuarter.READ_FROM.plusSeconds(86_400)).get(0).value() / t.multiplier();
                double expected = (o.result().registerKwh() - firstReading) * (t.installedCt() - t.archived().ctRatio().doubleValue()) * t.vt();
                assertEquals(expected, f.energyKwh(), Math.abs(expected) * 1e-9, f.evidence());
                assertTrue(f.energyKwh() > 0, "billed too little: " + f.evidence());
                assertEquals(fc.settings().bands().band(expected), f.band());
                seen++;
            }
        }
        assertEquals(8, seen);
    }

    @Test
    @Order(3)
    void theDueListHoldsExactlyTheMetersTheRulesMakeDue() {
        Instant asOf = Instant.parse("2026-08-15T06:00:00Z");
        DueList due = fc.due(asOf);
        Map<String, Set<DueReason>> got = new TreeMap<>();
        for (DueMeter d : due.meters()) {
            got.put(d.meter().address(), EnumSet.copyOf(d.reasons()));
        }
        // zero consumption: the sample's size per group by the rates, drawn only from the zero meters
        Map<String, List<String>> zeroByGroup = new TreeMap<>();
        for (SimulatedQuarter.Truth t : sim.meters) {
            if (t.zero()) {
                String g = t.vt() > 1 ? "hv" : t.kind().equals("residential") ? "res" : "lv";
                zeroByGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(t.archived().address());
            }
        }
        Set<String> sampled = got.entrySet().stream().filter(e -> e.getValue().contains(DueReason.ZERO_CONSUMPTION))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        Map<String, Integer> expectedSizes = Map.of("hv", 5, "lv", 10, "res", 6);
        for (Map.Entry<String, List<String>> g : zeroByGroup.entrySet()) {
            long inSample = g.getValue().stream().filter(sampled::contains).count();
            assertEquals(expectedSizes.get(g.getKey()).longValue(), inSample, "sample of group " + g.getKey());
        }
        assertEquals(21, sampled.size());

        Map<String, Set<DueReason>> expected = new TreeMap<>();
        LocalDate today = LocalDate.of(2026, 8, 15);
        for (SimulatedQuarter.Truth t : sim.meters) {
            String a = t.archived().address();
            if (!t.remote()) {
                continue;
            }
            boolean counted = wave1.containsKey(a) && t.fault() != SimulatedQuarter.Fault.MISSING;
            if (!counted) {
                expected.computeIfAbsent(a, k -> EnumSet.noneOf(DueReason.class)).add(DueReason.PERIODIC);
            }
            LocalDate since = t.archived().site().remoteSince();
            if (since != null && !since.isAfter(today) && !since.isBefore(LocalDate.of(2026, 6, 1))) {
                expected.computeIfAbsent(a, k -> EnumSet.noneOf(DueReason.class)).add(DueReason.NEW_REMOTE);
            }
            if (sampled.contains(a)) {
                expected.computeIfAbsent(a, k -> EnumSet.noneOf(DueReason.class)).add(DueReason.ZERO_CONSUMPTION);
            }
        }
        assertEquals(expected, got);
        assertTrue(got.values().stream().anyMatch(r -> r.contains(DueReason.NEW_REMOTE)));

        DueList again = fc.due(asOf);
        assertEquals(due, again, "the same seed gives the same list");
        FieldCheck otherSeed = new FieldCheck(fc.settings().withSeed(43), sim.archive, store, Clock.fixed(NOW, ZoneOffset.UTC));
        Set<String> otherSample = otherSeed.due(asOf).meters().stream().filter(d -> d.reasons().contains(DueReason.ZERO_CONSUMPTION))
                .map(d -> d.meter().address()).collect(Collectors.toSet());
        assertEquals(21, otherSample.size());
        assertFalse(otherSample.equals(sampled), "another seed draws another sample");
    }

    @Test
    @Order(4)
    void theDueListIsGroupedByAreaInRouteOrderWithWhatTheCrewMustVerify() {
        DueList due = fc.due(Instant.parse("2026-08-15T06:00:00Z"));
        for (Map.Entry<String, List<DueMeter>> area : due.byArea().entrySet()) {
            List<DueMeter> stops = area.getValue();
            for (int i = 0; i < stops.size(); i++) {
                assertEquals(i + 1, stops.get(i).stop(), "stops of " + area.getKey());
            }
            double[] lat = stops.stream().mapToDouble(d -> d.meter().site().latitude()).toArray();
            double[] lon = stops.stream().mapToDouble(d -> d.meter().site().longitude()).toArray();
            int[] given = new int[lat.length];
            for (int i = 0; i < given.length; i++) {
                given[i] = i;
            }
            int[] byAddress = stops.stream().sorted(java.util.Comparator.comparing(d -> d.meter().address()))
                    .mapToInt(stops::indexOf).toArray();
            assertTrue(Route.length(given, lat, lon) < Route.length(byAddress, lat, lon) / 2,
                    "route of " + area.getKey() + " is much shorter than address order");
        }
        DueMeter first = due.meters().get(0);
        Meter m = first.meter();
        assertFalse(m.site().account().isEmpty());
        assertFalse(m.site().meterSerial().isEmpty());
        assertTrue(first.lastRemote() != null && first.lastRemote().time().isBefore(NOW));
    }

    @Test
    @Order(5)
    void reimportingASheetChangesNothingAndTheSecondWaveIsClean() throws Exception {
        ImportReport r2 = fc.importResults(new StringReader(wave2Sheet), "q3-wave2.csv");
        assertEquals(wave2.size(), r2.added(), r2.problems()::toString);
        ImportReport again = fc.importResults(new StringReader(wave2Sheet), "q3-wave2-resent.csv");
        assertEquals(0, again.added());
        assertEquals(wave2.size(), again.unchanged());
        assertTrue(again.problems().isEmpty(), again.problems()::toString);
        List<CheckOutcome> outcomes = fc.compare(Q3);
        assertEquals(wave1.size() + wave2.size() + 1, outcomes.size());
        assertEquals(expectedFindings(), found(outcomes));
    }

    @Test
    @Order(6)
    void theQuarterReportCountsRequiredCheckedOverdueAndFindingsByCategoryAndBand() {
        QuarterReport r = fc.report(Q3, NOW, "");
        long remote = sim.meters.stream().filter(SimulatedQuarter.Truth::remote).count();
        assertEquals(remote, r.total().required());
        assertEquals(neverChecked.size() + 1, r.total().overdue(), "never checked, and the record without meter");
        assertEquals(remote - neverChecked.size() - 1, r.total().checked());
        assertEquals(0, r.total().pending());
        assertEquals(Math.round((remote - neverChecked.size() - 1) * 10000.0 / remote) / 100.0, r.total().compliancePercent());
        Map<String, Integer> byCategory = new TreeMap<>();
        for (String f : expectedFindings()) {
            byCategory.merge(f.substring(f.indexOf(' ') + 1), 1, Integer::sum);
        }
        assertEquals(byCategory, new TreeMap<>(r.total().findingsByCategory()));
        assertEquals(expectedFindings().size(), r.total().findingsByBand().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(8 + 8 + 8 + 8, r.total().findings() - r.total().findingsByBand().get(PenaltyBands.NONE),
                "CT, clamp, watt-second and register findings carry energy");
        QuarterReport north = fc.report(Q3, NOW, "north");
        assertEquals(1, north.areas().size());
        assertTrue(north.meters().stream().allMatch(m -> m.area().equals("north")));
        assertTrue(north.meters().stream().filter(m -> m.state().equals("overdue")).count() == north.total().overdue());
    }

    @Test
    @Order(7)
    void rollingNinetyDaysCountsFromTheLastCheck() {
        FieldCheck rolling = new FieldCheck(fc.settings().withPeriod(Period.ROLLING_90_DAYS), sim.archive, store,
                Clock.fixed(NOW, ZoneOffset.UTC));
        LocalDate today = LocalDate.of(2026, 10, 20);
        Set<String> periodic = rolling.due(Instant.parse("2026-10-20T08:00:00Z")).meters().stream()
                .filter(d -> d.reasons().contains(DueReason.PERIODIC)).map(d -> d.meter().address()).collect(Collectors.toSet());
        Set<String> expected = new HashSet<>();
        for (SimulatedQuarter.Truth t : sim.meters) {
            String a = t.archived().address();
            if (!t.remote()) {
                continue;
            }
            Instant last = t.fault() == SimulatedQuarter.Fault.MISSING ? null : wave2.getOrDefault(a, wave1.get(a));
            if (last == null || !LocalDate.ofInstant(last, ZoneOffset.UTC).plusDays(90).isAfter(today)) {
                expected.add(a);
            }
        }
        assertEquals(expected, periodic);
        assertTrue(expected.size() > neverChecked.size() + 1, "some July checks are 90 days old by then");
    }

    @Test
    @Order(8)
    void anAcceptedMismatchRecordsACorrectionReportsSeeAndKeepsTheRemoteReadings() {
        CheckOutcome offset = fc.compare(Q3).stream()
                .filter(o -> o.findings().stream().anyMatch(f -> f.category() == Category.REMOTE_HIGH)).findFirst().orElseThrow();
        String meter = offset.result().meter();
        Instant t = offset.result().checkTime();
        long before = store.count();
        List<Reading> remoteBefore = store.between(meter, FieldCheckSettings.ENERGY, t.minusSeconds(2 * 86_400), t.plusSeconds(2 * 86_400));
        FieldCorrection c = fc.accept(meter, t, Category.REMOTE_HIGH, "auditor 7", "remote register 50 kWh high").orElseThrow();
        assertEquals(offset.result().registerKwh(), c.fieldValue());
        assertTrue(c.remoteValue() - c.fieldValue() > SimulatedQuarter.OFFSET_KWH - 20);
        assertTrue(fc.accept(meter, t, Category.REMOTE_HIGH, "auditor 7", "again").isEmpty(), "accepted once only");
        assertEquals(before + 1, store.count());
        List<Reading> after = store.between(meter, FieldCheckSettings.ENERGY, t.minusSeconds(2 * 86_400), t.plusSeconds(2 * 86_400));
        List<Reading> remoteAfter = after.stream().filter(r -> r.source() != Source.FIELD).toList();
        assertEquals(remoteBefore, remoteAfter, "remote readings are kept as read");
        Reading corrected = after.stream().filter(r -> r.source() == Source.FIELD).findFirst().orElseThrow();
        assertEquals(Quality.CORRECTED, corrected.quality());
        assertEquals(t, corrected.time());

        String ctMeter = sim.meters.stream().filter(m -> m.fault() == SimulatedQuarter.Fault.WRONG_CT).findFirst().orElseThrow()
                .archived().address();
        Instant ctTime = wave1.get(ctMeter);
        FieldCorrection ct = fc.accept(ctMeter, ctTime, Category.CT_RATIO_DIFFERS, "auditor 7", "nameplate 150/5").orElseThrow();
        assertEquals(CheckRules.MULTIPLIER, ct.quantity());
        assertEquals(2 * ct.remoteValue(), ct.fieldValue(), 1e-9);

        QuarterReport r = fc.report(Q3, NOW, "");
        assertEquals(2, r.total().corrections());
        assertEquals(c.energyKwh() + ct.energyKwh(), r.total().correctedKwh(), 1e-6);
        // compared again: the accepted findings stay as history, the corrected register now agrees
        Set<String> foundNow = found(fc.compare(Q3));
        assertFalse(foundNow.contains(meter + " remote_high"), "the field reading prevails in later comparisons");
        assertEquals(expectedFindings().size(), fc.report(Q3, NOW, "").total().findings(), "accepted findings are kept");
    }
}
