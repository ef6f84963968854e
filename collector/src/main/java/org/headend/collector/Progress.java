package org.headend.collector;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.headend.collector.poll.JobResult;
import org.headend.collector.poll.PollOutcome;

/** Running totals of the collector, for the progress line and the summary. Thread-safe. */
public final class Progress {

    private final Map<PollOutcome, LongAdder> outcomes = new EnumMap<>(PollOutcome.class);
    private final LongAdder readings = new LongAdder();
    private final AtomicLong cycles = new AtomicLong();

    Progress() {
        for (PollOutcome o : PollOutcome.values()) {
            outcomes.put(o, new LongAdder());
        }
    }

    void cycleStarted() {
        cycles.incrementAndGet();
    }

    /** A scheduled job not started because the meter's previous one was still pending. */
    void skipped() {
        outcomes.get(PollOutcome.SKIPPED).increment();
    }

    void jobDone(JobResult result, int readingCount) {
        jobDone(result.outcome(), readingCount);
    }

    void jobDone(PollOutcome outcome, int readingCount) {
        outcomes.get(outcome).increment();
        readings.add(readingCount);
    }

    public Snapshot snapshot() {
        Map<PollOutcome, Long> counts = new EnumMap<>(PollOutcome.class);
        outcomes.forEach((o, n) -> counts.put(o, n.sum()));
        return new Snapshot(cycles.get(), Map.copyOf(counts), readings.sum());
    }

    /** Totals at one moment. */
    public record Snapshot(long cycles, Map<PollOutcome, Long> outcomes, long readings) {
        public long count(PollOutcome o) {
            return outcomes.getOrDefault(o, 0L);
        }

        /** Jobs that ended in any way but skipped. */
        public long attempted() {
            return outcomes.entrySet().stream().filter(e -> e.getKey() != PollOutcome.SKIPPED)
                    .mapToLong(Map.Entry::getValue).sum();
        }

        /** Jobs that brought back at least the values the meter has (OK or a partial error reply). */
        public long read() {
            return count(PollOutcome.OK) + count(PollOutcome.ERROR_REPLY);
        }

        public long failed() {
            return count(PollOutcome.TIMEOUT) + count(PollOutcome.BAD_FRAME) + count(PollOutcome.DISCONNECTED);
        }
    }
}
