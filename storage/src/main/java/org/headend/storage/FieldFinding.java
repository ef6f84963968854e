package org.headend.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One mismatch a comparison found at a field check, as kept (issue 7). Codes are the field-check
 * module's; the store only keeps them.
 *
 * @param meter      the meter's address
 * @param checkTime  the field check's time
 * @param category   mismatch category code, e.g. {@code ct_ratio_differs}
 * @param evidence   what was compared and found, in words and numbers
 * @param energyKwh  energy involved (primary kWh), 0 when none can be put on it
 * @param band       penalty band label the energy falls in
 * @param area       reading area of the meter when compared
 * @param foundAt    when the comparison ran
 * @param acceptedAt when the mismatch was accepted (a correction recorded), or null while open
 * @param acceptedBy who accepted it, empty while open
 */
public record FieldFinding(String meter, Instant checkTime, String category, String evidence, double energyKwh,
                           String band, String area, Instant foundAt, Instant acceptedAt, String acceptedBy) {
    public FieldFinding {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(checkTime, "checkTime");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(band, "band");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(foundAt, "foundAt");
        acceptedBy = Objects.requireNonNullElse(acceptedBy, "");
        checkTime = Instant.ofEpochMilli(checkTime.toEpochMilli());
        foundAt = Instant.ofEpochMilli(foundAt.toEpochMilli());
        acceptedAt = acceptedAt == null ? null : Instant.ofEpochMilli(acceptedAt.toEpochMilli());
    }

    public boolean isAccepted() {
        return acceptedAt != null;
    }
}
