package org.headend.storage;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every store does to a batch before it writes: times cut to the millisecond (the stored
 * precision of both stores), and a key repeated inside the batch kept once, first one wins, as a
 * stored key wins over a rewrite.
 */
final class Batch {
    private Batch() {
    }

    /** Series key: meter and quantity. */
    record SeriesKey(String meter, String quantity) {
    }

    private record ReadingKey(long timeMillis, String meter, String quantity) {
    }

    static List<Reading> normalized(List<Reading> batch) {
        Map<ReadingKey, Reading> firstByKey = new LinkedHashMap<>(batch.size() * 2);
        boolean cutAny = false;
        for (Reading r : batch) {
            Reading cut = r;
            if (r.time().getNano() % 1_000_000 != 0) {
                cut = new Reading(r.meter(), r.time().truncatedTo(ChronoUnit.MILLIS), r.quantity(), r.value(),
                        r.unit(), r.quality(), r.source());
                cutAny = true;
            }
            firstByKey.putIfAbsent(new ReadingKey(cut.time().toEpochMilli(), cut.meter(), cut.quantity()), cut);
        }
        return !cutAny && firstByKey.size() == batch.size() ? batch : new ArrayList<>(firstByKey.values());
    }
}
