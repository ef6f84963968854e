package org.headend.fieldcheck;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The meters due for an on-site check as of a time, grouped by area (areas in name order) and,
 * within an area, in route order.
 *
 * @param asOf      when the list was made for
 * @param period    how the periodic rule was counted
 * @param seed      the zero-consumption sample's seed
 * @param meters    the due meters, by area then stop
 */
public record DueList(Instant asOf, Period period, long seed, List<DueMeter> meters) {
    public DueList {
        meters = List.copyOf(meters);
    }

    public Map<String, List<DueMeter>> byArea() {
        return meters.stream().collect(Collectors.groupingBy(d -> d.meter().area(), LinkedHashMap::new, Collectors.toList()));
    }
}
