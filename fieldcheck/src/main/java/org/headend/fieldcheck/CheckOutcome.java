package org.headend.fieldcheck;

import java.util.List;
import java.util.Objects;
import org.headend.storage.FieldResult;

/**
 * What comparing one field check gave.
 *
 * @param result   the check as imported
 * @param area     the meter's area in the archive ("" for a meter without record)
 * @param remote   the remote register at the check time (mode NONE when not compared)
 * @param findings the mismatches, empty for a clean check
 * @param counts   whether the check counts as the meter's verification (the record's meter was there)
 */
public record CheckOutcome(FieldResult result, String area, RemoteEstimate remote, List<Finding> findings, boolean counts) {
    public CheckOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(remote, "remote");
        findings = List.copyOf(findings);
    }

    public boolean isClean() {
        return findings.isEmpty();
    }
}
