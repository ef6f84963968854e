package org.headend.collector.concentrator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.headend.collector.archive.Placement;
import org.headend.protocol.gw376.Gw376Address;
import org.headend.storage.MeterEvent;
import org.headend.storage.ReadingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front end's events on their way to the store's {@code meter_event} rows (issue 5): clock
 * drifts of terminals and meters, clock sets, and the terminals' own 0E records. A row is keyed
 * by subject, kind and start, so an event stored twice is stored once. The subject is the meter's
 * address, or for the terminal's own events its archive name ({@code RRRR-NNNNN}).
 *
 * <p>A drift is one event from the read that first found the clock beyond the limit to the read
 * that found it within again (its end). Events are written after each round on a thread of
 * their own, never on an event loop; a write that fails keeps them for the next round.
 */
final class EventLog implements AutoCloseable {

    static final String CLOCK_DRIFT = "clock.drift";
    static final String CLOCK_SET = "clock.set";
    /** Pending events kept at most while the store is away; the oldest go first beyond. */
    private static final int MAX_PENDING = 100_000;
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final ReadingStore store;
    private final ExecutorService writer;
    private final ConcurrentLinkedQueue<MeterEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    /** Subject → its drift event still open. */
    private final Map<String, MeterEvent> drifting = new ConcurrentHashMap<>();

    /** @param store where events go; null: they are logged only (tests, benchmarks) */
    EventLog(ReadingStore store) {
        this.store = store;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "concentrator-events");
            t.setDaemon(true);
            return t;
        });
    }

    /** The archive's name of a terminal, {@code RRRR-NNNNN}. */
    static String terminal(Gw376Address a) {
        return Placement.text(a.region(), a.terminal());
    }

    void add(MeterEvent e) {
        pending.add(e);
        if (size.incrementAndGet() > MAX_PENDING && pending.poll() != null) {
            size.decrementAndGet();
            log.warn("more than {} events wait for the store; the oldest is dropped", MAX_PENDING);
        }
    }

    /**
     * A clock read of {@code subject} ({@code what}: terminal or meter) found it off by {@code drift};
     * {@code beyond}: more than the limit can explain. Opens or closes its drift event.
     *
     * @return whether a new drift event began
     */
    boolean clock(String subject, String what, Instant read, Duration drift, Duration limit, boolean beyond) {
        Instant at = read.truncatedTo(ChronoUnit.MILLIS); // what both stores keep, so a row's key reads back as written
        if (!beyond) {
            MeterEvent open = drifting.remove(subject);
            if (open != null) {
                add(new MeterEvent(open.meter(), open.kind(), open.started(), Optional.of(at), open.detail(), at));
            }
            return false;
        }
        MeterEvent e = new MeterEvent(subject, CLOCK_DRIFT, at, Optional.empty(), String.format("%s clock %d s %s (limit %d s)",
                what, Math.abs(drift.toSeconds()), drift.isNegative() ? "behind" : "ahead", limit.toSeconds()), at);
        if (drifting.putIfAbsent(subject, e) != null) {
            return false;
        }
        add(e);
        return true;
    }

    /** A terminal clock set, as a row of its own (an instant: it ends when it starts). */
    void clockSet(ClockSet s) {
        Instant at = s.at().truncatedTo(ChronoUnit.MILLIS);
        add(new MeterEvent(s.terminal(), CLOCK_SET, at, Optional.of(at), String.format("set by 05 F31; it was %d s %s; %s",
                Math.abs(s.drift().toSeconds()), s.drift().isNegative() ? "behind" : "ahead",
                s.confirmed() ? "confirmed" : "not confirmed"), at));
    }

    /** Writes what is pending; completes with how many were new to the store (never exceptionally). */
    CompletableFuture<Integer> flush() {
        return CompletableFuture.supplyAsync(this::write, writer);
    }

    private int write() {
        List<MeterEvent> batch = new ArrayList<>();
        for (MeterEvent e; (e = pending.poll()) != null; ) {
            size.decrementAndGet();
            batch.add(e);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        if (store == null) {
            batch.forEach(e -> log.info("event (no store): {}", e));
            return batch.size();
        }
        try {
            return store.writeEvents(batch);
        } catch (RuntimeException e) {
            log.warn("{} concentrator events could not be stored ({}); they are tried again after the next round",
                    batch.size(), e.getMessage());
            batch.forEach(this::add);
            return 0;
        }
    }

    @Override
    public void close() {
        try {
            flush().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while storing the last events; those pending may be lost");
        } catch (Exception e) {
            log.warn("events pending at close may be lost: {}", e.toString());
        }
        writer.shutdown();
    }
}
