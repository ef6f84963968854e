package org.headend.collector.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.headend.collector.archive.MeterProtocol;
import org.headend.protocol.dlt645.DataItem;
import org.headend.protocol.dlt645.Dlt645Catalogue;

/**
 * What is read from every meter, and how often.
 *
 * @param interval time between two reads of one meter
 * @param reads    per protocol, the data identifiers read each interval, as printed hex
 *                 (8 digits for 2007, 4 for 1997, protocols.md §1.6, §2); a protocol left out of
 *                 a config file keeps its default list
 */
public record Schedule(Duration interval, Map<MeterProtocol, List<String>> reads) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);

    /**
     * Forward active energy total, plus the voltage and current blocks and total active power,
     * read as blocks so one exchange carries three values (protocols.md §5).
     */
    public static final List<String> DEFAULT_READS_2007 = List.of("00010000", "0201FF00", "0202FF00", "02030000");
    /** Forward active energy total; the 1997 catalogue has no voltage or current block yet. */
    public static final List<String> DEFAULT_READS_1997 = List.of("9010");

    public static final Schedule DEFAULTS = new Schedule(DEFAULT_INTERVAL, defaultReads());

    public Schedule {
        Objects.requireNonNull(interval, "interval");
        EnumMap<MeterProtocol, List<String>> copy = new EnumMap<>(MeterProtocol.class);
        reads.forEach((p, ids) -> copy.put(Objects.requireNonNull(p, "protocol"),
                ids.stream().map(id -> id.strip().toUpperCase(Locale.ROOT)).toList()));
        reads = Collections.unmodifiableMap(copy);
    }

    static Map<MeterProtocol, List<String>> defaultReads() {
        return Map.of(MeterProtocol.DLT645_2007, DEFAULT_READS_2007, MeterProtocol.DLT645_1997, DEFAULT_READS_1997);
    }

    /**
     * The catalogue items to read from meters speaking {@code protocol}, in order.
     *
     * @throws IllegalArgumentException when an identifier is not in the catalogue ({@link CollectorConfig#validate()} rules this out)
     */
    public List<DataItem> items(MeterProtocol protocol) {
        List<DataItem> out = new ArrayList<>();
        for (String id : reads.getOrDefault(protocol, List.of())) {
            out.add(Dlt645Catalogue.standard().require(protocol.edition(), Long.parseLong(id, 16)));
        }
        return out;
    }

    void check(Problems problems) {
        problems.range("schedule.interval", interval, Duration.ofSeconds(1), Duration.ofDays(1));
        for (MeterProtocol p : reads.keySet()) {
            if (p.isModbus()) {
                problems.add("schedule.reads." + p.code() + " cannot be set: a Modbus meter reads what its register map"
                        + " lists (archive column register_map)");
            }
        }
        for (MeterProtocol p : MeterProtocol.dlt645()) {
            String key = "schedule.reads." + p.code();
            List<String> ids = reads.get(p);
            if (ids == null || ids.isEmpty()) {
                problems.add(key + " is empty but must name at least one data identifier");
                continue;
            }
            int digits = 2 * p.edition().dataIdLength();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                String where = key + "[" + i + "]";
                if (!id.matches("[0-9A-F]{" + digits + "}")) {
                    problems.add(where + " was '" + id + "' but must be " + digits + " hex digits");
                } else if (Dlt645Catalogue.standard().find(p.edition(), Long.parseLong(id, 16)).isEmpty()) {
                    problems.add(where + " was '" + id + "' but is not in the " + p.code() + " data-identifier catalogue");
                } else if (ids.indexOf(id) != i) {
                    problems.add(where + " was '" + id + "' but is already listed at [" + ids.indexOf(id) + "]");
                }
            }
        }
    }
}
