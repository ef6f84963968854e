package org.headend.collector.concentrator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.headend.protocol.dlt645.Dlt645Value;
import org.headend.protocol.gw376.Gw376Afn;
import org.headend.protocol.gw376.Gw376Data;
import org.headend.protocol.gw376.Gw376Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock checks of one round through one concentrator (issue 5). The terminal clock (0C F2)
 * is read every round and set by 05 F31 when it drifts and {@code setClock} allows. Each meter's
 * clock is read through 10 F1 (DL/T 645 date 04000101 / C010, then time 04000102 / C011) when
 * {@link MeterClockDue} says it is due, and flagged beyond {@code meterClockDriftLimit}; meter
 * clocks are never set (a broadcast time sync reaches every meter on the port, gets no reply to
 * confirm it, and may move a meter across its daily freeze: docs/concentrators.md).
 */
final class ClockChecks {

    private static final Logger log = LoggerFactory.getLogger(ClockChecks.class);
    /** Date, then time, per edition. */
    private static final Map<Dlt645Edition, long[]> CLOCK_DIS = Map.of(Dlt645Edition.V2007, new long[] {0x04000101L, 0x04000102L},
            Dlt645Edition.V1997, new long[] {0xC010L, 0xC011L});

    private final ConcentratorSession session;
    private final TerminalReads.Round round;

    ClockChecks(ConcentratorSession session, TerminalReads.Round round) {
        this.session = session;
        this.round = round;
    }

    /**
     * The clock was read somewhere within the round trip, in whole seconds: compared with the
     * midpoint, a drift is flagged only when that uncertainty cannot explain it.
     */
    private static boolean beyond(Duration drift, Duration limit, Duration half) {
        return drift.abs().compareTo(limit.plus(half).plusSeconds(1)) > 0;
    }

