package org.headend.collector.concentrator;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.collector.metrics.ConcentratorMetrics;
import org.headend.collector.poll.JobResult;
import org.headend.collector.poll.MeterJob;
import org.headend.collector.poll.PollOutcome;
import org.headend.collector.poll.ReadingConverter;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Exception;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.headend.protocol.dlt645.Dlt645Value;
import org.headend.protocol.gw376.Gw376Afn;
import org.headend.protocol.gw376.Gw376Data;
import org.headend.protocol.gw376.Gw376Frame;
import org.headend.protocol.gw376.Gw376Messages;
import org.headend.protocol.gw376.Gw376Unit;
import org.headend.storage.Quality;
import org.headend.storage.Reading;
import org.headend.storage.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads of one round through one concentrator (issue 5): the terminal's own current forward
 * active energy (0C F129) and/or each meter's DL/T 645 registers forwarded through 10 F1, the daily
 * frozen energy (0D F161) of every day the {@link DayLedger} still owes, the clocks of the terminal
 * and of the meters due ({@link ClockChecks}) and the terminal's new events ({@link EventReads}).
 * All requests are queued on the session at once; its PSEQ window decides how many are on the wire.
 */
final class TerminalReads {

    private static final Logger log = LoggerFactory.getLogger(TerminalReads.class);
    private static final String TOTAL = "energy.active.import.total";

    /** What every terminal's reads of a round share; {@code events} to {@code meterClocks} outlive the round. */
    record Round(ConcentratorSettings settings, Map<Dlt645Edition, List<Long>> dataIds, DayLedger ledger, Clock clock,
                 ReadingSink sink, ClockLog clocks, EventLog events, EventReads eventReads, ClockChecks.MeterClockDue meterClocks,
                 ConcentratorMetrics metrics, ReadOutcomes outcomes, boolean onDemand, boolean current, boolean forward,
                 AtomicLong readings, AtomicLong backfilled, AtomicLong failures) {

        void failed(ConcentratorSession s, String what, Throwable failure) {
            failures.incrementAndGet();
            log.debug("{} of {}: {}", what, s.address(), failure == null ? "denied" : failure.getMessage());
        }
    }

    /** Where readings go: the batch writer in the head-end. Called on an event loop; may block for backpressure. */
    interface ReadingSink {
        void accept(List<Reading> readings);
    }

    /** Where clock sets are recorded. */
    interface ClockLog {
        void set(ClockSet s);
    }

    private final ConcentratorSession session;
    private final List<MeterPoint> points;
    private final Round round;

    TerminalReads(ConcentratorSession session, List<MeterPoint> points, Round round) {
        this.session = session;
        this.points = points;
        this.round = round;
    }

