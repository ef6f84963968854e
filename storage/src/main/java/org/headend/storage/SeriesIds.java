package org.headend.storage;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The small integer each (meter, quantity) series is stored under, cached. An id enters the cache
 * only after the transaction that created it committed ({@link #publish}); a rolled-back id would
 * otherwise be reused for readings of a series that does not exist. Used under the store's write lock.
 * Grows with the number of series (about 100 bytes each: 40 MB for 400,000).
 */
final class SeriesIds {
    /** Finds or creates the ids of {@code missing}, inside the write's transaction. */
    interface Lookup {
        Map<Batch.SeriesKey, Long> findOrCreate(Set<Batch.SeriesKey> missing) throws SQLException;
    }

    private final Map<Batch.SeriesKey, Long> committed = new ConcurrentHashMap<>();

    /**
     * The series id of each row, in order; ids new to the cache are put in {@code fresh}, to be
     * {@linkplain #publish published} after the commit.
     */
    long[] resolve(List<Reading> rows, Lookup lookup, Map<Batch.SeriesKey, Long> fresh) throws SQLException {
        Set<Batch.SeriesKey> missing = new LinkedHashSet<>();
        for (Reading r : rows) {
            Batch.SeriesKey k = new Batch.SeriesKey(r.meter(), r.quantity());
            if (!committed.containsKey(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            fresh.putAll(lookup.findOrCreate(missing));
        }
        long[] ids = new long[rows.size()];
        for (int i = 0; i < ids.length; i++) {
            Reading r = rows.get(i);
            Batch.SeriesKey k = new Batch.SeriesKey(r.meter(), r.quantity());
            Long id = committed.get(k);
            if (id == null) {
                id = fresh.get(k);
            }
            if (id == null) {
                throw new IllegalStateException("no series id for meter " + r.meter() + " quantity " + r.quantity());
            }
            ids[i] = id;
        }
        return ids;
    }

    void publish(Map<Batch.SeriesKey, Long> fresh) {
        committed.putAll(fresh);
    }

    static Map<Batch.SeriesKey, Long> newMap() {
        return new HashMap<>();
    }
}
