package org.headend.app;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.headend.collector.HeadEnd;
import org.headend.collector.archive.Meter;
import org.headend.fieldcheck.FieldCheck;
import org.headend.fieldcheck.FieldCheckGauges;
import org.headend.fieldcheck.FieldCheckSettings;

/**
 * The on-site verification gauges (overdue meters, compliance % per area) on the running
 * head-end's {@code /metrics}, from its store and archive, so that operators see them where they
 * see everything else. The collector module cannot know the fieldcheck module, so the launcher joins them.
 */
final class FieldCheckExport {
    /** A quarterly figure moves slowly; a report reads the store, so not at every scrape. */
    static final Duration EVERY = Duration.ofMinutes(5);

    private FieldCheckExport() {
    }

    /** Starts keeping the gauges current; close the result before the head-end. */
    static AutoCloseable start(HeadEnd headEnd, List<Meter> archive) {
        Clock clock = Clock.systemUTC();
        FieldCheck fieldCheck = new FieldCheck(FieldCheckSettings.defaults(), archive, headEnd.store(), clock);
        return FieldCheckGauges.keepCurrent(headEnd.registry(), fieldCheck, clock, EVERY);
    }
}
