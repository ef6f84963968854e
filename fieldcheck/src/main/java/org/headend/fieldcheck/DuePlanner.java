package org.headend.fieldcheck;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.headend.collector.archive.Meter;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is due for an on-site check as of a time (issue 7, "Who is due"); billing cycles start on the
 * settings' billing day of each month ({@link BillingCycle}; day 1: calendar months) in their zone.
 * <ul>
 *   <li>Periodic: every remote- or concentrator-read meter without an accepted check in the current
 *   calendar quarter (due by its last day), or, rolling, whose last accepted check is 90 days old or
 *   more (due 90 days after it; never checked: due now).</li>
 *   <li>New remote: a meter in billing cycle 1..{@code remoteCycles} since the cycle it was switched to
 *   remote reading in, without an accepted check in this cycle since the switch.</li>
 *   <li>Zero consumption: the register unchanged over the last {@code zeroCycles} complete cycles
 *   (read at each cycle start, the newest reading at or before it within the window), not checked
 *   in this cycle, and drawn in the sample: 10 kV and above all, other non-residential 80 %,
 *   residential 20 % (rounded up), drawn by a hash of the seed and the address, so the same seed
 *   gives the same sample.</li>
 * </ul>
 */
final class DuePlanner {
    private static final Logger LOG = LoggerFactory.getLogger(DuePlanner.class);
    static final int ROLLING_DAYS = 90;

    private final FieldCheckSettings s;
    private final ReadingStore store;

    DuePlanner(FieldCheckSettings settings, ReadingStore store) {
        this.s = settings;
        this.store = store;
    }

    DueList plan(List<Meter> archive, Instant asOf, Map<String, Instant> lastCounted) {
        ZoneId zone = s.zone();
        LocalDate today = LocalDate.ofInstant(asOf, zone);
        BillingCycle cycle = s.cycleOf(today);
        Instant cycleStart = cycle.startsAt(zone);
        List<Meter> remote = archive.stream().filter(m -> m.site().readingMethod().isRemote()).toList();
        Map<String, Entry> due = new HashMap<>();
        for (Meter m : remote) {
            Instant last = lastCounted.get(m.address());
            periodic(m, last, asOf, today, due);
            newRemote(m, last, today, due);
        }
        long t0 = System.nanoTime();
        zeroConsumption(remote, lastCounted, cycle, cycleStart, due);
        long t1 = System.nanoTime();
        Map<String, Reading> lastRemote = new HashMap<>();
        if (!due.isEmpty()) {
            for (Reading r : store.lastPerMeter(s.quantity())) {
                if (due.containsKey(r.meter())) {
                    lastRemote.put(r.meter(), r);
                }
            }
        }
        List<DueMeter> out = new ArrayList<>(due.size());
        for (Meter m : remote) {
            Entry e = due.get(m.address());
            if (e != null) {
                out.add(new DueMeter(m, List.copyOf(e.reasons), e.dueBy, String.join("; ", e.detail),
                        lastCounted.get(m.address()), lastRemote.get(m.address()), 0));
            }
        }
        long t2 = System.nanoTime();
        List<DueMeter> routed = routed(out);
        // at a large site this takes seconds: say where they went
        LOG.info("due list as of {}: {} of {} remote-read meters due (zero-consumption rule {} s, last remote readings {} s,"
                + " routes {} s)", asOf, routed.size(), remote.size(), FieldCheck.secs(t1 - t0), FieldCheck.secs(t2 - t1),
                FieldCheck.secs(System.nanoTime() - t2));
        return new DueList(asOf, s.period(), s.seed(), routed);
    }

    private static final class Entry {
        final Set<DueReason> reasons = EnumSet.noneOf(DueReason.class);
        final List<String> detail = new ArrayList<>();
        LocalDate dueBy;

        void add(DueReason r, LocalDate by, String why) {
            reasons.add(r);
            detail.add(why);
            dueBy = dueBy == null || by.isBefore(dueBy) ? by : dueBy;
        }
    }

