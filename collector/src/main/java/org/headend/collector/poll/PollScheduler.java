package org.headend.collector.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a poll cycle at once and then on every interval boundary of the wall clock (a 15-minute
 * interval ticks at :00, :15, :30, :45), as billing intervals are counted. A cycle that throws is
 * logged and the schedule goes on. A late tick (the machine slept, the clock jumped) starts one
 * cycle, never a burst of missed ones: missed intervals are caught up from the meters' frozen
 * data, not by hammering the buses.
 */
public final class PollScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);

    private final Duration interval;
    private final Clock clock;
    private final Consumer<Instant> cycle;
    private final ScheduledExecutorService executor;
    private final long maxCycles;
    private long cycles;

    /** @param cycle called with the cycle's nominal start time, on the scheduler's own thread */
    public PollScheduler(Duration interval, Clock clock, Consumer<Instant> cycle) {
        this(interval, 0, clock, cycle);
    }

    /** @param maxCycles stop after this many cycles; 0 = until closed */
    public PollScheduler(Duration interval, long maxCycles, Clock clock, Consumer<Instant> cycle) {
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException("poll interval must be at least 100 ms, was " + interval);
        }
        this.interval = interval;
        this.maxCycles = maxCycles;
        this.clock = clock;
        this.cycle = cycle;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "poll-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        executor.execute(() -> run(clock.instant()));
    }

    /**
     * The next interval boundary after {@code now} that leaves at least half an interval, so a
     * cycle started just before a boundary is not followed by another one at once.
     */
    static Instant nextBoundary(Instant now, Duration interval) {
        long step = interval.toMillis();
        long t = now.toEpochMilli();
        long next = (Math.floorDiv(t, step) + 1) * step;
        return Instant.ofEpochMilli(next - t < step / 2 ? next + step : next);
    }

    private void run(Instant nominal) {
        try {
            cycles++;
            cycle.accept(nominal);
        } catch (Throwable t) {
            log.error("poll cycle {} failed; the schedule goes on", cycles, t);
        }
        if (maxCycles > 0 && cycles >= maxCycles) {
            return;
        }
        Instant next = nextBoundary(clock.instant(), interval);
        long delay = Math.max(0, next.toEpochMilli() - clock.millis());
        if (!executor.isShutdown()) {
            executor.schedule(() -> run(next), delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
