package org.headend.collector.concentrator;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.Placement;
import org.headend.collector.channel.Transport;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.collector.metrics.ConcentratorMetrics;
import org.headend.collector.poll.PollOutcome;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Q/GDW 1376.1 front end (前置机) of the head-end, issue 5: the server concentrators dial in to
 * with its session rules ({@link ConcentratorServer}), and the read rounds through them
 * ({@link #readRound()}, called on the poll schedule): current energy, forwarded DL/T 645 reads,
 * daily frozen energy with backfill of missed days ({@link DayLedger}), terminal and meter clocks,
 * the terminals' event records; clock drifts, clock sets and those records become meter events
 * in the store ({@link EventLog}).
 *
 * <p>Only terminals of the archive may log in: the allow-list is the set of concentrators the
 * archive's {@link Placement}s name. Readings go to the sink given at start (the head-end's batch
 * writer), with the same quantity names, multipliers and sources as the gateway path.
 */
public final class ConcentratorFront implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConcentratorFront.class);
    private static final String TOTAL = "energy.active.import.total";

    private final ConcentratorSettings settings;
    private final Map<Long, List<MeterPoint>> byTerminal;
    private final Map<Dlt645Edition, List<Long>> dataIds;
    private final Consumer<List<Reading>> sink;
    private volatile ReadOutcomes outcomes = ReadOutcomes.NONE;
    private final ConcentratorMetrics metrics;
    private final Clock clock;
    private final EventLoopGroup group;
    private final ConcentratorServer server;
    private final DayLedger ledger;
    private final List<ClockSet> clockSets = Collections.synchronizedList(new ArrayList<>());
    private final EventLog events;
    private final EventReads eventReads = new EventReads();
    private final ClockChecks.MeterClockDue meterClocks;
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> ledgerReady = new CompletableFuture<>();

    private ConcentratorFront(ConcentratorSettings settings, Map<Long, List<MeterPoint>> byTerminal,
                              Map<Dlt645Edition, List<Long>> dataIds, Consumer<List<Reading>> sink,
                              ReadingStore store, ConcentratorMetrics metrics, Clock clock) {
        this.settings = settings;
        this.byTerminal = byTerminal;
        this.dataIds = Map.copyOf(dataIds);
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.group = Transport.newGroup(Math.min(2, Runtime.getRuntime().availableProcessors()), "headend-concentrator");
        this.server = new ConcentratorServer(settings, byTerminal.keySet(), metrics, group);
        this.ledger = new DayLedger(settings.backfillDays());
        this.events = new EventLog(store);
        this.meterClocks = new ClockChecks.MeterClockDue(settings.meterClockEvery(), clock.instant());
    }

    /**
     * Binds the server and rebuilds the ledger from {@code store} in the background ({@link #ledgerReady()};
     * null: every meter owes its days from today).
     *
     * @param meters     the archive's meters; those with a placement are read through their concentrator
     * @param dataIds    the DIs a forwarded read asks each meter for, per edition (the schedule's)
     * @param sink       where readings go; called on an event loop, may block (backpressure)
     * @param store      where the ledger is rebuilt from and events go (null: none, events only logged)
     * @throws IOException when the server cannot bind
     */
    public static ConcentratorFront start(ConcentratorSettings settings, List<Meter> meters, List<Placement> placements,
                                          Map<Dlt645Edition, List<Long>> dataIds, Consumer<List<Reading>> sink,
                                          ReadingStore store, ConcentratorMetrics metrics, Clock clock) throws IOException {
        Map<String, Meter> byAddress = new HashMap<>();
        meters.forEach(m -> byAddress.put(m.address(), m));
        Map<Long, List<MeterPoint>> byTerminal = new LinkedHashMap<>();
        for (Placement p : placements) {
            Meter m = byAddress.get(p.meter());
            if (m != null) {
                byTerminal.computeIfAbsent(p.terminalKey(), k -> new ArrayList<>()).add(new MeterPoint(m, p));
            }
        }
        ConcentratorFront f = new ConcentratorFront(settings, byTerminal, dataIds, sink, store, metrics, clock);
        // one query per meter: with 100,000s of meters that takes minutes, so it runs beside the sessions;
        // a meter owes no daily reading until its days are known, so nothing is read twice meanwhile
        Thread seeder = new Thread(() -> {
            try {
                f.seed(store);
                f.ledgerReady.complete(null);
            } catch (Throwable t) {
                log.warn("rebuilding the daily ledger failed", t);
                f.ledgerReady.completeExceptionally(t);
            }
        }, "concentrator-ledger");
        seeder.setDaemon(true);
        seeder.start();
        try {
            f.server.start();
        } catch (IOException e) {
            f.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            f.events.close();
            throw e;
        }
        log.info("{} concentrators with {} meters in the archive", byTerminal.size(), f.meterCount());
        return f;
    }

    /** Every meter owes its daily reading from today, or from its oldest daily reading within the window in the store. */
    private void seed(ReadingStore store) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), settings.zone());
        Instant from = DayLedger.endOf(today.minusDays(settings.backfillDays() + 1L), settings.zone());
        Instant to = DayLedger.endOf(today, settings.zone());
        boolean usable = true;
        for (List<MeterPoint> ps : byTerminal.values()) {
            for (MeterPoint p : ps) {
                String meter = p.meter().address();
                List<Reading> daily = new ArrayList<>();
                if (store != null && usable) {
                    List<Reading> stored;
                    try {
                        stored = store.between(meter, TOTAL, from, to);
                    } catch (RuntimeException e) {
                        log.warn("cannot rebuild the daily ledger from the store ({}); every meter owes its days from today",
                                e.getMessage());
                        usable = false;
                        stored = List.of();
                    }
                    for (Reading r : stored) {
                        if (DayLedger.dayEndingAt(r.time(), settings.zone()) != null) {
                            daily.add(r);
                        }
                    }
                }
                ledger.track(meter, daily.isEmpty() ? today : DayLedger.dayEndingAt(daily.get(0).time(), settings.zone()));
                for (Reading r : daily) {
                    ledger.complete(meter, DayLedger.dayEndingAt(r.time(), settings.zone()), r.source());
                }
            }
        }
    }

    /** The port the server listens on (useful when 0 asked for any free one). */
    public int port() {
        return server.port();
    }

    public int meterCount() {
        return byTerminal.values().stream().mapToInt(List::size).sum();
    }

    /** Concentrators of the archive. */
    public int concentratorCount() {
        return byTerminal.size();
    }

    /** Sessions logged in now. */
    public int online() {
        return (int) server.sessions().stream().filter(ConcentratorSession::open).count();
    }

    /** Whether terminal {@code region}-{@code terminal} has an open session. */
    public boolean online(int region, int terminal) {
        ConcentratorSession s = server.session(((long) region << 16) | terminal);
        return s != null && s.open();
    }

    /** The open session of terminal {@code region}-{@code terminal}, or null. */
    public ConcentratorSession session(int region, int terminal) {
        ConcentratorSession s = server.session(((long) region << 16) | terminal);
        return s != null && s.open() ? s : null;
    }

    /** Logins accepted so far, re-logins included. */
    public long logins() {
        return server.logins();
    }

    /** Sessions closed because their terminal logged in again elsewhere. */
    public long replaced() {
        return server.replaced();
    }

    /** Sessions closed for missing heartbeats. */
    public long idleClosed() {
        return server.idleClosed();
    }

    /** Replies that matched no outstanding request, over the open sessions. */
    public long unexpectedReplies() {
        return server.sessions().stream().mapToLong(ConcentratorSession::unexpectedReplies).sum();
    }

    /** Closes every session at once, as a restart of the front end would (benchmarks: login storms). */
    public void dropAllSessions() {
        server.sessions().forEach(s -> s.channel().close());
    }

    /** Where each meter's scheduled read is tallied from now on (the head-end's poll-day tallies). */
    public void tallyInto(ReadOutcomes outcomes) {
        this.outcomes = java.util.Objects.requireNonNull(outcomes, "outcomes");
    }

    /** Completes once the ledger knows every meter's owed days (rebuilt from the store at start). */
    public CompletableFuture<Void> ledgerReady() {
        return ledgerReady;
    }

    public DayLedger ledger() {
        return ledger;
    }

    /** Every terminal clock set since start, oldest first (each is also stored as a {@code clock.set} event). */
    public List<ClockSet> clockSets() {
        synchronized (clockSets) {
            return List.copyOf(clockSets);
        }
    }

    /** One scheduled round: every online concentrator of the archive not still busy with the last round. */
    public CompletableFuture<RoundResult> readRound() {
        return round(false, settings.readsCurrent(), settings.readsForward());
    }

    /** A round reading current values by the paths asked for (daily values and clocks always). */
    CompletableFuture<RoundResult> round(boolean onDemand, boolean current, boolean forward) {
        TerminalReads.Round round = new TerminalReads.Round(settings, dataIds, ledger, clock, sink::accept, clockSets::add,
                events, eventReads, meterClocks, metrics, onDemand ? ReadOutcomes.NONE : outcomes, onDemand, current, forward, new AtomicLong(), new AtomicLong(),
                new AtomicLong());
        List<CompletableFuture<Void>> all = new ArrayList<>();
        int offline = 0;
        for (Map.Entry<Long, List<MeterPoint>> e : byTerminal.entrySet()) {
            ConcentratorSession s = server.session(e.getKey());
            boolean down = s == null || !s.open();
            if (down || !busy.add(e.getKey())) {
                offline += down ? 1 : 0;
                // offline: due and failed, as a lost bus; still busy with the last round: skipped
                for (MeterPoint p : e.getValue()) {
                    round.outcomes().due(p.meter().address());
                    round.outcomes().done(p.meter().address(), down ? PollOutcome.DISCONNECTED : PollOutcome.SKIPPED);
                }
                continue;
            }
            all.add(new TerminalReads(s, e.getValue(), round).run()
                    .whenComplete((x, t) -> {
                        busy.remove(e.getKey());
                        if (t != null) {
                            log.warn("read round of {} failed", s.address(), t);
                        }
                    }));
        }
        int sessions = all.size();
        int off = offline;
        // the round's events are in the store when it completes
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((x, t) -> null)
                .thenCompose(x -> events.flush())
                .thenApply(x -> new RoundResult(sessions, off, round.readings().get(), round.backfilled().get(),
                        round.failures().get()));
    }

    /** Stops listening, closes every session and the event loops. */
    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        events.close();
    }
}
