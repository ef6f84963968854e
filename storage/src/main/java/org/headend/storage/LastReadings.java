package org.headend.storage;

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
    private final Map<String, Kept> byQuantity = new ConcurrentHashMap<>();

    /**
     * One quantity's readings: as loaded (ordered by meter) until the first commit needs them in a
     * map. A one-shot tool asks once; building a 100,000-entry skip list took 170 ms of a cold
     * JVM's only call (30 ms warm).
     */
    private static final class Kept {
        final List<Reading> loaded;
        volatile ConcurrentSkipListMap<String, Reading> byMeter;

        Kept(List<Reading> loaded) {
            this.loaded = loaded;
        }

        ConcurrentSkipListMap<String, Reading> map() {
            ConcurrentSkipListMap<String, Reading> m = byMeter;
            if (m == null) {
                m = new ConcurrentSkipListMap<>();
                for (Reading r : loaded) {
                    m.put(r.meter(), r);
                }
                byMeter = m;
            }
            return m;
        }
    }

    /** The kept readings of {@code quantity} ordered by meter, or null if it was never loaded. */
    List<Reading> get(String quantity) {
        Kept k = byQuantity.get(quantity);
        if (k == null) {
            return null;
        }
        ConcurrentSkipListMap<String, Reading> m = k.byMeter;
        return m == null ? k.loaded : List.copyOf(m.values());
    }

    /** Keeps {@code readings} (read from the database, one per meter, ordered by meter) for {@code quantity}. */
    void load(String quantity, List<Reading> readings) {
        byQuantity.put(quantity, new Kept(List.copyOf(readings)));
    }

    /** A write committed these readings: each moves its meter's kept one forward if newer. */
    void committed(Collection<Reading> written) {
        for (Reading r : written) {
            Kept k = byQuantity.get(r.quantity());
            if (k != null) {
                k.map().merge(r.meter(), r, (kept, fresh) -> fresh.time().isAfter(kept.time()) ? fresh : kept);
            }
        }
    }
}
