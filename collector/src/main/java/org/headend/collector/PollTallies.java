package org.headend.collector;

import org.headend.collector.concentrator.ReadOutcomes;

/**
 * Where the collector counts what the schedule asked of each meter and what came of it, for buses
 * and concentrators alike ({@link PollLedger}), written out once per cycle.
 */
interface PollTallies extends ReadOutcomes {
    /** Counts nothing: for collectors run without a store's ledger (tests, benchmarks). */
    PollTallies NONE = () -> { };

    /** Writes what changed since the last flush, in the background. */
    void flush();
}
