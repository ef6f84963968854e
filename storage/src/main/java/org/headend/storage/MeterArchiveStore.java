package org.headend.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The meter archive kept beside the readings, with its history (schema V6). Obtained from
 * {@link ReadingStore#archive()}; shares the store's database and lifetime. Every method runs in one
 * transaction; failures are {@link StoreException}s.
 */
public interface MeterArchiveStore {

    /**
     * Brings the stored archive in line with {@code meters} as of {@code at}: a meter not stored yet
     * gets its first version, a changed one a new version (the previous closed at {@code at}), an
     * unchanged one nothing, so syncing the same archive again changes nothing. With
     * {@code retireMissing} (the archive given is the whole site's), a stored meter not among them
     * gets a version with status {@link ArchivedMeter#REMOVED}; otherwise it is left as it is.
     */
    Synced sync(List<ArchivedMeter> meters, boolean retireMissing, Instant at);

    /** What a sync did. */
    record Synced(int added, int changed, int removed, int unchanged) {
    }

    /** The current version of every meter, removed ones included, by meter. */
    List<ArchivedMeter> current();

    /** The version of {@code meter} in force at {@code at}, if it was in the archive then. */
    Optional<ArchivedMeter> asOf(String meter, Instant at);

    /** Every version of {@code meter}, oldest first. */
    List<Version> history(String meter);

    /** One version of a meter's record: in force from {@code validFrom} until {@code validTo} (null: still). */
    record Version(ArchivedMeter meter, Instant validFrom, Instant validTo) {
    }
}