    private void periodic(Meter m, Instant last, Instant asOf, LocalDate today, Map<String, Entry> due) {
        if (s.period() == Period.CALENDAR_QUARTER) {
            Quarter q = Quarter.of(today);
            if (last == null || last.isBefore(q.start(s.zone()))) {
                due.computeIfAbsent(m.address(), k -> new Entry()).add(DueReason.PERIODIC, q.endDay().minusDays(1),
                        last == null ? "never checked" : "not checked in " + q + " (last " + last + ")");
            }
            return;
        }
        LocalDate by = last == null ? today : LocalDate.ofInstant(last, s.zone()).plusDays(ROLLING_DAYS);
        if (!by.isAfter(today)) {
            due.computeIfAbsent(m.address(), k -> new Entry()).add(DueReason.PERIODIC, by,
                    last == null ? "never checked" : "last check " + last + " is " + ROLLING_DAYS + "+ days old");
        }
    }

    private void newRemote(Meter m, Instant last, LocalDate today, Map<String, Entry> due) {
        LocalDate since = m.site().remoteSince();
        BillingCycle cycle = s.cycleOf(today);
        if (since == null || s.remoteCycles() == 0 || since.isAfter(today)) {
            return;
        }
        long n = cycle.since(s.cycleOf(since)) + 1;
        if (n < 1 || n > s.remoteCycles()) {
            return;
        }
        LocalDate from = n == 1 ? since : cycle.start();
        if (last == null || last.isBefore(from.atStartOfDay(s.zone()).toInstant())) {
            due.computeIfAbsent(m.address(), k -> new Entry()).add(DueReason.NEW_REMOTE, cycle.lastDay(),
                    "billing cycle " + n + " of " + s.remoteCycles() + " since remote reading began " + since);
        }
    }

    private void zeroConsumption(List<Meter> remote, Map<String, Instant> lastCounted, BillingCycle cycle, Instant cycleStart,
                                 Map<String, Entry> due) {
        ZeroConsumption zero = new ZeroConsumption(s, store);
        List<Meter> candidates = new ArrayList<>();
        Map<String, String> evidence = zero.find(remote, cycle, candidates);
        for (Meter m : ZeroConsumption.sample(s, candidates)) {
            Instant last = lastCounted.get(m.address());
            if (last == null || last.isBefore(cycleStart)) {
                due.computeIfAbsent(m.address(), k -> new Entry()).add(DueReason.ZERO_CONSUMPTION, cycle.lastDay(),
                        evidence.get(m.address()));
            }
        }
    }

    /** Area by area (in name order), route order where coordinates are known, then the rest by address. */
    private static List<DueMeter> routed(List<DueMeter> due) {
        Map<String, List<DueMeter>> byArea = new java.util.TreeMap<>();
        for (DueMeter d : due) {
            byArea.computeIfAbsent(d.meter().area(), k -> new ArrayList<>()).add(d);
        }
        // areas are independent and 2-opt is quadratic per area: one per core (the order stays the areas')
        List<DueMeter> out = new ArrayList<>(due.size());
        byArea.values().parallelStream().map(DuePlanner::routedArea).toList().forEach(out::addAll);
        return out;
    }

    /** One area's meters in route order, those without coordinates last, numbered from 1. */
    private static List<DueMeter> routedArea(List<DueMeter> area) {
        area.sort(Comparator.comparing(d -> d.meter().address()));
        List<DueMeter> placed = area.stream().filter(d -> d.meter().site().hasCoordinates()).toList();
        double[] lat = new double[placed.size()];
        double[] lon = new double[placed.size()];
        for (int i = 0; i < lat.length; i++) {
            lat[i] = placed.get(i).meter().site().latitude();
            lon[i] = placed.get(i).meter().site().longitude();
        }
        List<DueMeter> out = new ArrayList<>(area.size());
        int stop = 1;
        for (int i : Route.order(lat, lon)) {
            out.add(placed.get(i).withStop(stop++));
        }
        for (DueMeter d : area) {
            if (!d.meter().site().hasCoordinates()) {
                out.add(d.withStop(stop++));
            }
        }
        return out;
    }
}
