package org.headend.collector;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterSite;
import org.headend.collector.archive.Placement;
import org.headend.storage.ArchivedMeter;
import org.headend.storage.MeterArchiveStore;
import org.headend.storage.ReadingStore;
import org.headend.storage.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the archive this head-end runs on in the store's meter archive (with its history), so
 * that what a reading was taken under stays answerable there. The archive given is the whole site's:
 * a stored meter no longer in it is marked removed. With the database down at start the collector
 * still polls (readings spool), so this retries in the background with backoff until it succeeds.
 */
final class ArchiveRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArchiveRecorder.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofMinutes(1);

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    private ArchiveRecorder(ReadingStore store, List<ArchivedMeter> archive, Clock clock) {
        thread = new Thread(() -> record(store, archive, clock), "headend-archive-recorder");
        thread.setDaemon(true);
    }

    static ArchiveRecorder start(ReadingStore store, List<Meter> meters, List<Placement> placements, Clock clock) {
        ArchiveRecorder r = new ArchiveRecorder(store, archived(meters, placements), clock);
        r.thread.start();
        return r;
    }

    private void record(ReadingStore store, List<ArchivedMeter> archive, Clock clock) {
        Duration wait = FIRST_RETRY;
        while (closed.getCount() > 0) {
            try {
                MeterArchiveStore.Synced synced = store.archive().sync(archive, true, clock.instant());
                log.info("meter archive in the store: {} meters, {} new, {} changed, {} removed", archive.size(),
                        synced.added(), synced.changed(), synced.removed());
                return;
            } catch (StoreException e) {
                log.warn("the meter archive could not be recorded in the store ({}); retrying in {} s",
                        e.getMessage(), wait.toSeconds());
            } catch (RuntimeException e) {
                log.error("the meter archive was not recorded in the store; polling goes on without it", e);
                return;
            }
            try {
                if (closed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        }
    }

    /** The store's records of these meters; a placed meter's channel is its concentrator and point. */
    static List<ArchivedMeter> archived(List<Meter> meters, List<Placement> placements) {
        Map<String, Placement> placed = placements.stream().collect(Collectors.toMap(Placement::meter, Function.identity(), (a, b) -> a));
        List<ArchivedMeter> out = new ArrayList<>(meters.size());
        for (Meter m : meters) {
            Placement p = placed.get(m.address());
            MeterSite s = m.site();
            out.add(new ArchivedMeter(m.address(), ArchivedMeter.IN_SERVICE, m.protocol().code(),
                    p == null ? m.bus() : "concentrator " + p.concentrator() + " point " + p.point(),
                    m.ctRatio().doubleValue(), m.vtRatio().doubleValue(), m.customerClass(), s.voltageLevel(), m.area(),
                    s.readingMethod().code(), s.latitude(), s.longitude(), s.account(), s.customerName(), s.meterSerial(),
                    s.ctSerial(), s.vtSerial(), s.seals(), s.remoteSince(),
                    s.accuracyClass() == null ? null : s.accuracyClass().doubleValue()));
        }
        return out;
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