    CompletableFuture<Void> run() {
        List<CompletableFuture<?>> all = new ArrayList<>();
        ClockChecks clocks = new ClockChecks(session, round);
        // the clock reply is the round's first: its ACD/EC tells whether the terminal has events to read
        all.add(clocks.terminal().thenCompose(x -> round.eventReads().run(session, points, round)));
        for (MeterPoint p : round.meterClocks().due(session.terminalKey(), points, round.clock().instant())) {
            all.add(clocks.meter(p));
        }
        LocalDate today = LocalDate.ofInstant(round.clock().instant(), round.settings().zone());
        all.addAll(daily(today));
        if (round.current() || round.forward()) {
            points.forEach(p -> round.outcomes().due(p.meter().address()));
        }
        if (round.current()) {
            for (List<MeterPoint> chunk : chunks(points)) {
                all.add(current(chunk));
            }
        }
        if (round.forward()) {
            for (MeterPoint p : points) {
                all.add(forward(p, !round.current()));
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private List<List<MeterPoint>> chunks(List<MeterPoint> ps) {
        List<List<MeterPoint>> out = new ArrayList<>();
        int n = round.settings().pointsPerRequest();
        for (int i = 0; i < ps.size(); i += n) {
            out.add(ps.subList(i, Math.min(ps.size(), i + n)));
        }
        return out;
    }

    private static Map<Integer, MeterPoint> byPoint(List<MeterPoint> ps) {
        Map<Integer, MeterPoint> m = new HashMap<>();
        ps.forEach(p -> m.put(p.point(), p));
        return m;
    }

    /** 0C F129 for a chunk of points; every tariff the terminal gives becomes a reading at the reply's arrival. */
    private CompletableFuture<Void> current(List<MeterPoint> chunk) {
        List<Integer> pns = chunk.stream().map(MeterPoint::point).toList();
        Map<Integer, MeterPoint> at = byPoint(chunk);
        return session.request(seq -> Gw376Messages.readCurrentEnergy(session.address(), seq, pns), Gw376Afn.CLASS1.code())
                .handle((reply, failure) -> {
                    if (failure != null || reply.denied()) {
                        failed("0C F129", failure);
                        PollOutcome o = failure == null ? PollOutcome.ERROR_REPLY : outcomeOf(failure);
                        chunk.forEach(p -> round.outcomes().done(p.meter().address(), o));
                        return null;
                    }
                    Instant now = round.clock().instant();
                    Source source = round.onDemand() ? Source.ON_DEMAND : Source.SCHEDULED;
                    List<Reading> out = new ArrayList<>();
                    java.util.Set<Integer> answered = new java.util.HashSet<>();
                    for (Gw376Frame f : reply.frames()) {
                        for (Gw376Unit u : f.units()) {
                            MeterPoint p = at.get(u.pn());
                            if (u.fn() == 129 && p != null && u.data() instanceof Gw376Data.Energy e) {
                                energy(p, e, now, source, out);
                                answered.add(u.pn());
                            }
                        }
                    }
                    // a point the terminal left out has no data this round: answered, as a meter's "no data" reply is
                    chunk.forEach(p -> round.outcomes().done(p.meter().address(),
                            answered.contains(p.point()) ? PollOutcome.OK : PollOutcome.ERROR_REPLY));
                    deliver(out, 0);
                    return null;
                });
    }

    /** The series of an energy unit as readings: total and T1..TM, EE values left out, primary side. */
    private static void energy(MeterPoint p, Gw376Data.Energy e, Instant at, Source source, List<Reading> out) {
        Gw376Data.Series s = e.series().get(0);
        for (int i = 0; i < s.values().size(); i++) {
            Optional<java.math.BigDecimal> v = s.values().get(i);
            if (v.isPresent()) {
                String q = s.quantity() + (i == 0 ? ".total" : ".t" + i);
                double value = v.get().doubleValue() * ReadingConverter.factor(q, p.ctRatio(), p.vtRatio());
                out.add(new Reading(p.meter().address(), at, q, value, s.unit(), Quality.ACTUAL, source));
            }
        }
    }

    /** Each DI of the meter's plan forwarded as a DL/T 645 read through 10 F1, one after the other. */
    private static PollOutcome outcomeOf(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return t instanceof RequestFailed r && r.kind() == RequestFailed.Kind.TIMEOUT ? PollOutcome.TIMEOUT
                : PollOutcome.DISCONNECTED;
    }

    /** @param tally whether this path's outcome is the meter's for the round (the forward path alone) */
    private CompletableFuture<Void> forward(MeterPoint p, boolean tally) {
        Dlt645Edition edition = p.meter().edition();
        List<Long> dis = round.dataIds().get(edition);
        Map<Long, List<Dlt645Value>> values = new TreeMap<>();
        int[] attempts = {0};
        PollOutcome[] outcome = {PollOutcome.OK};
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (long di : dis) {
            chain = chain.thenCompose(x -> forwardOne(p, edition, di).handle((frame, failure) -> {
                attempts[0]++;
                if (failure != null || frame == null) {
                    outcome[0] = failure != null ? outcomeOf(failure) : PollOutcome.TIMEOUT;
                    return null;
                }
                try {
                    if (frame.control().isAbnormal()) {
                        outcome[0] = PollOutcome.ERROR_REPLY;
                    } else if (frame.address().equals(p.address()) && frame.dataId(edition) == di) {
                        values.put(di, Dlt645Messages.values(edition, frame));
                    } else {
                        outcome[0] = PollOutcome.BAD_FRAME;
                    }
                } catch (Dlt645Exception | IllegalArgumentException e) {
                    outcome[0] = PollOutcome.BAD_FRAME;
                }
                return null;
            }));
        }
        return chain.thenAccept(x -> {
            if (outcome[0] != PollOutcome.OK) {
                round.failures().incrementAndGet();
            }
            if (tally) {
                round.outcomes().done(p.meter().address(), outcome[0]);
            }
            MeterJob job = new MeterJob(p.address(), edition, dis, round.onDemand(), r -> { });
            JobResult r = new JobResult(job, outcome[0], values, round.clock().instant(), attempts[0]);
            deliver(ReadingConverter.readings(r, p.meter().address(), p.ctRatio(), p.vtRatio()), 0);
        });
    }

    /** The meter's reply frame to one forwarded read; null when the meter did not answer (empty 10 F1 reply or deny). */
    private CompletableFuture<Dlt645Frame> forwardOne(MeterPoint p, Dlt645Edition edition, long di) {
        return Forwarded.read(session, round.settings(), p, edition, di).thenApply(Forwarded::meterFrame);
    }

    /** 0D F161 for every owed day, a request per day and chunk of points owing it. */
    private List<CompletableFuture<Void>> daily(LocalDate today) {
        Map<LocalDate, List<MeterPoint>> owed = new TreeMap<>();
        for (MeterPoint p : points) {
            for (LocalDate d : round.ledger().missing(p.meter().address(), today)) {
                owed.computeIfAbsent(d, k -> new ArrayList<>()).add(p);
            }
        }
        List<CompletableFuture<Void>> out = new ArrayList<>();
        owed.forEach((day, ps) -> {
            for (List<MeterPoint> chunk : chunks(ps)) {
                out.add(daily(day, chunk, today));
            }
        });
        return out;
    }

    private CompletableFuture<Void> daily(LocalDate day, List<MeterPoint> chunk, LocalDate today) {
        List<Integer> pns = chunk.stream().map(MeterPoint::point).toList();
        Map<Integer, MeterPoint> at = byPoint(chunk);
        // read on the day after: the day's reading as scheduled; any later: filled in from frozen data
        Source source = day.plusDays(1).equals(today) ? Source.SCHEDULED : Source.BACKFILL;
        Instant end = DayLedger.endOf(day, round.settings().zone());
        return session.request(seq -> Gw376Messages.readDailyEnergy(session.address(), seq, day, pns), Gw376Afn.CLASS2.code())
                .handle((reply, failure) -> {
                    if (failure != null || reply.denied()) {
                        failed("0D F161 " + day, failure);
                        return null;
                    }
                    List<Reading> out = new ArrayList<>();
                    for (Gw376Frame f : reply.frames()) {
                        for (Gw376Unit u : f.units()) {
                            MeterPoint p = at.get(u.pn());
                            if (u.fn() == 161 && p != null && u.data() instanceof Gw376Data.Energy e
                                    && e.day().filter(day::equals).isPresent() && e.total().isPresent()) {
                                int before = out.size();
                                energy(p, e, end, source, out);
                                if (out.size() > before) {
                                    round.ledger().complete(p.meter().address(), day, source);
                                }
                            }
                        }
                    }
                    deliver(out, source == Source.BACKFILL ? out.size() : 0);
                    return null;
                });
    }

    private void failed(String what, Throwable failure) {
        round.failed(session, what, failure);
    }

    private void deliver(List<Reading> readings, int backfilled) {
        if (readings.isEmpty()) {
            return;
        }
        round.readings().addAndGet(readings.size());
        round.backfilled().addAndGet(backfilled);
        if (backfilled > 0) {
            round.metrics().backfilled(backfilled);
        }
        round.sink().accept(readings);
    }
}
