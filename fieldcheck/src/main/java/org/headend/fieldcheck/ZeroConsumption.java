package org.headend.fieldcheck;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.headend.collector.archive.Meter;
import org.headend.storage.MeterTime;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.ReadingsAround;

/**
 * Meters whose register did not move over the last complete billing cycles, and the reproducible
 * sample of them that must be checked. A register only goes forward, so the same value at the
 * first and the last cycle start means no consumption in each cycle between; only those candidates
 * are then read at the cycle starts between, for the evidence and to catch a register that went
 * back and forth.
 */
final class ZeroConsumption {
    private final FieldCheckSettings s;
    private final ReadingStore store;

    ZeroConsumption(FieldCheckSettings settings, ReadingStore store) {
        this.s = settings;
        this.store = store;
    }

    /** Adds the zero-consumption meters to {@code out}; returns the evidence per address. */
    Map<String, String> find(List<Meter> meters, YearMonth current, List<Meter> out) {
        int n = s.zeroCycles();
        Instant[] starts = new Instant[n + 1];
        for (int i = 0; i <= n; i++) {
            starts[i] = current.minusMonths(n - i).atDay(1).atStartOfDay(s.zone()).toInstant();
        }
        List<Meter> ends = candidates(meters, starts[0], starts[n]);
        Map<String, String> evidence = new HashMap<>();
        List<MeterTime> probes = new ArrayList<>();
        for (Meter m : ends) {
            for (Instant t : starts) {
                probes.add(new MeterTime(m.address(), t));
            }
        }
        List<ReadingsAround> all = store.around(s.quantity(), probes, s.window());
        for (int k = 0; k < ends.size(); k++) {
            Meter m = ends.get(k);
            double first = all.get(k * (n + 1)).before().value();
            boolean zero = true;
            for (int i = 1; i <= n; i++) {
                ReadingsAround a = all.get(k * (n + 1) + i);
                zero &= a.before() != null && Math.abs(a.before().value() - first) / m.multiplier().doubleValue()
                        < s.registerResolutionKwh() / 2;
            }
            if (zero) {
                out.add(m);
                evidence.put(m.address(), String.format(Locale.ROOT, "register %.2f kWh unchanged at the start of %s .. %s",
                        first / m.multiplier().doubleValue(), YearMonth.from(starts[0].atZone(s.zone())),
                        YearMonth.from(starts[n].atZone(s.zone()))));
            }
        }
        return evidence;
    }

    /**
     * Meters with a reading at or before both ends and the same register at both: two passes over
     * the readings of each end's window (every meter at once) rather than two seeks per meter.
     */
    private List<Meter> candidates(List<Meter> meters, Instant first, Instant last) {
        Map<String, Reading> atFirst = byMeter(store.newestAtOrBefore(s.quantity(), first, s.window()));
        Map<String, Reading> atLast = byMeter(store.newestAtOrBefore(s.quantity(), last, s.window()));
        List<Meter> out = new ArrayList<>();
        for (Meter m : meters) {
            Reading a = atFirst.get(m.address());
            Reading b = atLast.get(m.address());
            if (a != null && b != null
                    && Math.abs(b.value() - a.value()) / m.multiplier().doubleValue() < s.registerResolutionKwh() / 2) {
                out.add(m);
            }
        }
        return out;
    }

    private static Map<String, Reading> byMeter(List<Reading> readings) {
        Map<String, Reading> out = new HashMap<>(readings.size() * 2);
        for (Reading r : readings) {
            out.put(r.meter(), r);
        }
        return out;
    }

    /** The sampling group of a meter: its share of the zero-consumption meters to check. */
    static String group(FieldCheckSettings s, Meter m) {
        double kv = m.site().voltageKv().orElse(0.4);
        if (kv >= s.highVoltageKv()) {
            return "high_voltage";
        }
        return m.customerClass().equalsIgnoreCase("residential") ? "residential" : "non_residential";
    }

    static double rate(FieldCheckSettings s, String group) {
        return switch (group) {
            case "high_voltage" -> s.sampleHighVoltage();
            case "residential" -> s.sampleResidential();
            default -> s.sampleNonResidential();
        };
    }

    /** Per group, ceil(rate x n) meters, those with the smallest hash of (seed, address). */
    static List<Meter> sample(FieldCheckSettings s, List<Meter> candidates) {
        Map<String, List<Meter>> groups = new LinkedHashMap<>();
        for (Meter m : candidates) {
            groups.computeIfAbsent(group(s, m), k -> new ArrayList<>()).add(m);
        }
        List<Meter> out = new ArrayList<>();
        for (Map.Entry<String, List<Meter>> g : groups.entrySet()) {
            List<Meter> in = new ArrayList<>(g.getValue());
            in.sort(Comparator.comparingLong((Meter m) -> draw(s.seed(), m.address())).thenComparing(Meter::address));
            int take = (int) Math.ceil(rate(s, g.getKey()) * in.size() - 1e-9);
            out.addAll(in.subList(0, take));
        }
        return out;
    }

    /** SplitMix64 finaliser over the seed and the address: stable across runs and JVMs. */
    static long draw(long seed, String address) {
        long z = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < address.length(); i++) {
            z = (z ^ address.charAt(i)) * 0xBF58476D1CE4E5B9L;
            z ^= z >>> 31;
        }
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
