package org.headend.collector.concentrator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.headend.protocol.gw376.Gw376Afn;
import org.headend.protocol.gw376.Gw376Data;
import org.headend.protocol.gw376.Gw376Event;
import org.headend.protocol.gw376.Gw376Frame;
import org.headend.protocol.gw376.Gw376Messages;
import org.headend.storage.MeterEvent;

/**
 * The terminal's own event records (AFN 0E, protocols.md §3.8), read when its frames say there
 * are new ones: an uplink frame with ACD = 1 carries the counters EC1 (important) and EC2
 * (normal), and a counter that moved past what was read asks for 0E F1 / F2 from the pointer
 * read up to (Pm &lt;= i &lt; Pn, vector G13-014). Reads continue from the Pn of each reply until the
 * counter is reached, at most {@value #MAX_REQUESTS} requests a round. After a restart of the
 * head-end the pointers are not known: the terminal's ring is read from 0, and what was stored
 * before is found already there (rows are keyed by subject, kind and start).
 */
final class EventReads {

    static final String POWER_DOWN = "power.down";
    static final String POWER_UP = "power.up";
    static final String TERMINAL_INIT = "terminal.init";
    /** ERC 12: the terminal's own finding that a meter's clock is beyond its threshold (AFN 04 F59) ⚠. */
    static final String METER_CLOCK = "clock.drift.by.terminal";
    private static final int MAX_REQUESTS = 16;

    /** Terminal key → pointers read up to: [important, normal]. Touched by one round of a terminal at a time. */
    private final Map<Long, int[]> read = new ConcurrentHashMap<>();
    /** Meter → its ERC 12 event begun and not yet ended, so that the record saying it ended can close it. */
    private final Map<String, MeterEvent> clockOpen = new ConcurrentHashMap<>();

    /** Reads what the counters last seen on {@code session} say is new; {@code points}: the terminal's meters. */
    CompletableFuture<Void> run(ConcentratorSession session, List<MeterPoint> points, TerminalReads.Round round) {
        Gw376Frame.EventCounters ec = session.eventCounters();
        if (ec == null) {
            return CompletableFuture.completedFuture(null);
        }
        int[] at = read.computeIfAbsent(session.terminalKey(), k -> new int[2]);
        Map<Integer, String> meters = new HashMap<>();
        points.forEach(p -> meters.put(p.point(), p.meter().address()));
        Source from = new Source(session, round, EventLog.terminal(session.address()), meters);
        return next(from, true, at, ec.important(), 0)
                .thenCompose(x -> next(from, false, at, ec.normal(), 0))
                .handle((x, failure) -> {
                    if (failure != null) {
                        round.failed(session, "0E", failure);
                    }
                    return null;
                });
    }

    /** What the records of one read are of: the terminal, its meters by point. */
    private record Source(ConcentratorSession session, TerminalReads.Round round, String terminal, Map<Integer, String> meters) {
    }

    private CompletableFuture<Void> next(Source src, boolean important, int[] at, int counter, int requests) {
        int k = important ? 0 : 1;
        int from = at[k];
        if (from == counter || requests >= MAX_REQUESTS) {
            return CompletableFuture.completedFuture(null);
        }
        ConcentratorSession session = src.session();
        return session.request(seq -> Gw376Messages.readEvents(session.address(), seq, important, from, counter),
                Gw376Afn.CLASS3.code()).thenCompose(reply -> {
                    Optional<Gw376Data.Events> e = reply.first().data(0, important ? 1 : 2, Gw376Data.Events.class);
                    if (reply.denied() || e.isEmpty() || e.get().end() == from) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    Instant now = src.round().clock().instant();
                    e.get().records().forEach(r -> src.round().events().add(event(src, r, now)));
                    src.round().metrics().terminalEvents(e.get().records().size());
                    at[k] = e.get().end();
                    return next(src, important, at, important ? e.get().important() : e.get().normal(), requests + 1);
                });
    }

    /** ERC 12 as a row of the meter at its point: begun, or ended (closing the row begun when this head-end read it). */
    private MeterEvent meterClock(Source src, Gw376Event.MeterClock c, Instant recorded) {
        ZoneId zone = src.round().settings().zone();
        String meter = src.meters().get(c.point());
        if (meter == null) {
            return new MeterEvent(src.terminal(), METER_CLOCK, at(c.time(), zone), Optional.empty(),
                    "ERC12 for point " + c.point() + ", which the archive does not place on this terminal", recorded);
        }
        Instant t = at(c.time(), zone);
        if (c.begins()) {
            MeterEvent e = new MeterEvent(meter, METER_CLOCK, t, Optional.empty(), "ERC12: the terminal found the meter clock"
                    + " beyond its threshold (point " + c.point() + ")", recorded);
            clockOpen.put(meter, e);
            return e;
        }
        MeterEvent open = clockOpen.remove(meter);
        if (open != null && !t.isBefore(open.started())) {
            return new MeterEvent(meter, METER_CLOCK, open.started(), Optional.of(t), open.detail(), recorded);
        }
        return new MeterEvent(meter, METER_CLOCK, t, Optional.of(t), "ERC12: the meter clock is back within the terminal's"
                + " threshold; when it left it was not read here (point " + c.point() + ")", recorded);
    }

    /**
     * One record as a row: ERC 12 as {@value #METER_CLOCK} of the meter at its point, ERC 14 as
     * power.down (off to on) or power.up (off time not recorded), ERC 1 as terminal.init, any other
     * as {@code erc.N} with its content in hex, starting at the time it begins with when it has one,
     * else when it was read ({@code recorded}).
     */
    MeterEvent event(Source src, Gw376Event r, Instant recorded) {
        String terminal = src.terminal();
        ZoneId zone = src.round().settings().zone();
        if (r instanceof Gw376Event.MeterClock c) {
            return meterClock(src, c, recorded);
        }
        if (r instanceof Gw376Event.PowerOnOff p && (p.off().isPresent() || p.on().isPresent())) {
            Optional<Instant> on = p.on().map(t -> at(t, zone));
            if (p.off().isEmpty()) {
                return new MeterEvent(terminal, POWER_UP, on.get(), Optional.empty(), "ERC14: power came back; off time not recorded",
                        recorded);
            }
            Instant off = at(p.off().get(), zone);
            Optional<Instant> end = on.filter(t -> !t.isBefore(off));
            return new MeterEvent(terminal, POWER_DOWN, off, end, "ERC14: terminal power off" + (end.isPresent() ? " and on"
                    : on.isPresent() ? "; on time " + p.on().get() + " before the off time, ignored" : ", not back yet"), recorded);
        }
        if (r instanceof Gw376Event.TerminalInit t) {
            return new MeterEvent(terminal, TERMINAL_INIT, at(t.time(), zone), Optional.empty(), String.format(
                    "ERC1: %s%s, version %s -> %s", t.initialised() ? "initialised" : "", t.versionChanged() ? " version changed" : "",
                    t.oldVersion().strip(), t.newVersion().strip()).replace(": ,", ":"), recorded);
        }
        Optional<LocalDateTime> time = r instanceof Gw376Event.Other o ? o.time() : Optional.empty();
        String content = r instanceof Gw376Event.Other o ? o.content().hex() : r.toString();
        return new MeterEvent(terminal, "erc." + r.erc(), time.map(t -> at(t, zone)).orElse(recorded), Optional.empty(),
                "ERC" + r.erc() + " (not decoded): " + content, recorded);
    }

    private static Instant at(LocalDateTime local, ZoneId zone) {
        return local.atZone(zone).toInstant();
    }
}
