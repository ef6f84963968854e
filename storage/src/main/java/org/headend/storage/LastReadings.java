package org.headend.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The last reading of each meter, per quantity, in memory, for the embedded store's
 * {@code lastPerMeter}. The readings table stays the truth (the newest row of each series, one
 * seek in its (series, time) index); this copy exists because finding and reading 100,000 of them
 * costs 150-450 ms (the seeks about 150, the SQLite JDBC driver's per-column native calls the
 * rest; docs/performance.md). A quantity is loaded from the database at its first request, then
 * kept current by each committed write.
 *
 * <p>Safe only because this process is the file's one writer. The caller must hold the write lock
 * around {@link #load} and {@link #committed}, so no commit falls between a load's snapshot and
 * its publication.
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

    /** A write committed these readings: each moves its meter's kept one forward if newer. */
    void committed(Collection<Reading> written) {
        for (Reading r : written) {
            ConcurrentSkipListMap<String, Reading> m = byQuantity.get(r.quantity());
            if (m != null) {
                m.merge(r.meter(), r, (kept, fresh) -> fresh.time().isAfter(kept.time()) ? fresh : kept);
            }
        }
    }
}
