package org.headend.collector.concentrator;

import org.headend.collector.poll.PollOutcome;

/**
 * Where each meter's scheduled read through a concentrator is tallied, as the buses tally theirs
 * (the poll-day tallies that read rates per concentrator, area and class come from). Called from
 * event loops and the scheduler; implementations are thread-safe and quick.
 */
public interface ReadOutcomes {

    ReadOutcomes NONE = new ReadOutcomes() {
    };

    /** The schedule gave the meter a read. */
    default void due(String meter) {
    }

    /** That read ended: OK, a denial (ERROR_REPLY), TIMEOUT, DISCONNECTED (concentrator offline) or SKIPPED. */
    default void done(String meter, PollOutcome outcome) {
    }
}
