package org.headend.collector.poll;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.headend.protocol.dlt645.Dlt645Edition;

/**
 * What to read and how often.
 *
 * @param interval  time between two cycles; cycles start on its wall-clock boundaries
 * @param reads     the data identifiers each meter job asks for, per edition, in order
 * @param maxCycles stop scheduling after this many cycles (0 = run until closed); for one-shot
 *                  runs from cron and for tests that must know when the last read was asked
 */
public record PollPlan(Duration interval, Map<Dlt645Edition, List<Long>> reads, long maxCycles) {
    public PollPlan {
        reads = Map.copyOf(reads);
        for (Dlt645Edition e : Dlt645Edition.values()) {
            if (reads.getOrDefault(e, List.of()).isEmpty()) {
                throw new IllegalArgumentException("the plan reads nothing from " + e + " meters");
            }
        }
        if (maxCycles < 0) {
            throw new IllegalArgumentException("maxCycles must be 0 (unlimited) or positive, was " + maxCycles);
        }
    }
}
