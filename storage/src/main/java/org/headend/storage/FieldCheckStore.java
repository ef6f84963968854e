package org.headend.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Field checks kept beside the readings (issue 7): results imported from crews, the outcome of
 * comparing them with the remote readings, mismatches found, and corrections accepted. Obtained
 * from {@link ReadingStore#fieldChecks()}; shares the store's database and lifetime. Every method
 * runs in one transaction and returns when it is durable; failures are {@link StoreException}s.
 */
public interface FieldCheckStore {

    /** What saving one result did. */
    enum Saved {
        /** A new result, now stored. */
        NEW,
        /** The same key with the same values was stored already (a re-import): nothing changed. */
        SAME,
        /** The same key was stored with other values: the stored one is kept, this one refused. */
        CONFLICT
    }

    /** Saves results keyed (meter, check time); one answer per result, in order. */
    List<Saved> save(List<FieldResult> results);

    /** The stored result with this key, if any (its origin is the first import's). */
    java.util.Optional<FieldResult> result(String meter, Instant checkTime);

    /** Results with {@code from <= checkTime < to}, by meter then time. */
    List<FieldResult> results(Instant from, Instant to);

    /**
     * Records that these checks were compared: each one counts as a verification or not (a meter
     * not found does not), and its open findings are replaced by {@code findings}. Findings already
     * accepted are history and stay. Comparing again is harmless and writes only what changed: a
     * check's comparison time is when its present outcome was first recorded, and a finding found
     * again as it was keeps the time it was first found.
     */
    void recordComparisons(List<Compared> compared, Instant at);

    /** One check's comparison outcome. */
    record Compared(String meter, Instant checkTime, boolean counts, List<FieldFinding> findings) {
        public Compared {
            findings = List.copyOf(findings);
            checkTime = Instant.ofEpochMilli(checkTime.toEpochMilli());
        }
    }

    /** Time of each meter's latest check that counts, at or before {@code notAfter}. */
    Map<String, Instant> lastCounted(Instant notAfter);

    /** Checks that count with {@code from <= checkTime < to}: meter to their times, oldest first. */
    Map<String, List<Instant>> counted(Instant from, Instant to);

    /** Findings of checks with {@code from <= checkTime < to}, by meter, time, category. */
    List<FieldFinding> findings(Instant from, Instant to);

    /**
     * Accepts a finding: records the correction and marks the finding accepted, in one transaction.
     *
     * @return false when there is no such open finding (unknown, or accepted already): nothing changed
     */
    boolean accept(FieldCorrection correction);

    /** Corrections of checks with {@code from <= checkTime < to}, by meter, time, category. */
    List<FieldCorrection> corrections(Instant from, Instant to);
}