    /** 0C F2; a drift beyond the limit is flagged, and set by 05 F31 when allowed. */
    CompletableFuture<Void> terminal() {
        ConcentratorSettings s = round.settings();
        String name = EventLog.terminal(session.address());
        return session.request(seq -> Gw376Messages.readClock(session.address(), seq), Gw376Afn.CLASS1.code())
                .thenCompose(reply -> {
                    Optional<Gw376Data.Clock> c = reply.first().data(0, 2, Gw376Data.Clock.class);
                    if (c.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    Duration half = Duration.ofNanos(reply.roundTripNanos() / 2);
                    Instant mid = round.clock().instant().minus(half);
                    Duration drift = Duration.between(mid, c.get().time().atZone(s.zone()).toInstant());
                    boolean beyond = beyond(drift, s.clockDriftLimit(), half);
                    round.events().clock(name, "terminal", mid, drift, s.clockDriftLimit(), beyond);
                    if (!beyond) {
                        return CompletableFuture.completedFuture("ok");
                    }
                    log.warn("terminal {} clock is off by {} s (limit {} s){}", session.address(), drift.toSeconds(),
                            s.clockDriftLimit().toSeconds(), s.setClock() ? "; setting it" : "; concentrators.setClock is off");
                    return s.setClock() ? set(name, drift) : CompletableFuture.completedFuture("drift");
                })
                .handle((outcome, failure) -> {
                    if (failure != null) {
                        round.failed(session, "0C F2", failure);
                        round.metrics().clockChecked("failed");
                    } else if (outcome != null) {
                        round.metrics().clockChecked(outcome);
                    }
                    return null;
                });
    }

    private CompletableFuture<String> set(String name, Duration drift) {
        LocalDateTime local = LocalDateTime.ofInstant(round.clock().instant(), round.settings().zone()).withNano(0);
        return session.request(seq -> Gw376Messages.setClock(session.address(), seq, local, Gw376Messages.ZERO_PW),
                Gw376Afn.CONTROL.code()).thenApply(r -> {
                    boolean ok = !r.denied() && r.first().afn() == Gw376Afn.CONFIRM.code();
                    ClockSet set = new ClockSet(name, round.clock().instant(), drift, ok);
                    log.info("terminal clock set: {}", set);
                    round.clocks().set(set);
                    round.events().clockSet(set);
                    return ok ? "set" : "failed";
                });
    }

    /** The meter's date, then its time, through 10 F1; flagged beyond the meter limit, never set. */
    CompletableFuture<Void> meter(MeterPoint p) {
        Dlt645Edition edition = p.meter().edition();
        long[] dis = CLOCK_DIS.get(edition);
        return Forwarded.read(session, round.settings(), p, edition, dis[0])
                .thenCompose(dateReply -> Forwarded.read(session, round.settings(), p, edition, dis[1])
                        .thenApply(timeReply -> {
                            Optional<LocalDate> date = value(p, edition, dis[0], Forwarded.meterFrame(dateReply), Dlt645Value.Date.class)
                                    .map(Dlt645Value.Date::date);
                            Optional<LocalTime> time = value(p, edition, dis[1], Forwarded.meterFrame(timeReply), Dlt645Value.Time.class)
                                    .map(Dlt645Value.Time::time);
                            if (date.isEmpty() || time.isEmpty()) {
                                return "failed";
                            }
                            return judge(p, date.get(), time.get(), Duration.ofNanos(timeReply.roundTripNanos() / 2));
                        }))
                .handle((outcome, failure) -> {
                    if (failure != null) {
                        round.failed(session, "meter clock of " + p.meter().address(), failure);
                    }
                    round.metrics().meterClockChecked(failure != null ? "failed" : outcome);
                    return null;
                });
    }

    /** The meter's time read after its date belongs to that date or, past its midnight, to the next: the nearer. */
    private String judge(MeterPoint p, LocalDate date, LocalTime time, Duration half) {
        ConcentratorSettings s = round.settings();
        Instant mid = round.clock().instant().minus(half);
        Instant meter = null;
        for (LocalDate d : List.of(date, date.plusDays(1))) {
            Instant t = LocalDateTime.of(d, time).atZone(s.zone()).toInstant();
            if (meter == null || Duration.between(mid, t).abs().compareTo(Duration.between(mid, meter).abs()) < 0) {
                meter = t;
            }
        }
        Duration drift = Duration.between(mid, meter);
        boolean beyond = beyond(drift, s.meterClockDriftLimit(), half);
        if (round.events().clock(p.meter().address(), "meter", mid, drift, s.meterClockDriftLimit(), beyond)) {
            log.info("meter {} behind terminal {}: clock off by {} s (limit {} s); meter clocks are flagged, never set",
                    p.meter().address(), session.address(), drift.toSeconds(), s.meterClockDriftLimit().toSeconds());
        }
        return beyond ? "drift" : "ok";
    }

    /** The one value of a meter's normal reply to {@code di}, if it is one of {@code type}. */
    private static <T extends Dlt645Value> Optional<T> value(MeterPoint p, Dlt645Edition edition, long di, Dlt645Frame frame,
                                                             Class<T> type) {
        try {
            if (frame == null || frame.control().isAbnormal() || !frame.address().equals(p.address()) || frame.dataId(edition) != di) {
                return Optional.empty();
            }
            List<Dlt645Value> values = Dlt645Messages.values(edition, frame);
            return values.size() == 1 && type.isInstance(values.get(0)) ? Optional.of(type.cast(values.get(0))) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * When meter clocks are read: each meter at a phase within the period given by a hash of its
     * address (so the first reads spread over the first period instead of all landing in one round),
     * then every period. Kept per terminal, not per meter (a province has millions): a meter is due
     * in a round when one of its phase points falls between the terminal's last round and this one,
     * so a terminal that was offline catches up once.
     */
    static final class MeterClockDue {
        private final long every;
        private final long start;
        private final Map<Long, Long> lastRound = new ConcurrentHashMap<>();

        /** @param every 0: never */
        MeterClockDue(Duration every, Instant start) {
            this.every = every.toMillis();
            this.start = start.toEpochMilli();
        }

        /** The meters of {@code points} due in the round of terminal {@code terminalKey} at {@code now}. */
        List<MeterPoint> due(long terminalKey, List<MeterPoint> points, Instant now) {
            if (every == 0) {
                return List.of();
            }
            long to = now.toEpochMilli();
            long from = lastRound.getOrDefault(terminalKey, start);
            lastRound.put(terminalKey, Math.max(from, to));
            List<MeterPoint> out = new java.util.ArrayList<>();
            for (MeterPoint p : points) {
                long phase = start + Math.floorMod(p.meter().address().hashCode(), every);
                if (Math.floorDiv(to - phase, every) > Math.floorDiv(from - phase, every)) {
                    out.add(p);
                }
            }
            return out;
        }
    }
}
