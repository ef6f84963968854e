package org.headend.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The last reading of each meter, per quantity, in memory, for {@code lastPerMeter}: the
 * embedded store keeps it current from its own commits, PostgreSQL's {@link FollowedLastReadings}
 * from the database's changes. The database's {@code series.last_*} stays the truth; this copy exists
 * because reading 100,000 rows costs far more than the SQL (SQLite: ~80-200 ms of per-column
 * native calls against ~20 ms; PostgreSQL: output and transfer, docs/performance.md).
 *
 * <p>{@link #load} and {@link #committed} are the embedded store's, safe only because its process
 * is the file's one writer: the caller must hold the write lock around them, so no commit falls
 * between a load's snapshot and its publication.
 */
final class LastReadings {
    private final Map<String, ConcurrentSkipListMap<String, Reading>> byQuantity = new ConcurrentHashMap<>();

    /** The kept readings of {@code quantity} ordered by meter, or null if it was never loaded. */
    List<Reading> get(String quantity) {
        ConcurrentSkipListMap<String, Reading> m = byQuantity.get(quantity);
        return m == null ? null : new ArrayList<>(m.values());
    }

    /** Keeps {@code readings} (read from the database, one per meter) for {@code quantity}. */
    void load(String quantity, List<Reading> readings) {
        ConcurrentSkipListMap<String, Reading> m = new ConcurrentSkipListMap<>();
        for (Reading r : readings) {
            m.put(r.meter(), r);
        }
        byQuantity.put(quantity, m);
    }

    /**
     * Merges {@code readings} (read from the database) into the kept ones of {@code quantity},
     * starting an empty copy if there was none; a kept reading newer than the one read stays.
     */
    void merge(String quantity, List<Reading> readings) {
        ConcurrentSkipListMap<String, Reading> m = byQuantity.computeIfAbsent(quantity, q -> new ConcurrentSkipListMap<>());
        for (Reading r : readings) {
            m.merge(r.meter(), r, LastReadings::newer);
        }
    }

    /** A write committed: its newest reading per series moves the kept one forward if newer. */
    void committed(Collection<Reading> newest) {
        for (Reading r : newest) {
            ConcurrentSkipListMap<String, Reading> m = byQuantity.get(r.quantity());
            if (m != null) {
                m.merge(r.meter(), r, LastReadings::newer);
            }
        }
    }

    private static Reading newer(Reading kept, Reading fresh) {
        return fresh.time().isAfter(kept.time()) ? fresh : kept;
    }
}
