package org.headend.protocol.gw376;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * One DA/DT identifier and the units it covers, in wire order: point by point, Fn by Fn within a
 * point, both ascending (protocols.md §3.6). A frame keeps its groups as sent, so re-encoding a
 * decoded frame gives its bytes back.
 */
public record Gw376Group(Gw376DataId id, List<Gw376Unit> units) {

    public Gw376Group {
        Objects.requireNonNull(id, "id");
        units = List.copyOf(units);
        int i = 0;
        for (int pn : id.points()) {
            for (int fn : id.functions()) {
                if (i >= units.size() || units.get(i).pn() != pn || units.get(i).fn() != fn) {
                    throw new IllegalArgumentException("DA/DT " + id + " needs unit p" + pn + " F" + fn + " at position " + i
                            + ", got " + (i < units.size() ? "p" + units.get(i).pn() + " F" + units.get(i).fn() : "none"));
                }
                i++;
            }
        }
        if (i != units.size()) {
            throw new IllegalArgumentException("DA/DT " + id + " covers " + i + " units, got " + units.size());
        }
    }

    /** One unit under its own DA/DT. */
    public static Gw376Group of(Gw376Unit unit) {
        return new Gw376Group(Gw376DataId.of(unit.pn(), unit.fn()), List.of(unit));
    }

    public static Gw376Group of(int pn, int fn, Gw376Data data) {
        return of(new Gw376Unit(pn, fn, data));
    }

    /**
     * Units without data for every point and Fn given, one DA/DT per group of 8 points, the
     * compact form the standard allows: e.g. p1..p8 F129 is one identifier.
     */
    public static List<Gw376Group> requests(Collection<Integer> points, Collection<Integer> fns) {
        return requests(points, fns, (pn, fn) -> Gw376Data.NONE);
    }

    /** As {@link #requests(Collection, Collection)}, each unit carrying {@code data.apply(pn, fn)}. */
    public static List<Gw376Group> requests(Collection<Integer> points, Collection<Integer> fns,
                                            BiFunction<Integer, Integer, Gw376Data> data) {
        List<Gw376Group> out = new ArrayList<>();
        TreeMap<Integer, List<Integer>> byGroup = new TreeMap<>();
        for (int pn : new TreeSet<>(points)) {
            byGroup.computeIfAbsent(pn == 0 ? 0 : (pn - 1) / 8 + 1, g -> new ArrayList<>()).add(pn);
        }
        TreeMap<Integer, List<Integer>> fnGroups = new TreeMap<>();
        for (int fn : new TreeSet<>(fns)) {
            fnGroups.computeIfAbsent((fn - 1) / 8, g -> new ArrayList<>()).add(fn);
        }
        for (List<Integer> pns : byGroup.values()) {
            for (List<Integer> fs : fnGroups.values()) {
                Gw376DataId id = Gw376DataId.of(pns, fs);
                List<Gw376Unit> units = new ArrayList<>();
                for (int pn : id.points()) {
                    for (int fn : id.functions()) {
                        units.add(new Gw376Unit(pn, fn, data.apply(pn, fn)));
                    }
                }
                out.add(new Gw376Group(id, units));
            }
        }
        return out;
    }
}
