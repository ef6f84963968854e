package org.headend.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What reading one meter took on one local day: the collector's running tally, from which read
 * rates per area, class or concentrator are computed. A tally replaces an older one of the same
 * meter and day; a repeated or older write changes nothing.
 *
 * @param due      jobs the schedule gave the meter
 * @param answered jobs that brought values back
 * @param failed   timeouts, bad frames, lost connections
 * @param skipped  jobs not started because the meter's previous one was still pending
 * @param updated  when the tally was taken
 */
public record PollDay(LocalDate day, String meter, int due, int answered, int failed, int skipped, Instant updated) {
    public PollDay {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(updated, "updated");
        if (due < 0 || answered < 0 || failed < 0 || skipped < 0) {
            throw new IllegalArgumentException("poll tally of " + meter + " on " + day + " has a negative count");
        }
    }

    /** Whether the meter was read at least once that day. */
    public boolean read() {
        return answered > 0;
    }
}
