package org.headend.collector;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.Placement;
import org.headend.collector.concentrator.ConcentratorFront;
import org.headend.collector.config.CollectorConfig;
import org.headend.collector.metrics.ConcentratorMetrics;
import org.headend.collector.poll.PollPlan;
import org.headend.collector.poll.PollScheduler;
import org.headend.storage.ReadingStore;
import org.headend.storage.ReadingWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the head-end runs its 1376.1 front end beside the buses: the archive's placed meters go to
 * the front end, never to a bus, and a {@link PollScheduler} with the buses' interval (so the same
 * wall-clock boundaries) starts a read round through every online concentrator. Each meter's read
 * is tallied in the same poll-day tallies as the buses' meters.
 */
final class Concentrators implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Concentrators.class);

    private final ConcentratorFront front;
    private final PollScheduler scheduler;

    private Concentrators(ConcentratorFront front, PollScheduler scheduler) {
        this.front = front;
        this.scheduler = scheduler;
    }

    /** The meters the buses poll: those without a placement behind a concentrator. */
    static List<Meter> onBuses(List<Meter> meters, List<Placement> placements) {
        if (placements.isEmpty()) {
            return meters;
        }
        Set<String> placed = new HashSet<>();
        placements.forEach(p -> placed.add(p.meter()));
        return meters.stream().filter(m -> !placed.contains(m.address())).toList();
    }

    /** Null when the config has no concentrator front end (placed meters are then not read; said once). */
    static Concentrators start(CollectorConfig config, List<Meter> meters, List<Placement> placements, PollPlan plan,
                               ReadingWriter writer, ReadingStore store, PollTallies tallies, MeterRegistry registry,
                               Clock clock) throws IOException {
        if (!config.concentrators().enabled()) {
            if (!placements.isEmpty()) {
                log.warn("{} meters of the archive hang behind concentrators, but the config has no 'concentrators' "
                        + "section; they are not read", placements.size());
            }
            return null;
        }
        ConcentratorFront front = ConcentratorFront.start(config.concentrators(), meters, placements, plan.reads(),
                readings -> {
                    try {
                        writer.acceptAll(readings);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        log.warn("interrupted while handing {} concentrator readings to the writer", readings.size());
                    }
                }, store, ConcentratorMetrics.of(registry), clock);
        front.tallyInto(tallies);
        PollScheduler scheduler = new PollScheduler(plan.interval(), plan.maxCycles(), clock, t -> front.readRound());
        scheduler.start();
        return new Concentrators(front, scheduler);
    }

    ConcentratorFront front() {
        return front;
    }

    @Override
    public void close() {
        scheduler.close();
        front.close();
    }
}
