package org.headend.simulator;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.gw376.Gw376Address;
import org.headend.protocol.gw376.Gw376Afn;
import org.headend.protocol.gw376.Gw376Data;
import org.headend.protocol.gw376.Gw376Event;
import org.headend.protocol.gw376.Gw376Frame;
import org.headend.protocol.gw376.Gw376Group;
import org.headend.protocol.gw376.Gw376Messages;
import org.headend.protocol.gw376.Gw376Unit;

/**
 * One simulated Q/GDW 1376.1 concentrator: a terminal address, the meters behind it (point
 * p1..pN in order), its own clock (the simulator's plus an offset that can drift and be set), and
 * the daily frozen forward active energy of each meter, frozen at each local midnight and kept for
 * {@value ConcentratorFleetConfig#MAX_DAYS} days. What it answers is a function of the request,
 * the meters and the clock ({@link #answer}); the connection, login, heartbeats and faults are
 * {@link ConcentratorLink}'s. Thread-safe: answers run on its event loop, tests switch faults and
 * inspect it from theirs.
 */
public final class SimulatedConcentrator {

    private final String name;
    private final Gw376Address address;
    private final List<SimulatedMeter> meters;
    private final Clock clock;
    private final int maxUserData;
    private final FaultSwitch<ConcentratorFault> faults = new FaultSwitch<>(ConcentratorFault.class);
    /** Day → registers (total, T1..T4 in 0.01 kWh) of each meter at the midnight ending that day. */
    private final TreeMap<LocalDate, long[][]> frozen = new TreeMap<>();
    private LocalDate lastFrozen;
    private volatile Duration clockOffset = Duration.ZERO;
    private final TerminalEvents events = new TerminalEvents();
    volatile ConcentratorLink link;

    /** @param maxUserData largest user data of one reply frame; longer replies go in several (FIR/FIN) */
    SimulatedConcentrator(String name, int region, int terminal, List<SimulatedMeter> meters, Clock clock, int historyDays,
                          int maxUserData) {
        this.maxUserData = maxUserData;
        this.name = name;
        this.address = Gw376Address.of(region, terminal, 0);
        this.meters = List.copyOf(meters);
        this.clock = clock;
        this.lastFrozen = LocalDate.ofInstant(clock.instant(), LoadCurve.ZONE).minusDays(historyDays + 1L);
        freeze();
    }

    public String name() {
        return name;
    }

    /** The terminal's address (MSA 0, as it sends it). */
    public Gw376Address address() {
        return address;
    }

    /** {@code RRRR-NNNNN}, as the collector's archive writes a concentrator. */
    public String archiveName() {
        return String.format("%04X-%05d", address.region(), address.terminal());
    }

    /** The meters, point p1 first. */
    public List<SimulatedMeter> meters() {
        return meters;
    }

    /** The terminal's clock now. */
    public Instant clockNow() {
        return clock.instant().plus(clockOffset);
    }

    /** Moves the terminal's clock by {@code d} (a drifting clock, or a test). */
    public void shiftClock(Duration d) {
        clockOffset = clockOffset.plus(d);
    }

    public Duration clockOffset() {
        return clockOffset;
    }

    /**
     * The terminal lost its power at {@code off} and got it back at {@code on} (its local time, whole
     * minutes): an important ERC 14 record, which sets ACD with EC on its replies until the master reads it.
     */
    public void powerCycle(LocalDateTime off, LocalDateTime on) {
        events.record(new Gw376Event.PowerOnOff(OptionalInt.empty(), Optional.of(off), Optional.of(on)), true);
    }

    /** Records any event (important: counted in EC1 and flagged by ACD; else EC2). */
    public void recordEvent(Gw376Event e, boolean important) {
        events.record(e, important);
    }

    /** EC1 (important) or EC2 (normal): records made so far, mod 256. */
    public int eventCount(boolean important) {
        return events.count(important);
    }

    public void fault(ConcentratorFault f) {
        faults.set(f, 1.0);
    }

    public void clearFaults() {
        faults.clear();
    }

    FaultSwitch<ConcentratorFault> faults() {
        return faults;
    }

    boolean hasFault(ConcentratorFault f) {
        return faults.active().containsKey(f);
    }

    /** Days of frozen data held, oldest first. */
    public synchronized List<LocalDate> frozenDays() {
        freeze();
        return List.copyOf(frozen.keySet());
    }

    /** Register of meter {@code index} frozen for {@code day} (0.01 kWh: total, T1..T4), if held. */
    public synchronized Optional<long[]> frozen(int index, LocalDate day) {
        freeze();
        long[][] v = frozen.get(day);
        return v == null ? Optional.empty() : Optional.of(v[index].clone());
    }

    /**
     * Freezes every day whose midnight has passed since the last freeze, in order (so the meters'
     * registers are asked for increasing instants), and forgets days beyond the 62 kept.
     */
    synchronized void freeze() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), LoadCurve.ZONE);
        for (LocalDate d = lastFrozen.plusDays(1); d.isBefore(today); d = d.plusDays(1)) {
            Instant end = d.plusDays(1).atStartOfDay(LoadCurve.ZONE).toInstant();
            long[][] v = new long[meters.size()][];
            for (int i = 0; i < v.length; i++) {
                v[i] = meters.get(i).forwardActive(end);
            }
            frozen.put(d, v);
            lastFrozen = d;
        }
        while (frozen.size() > ConcentratorFleetConfig.MAX_DAYS) {
            frozen.pollFirstEntry();
        }
    }

    /** The reply frames to a master's request. */
    List<Gw376Frame> answer(Gw376Frame request) {
        Optional<Gw376Afn> afn = request.function();
        if (afn.isEmpty()) {
            return List.of(Gw376Messages.terminalDeny(request));
        }
        freeze();
        List<Gw376Frame> replies = switch (afn.get()) {
            case CLASS1 -> units(request, class1(request));
            case CLASS2 -> units(request, class2(request));
            case CLASS3 -> units(request, class3(request));
            case FORWARDING -> List.of(forward(request));
            case CONTROL -> control(request);
            default -> List.of(Gw376Messages.terminalDeny(request));
        };
        return flagged(replies);
    }

    /** {@code frames} with ACD and EC while important events wait unread (§3.7). */
    List<Gw376Frame> flagged(List<Gw376Frame> frames) {
        Gw376Frame.EventCounters ec = events.pending();
        return ec == null ? frames : frames.stream().map(f -> Gw376Messages.withEventCounters(f, ec)).toList();
    }

    /** 0E F1 (important) / F2 (normal) from Pm to Pn. */
    private List<Gw376Group> class3(Gw376Frame request) {
        List<Gw376Group> out = new ArrayList<>();
        for (Gw376Unit u : request.units()) {
            if (u.pn() == 0 && (u.fn() == 1 || u.fn() == 2) && u.data() instanceof Gw376Data.EventQuery q) {
                out.add(Gw376Group.of(0, u.fn(), events.answer(q, u.fn() == 1)));
            }
        }
        return out;
    }

    private List<Gw376Frame> units(Gw376Frame request, List<Gw376Group> groups) {
        return groups.isEmpty() ? List.of(Gw376Messages.terminalDeny(request)) : Gw376Messages.replies(request, groups, maxUserData);
    }

    private LocalDateTime localNow() {
        return LocalDateTime.ofInstant(clockNow(), LoadCurve.ZONE).truncatedTo(ChronoUnit.SECONDS);
    }

    private List<Gw376Group> class1(Gw376Frame request) {
        List<Gw376Group> out = new ArrayList<>();
        Instant now = clock.instant();
        LocalDateTime readTime = localNow().truncatedTo(ChronoUnit.MINUTES);
        for (Gw376Unit u : request.units()) {
            if (u.pn() == 0 && u.fn() == 2) {
                out.add(Gw376Group.of(0, 2, Gw376Data.Clock.of(localNow())));
            } else if (u.fn() == 129 && u.pn() >= 1 && u.pn() <= meters.size()) {
                long[] r = meters.get(u.pn() - 1).forwardActive(now);
                out.add(Gw376Group.of(u.pn(), 129, Gw376Data.Energy.current(readTime, kwh(r))));
            }
        }
        return out;
    }

    private synchronized List<Gw376Group> class2(Gw376Frame request) {
        List<Gw376Group> out = new ArrayList<>();
        for (Gw376Unit u : request.units()) {
            if (u.fn() == 161 && u.pn() >= 1 && u.pn() <= meters.size() && u.data() instanceof Gw376Data.Day d) {
                long[][] v = frozen.get(d.day());
                if (v != null) {
                    LocalDateTime readTime = d.day().plusDays(1).atStartOfDay();
                    out.add(Gw376Group.of(u.pn(), 161, Gw376Data.Energy.dayFrozen(d.day(), readTime, kwh(v[u.pn() - 1]))));
                }
            }
        }
        return out;
    }

    private static List<BigDecimal> kwh(long[] registers) {
        return Arrays.stream(registers).mapToObj(v -> BigDecimal.valueOf(v, 2)).toList();
    }

    /** 10 F1: the DL/T 645 frame goes to the meters behind port; their answer (or silence) comes back. */
    private Gw376Frame forward(Gw376Frame request) {
        Optional<Gw376Data.ForwardRequest> fr = request.data(0, 1, Gw376Data.ForwardRequest.class);
        if (fr.isEmpty()) {
            return Gw376Messages.terminalDeny(request);
        }
        byte[] b = fr.get().frame().toArray();
        int off = 0;
        while (off < b.length && (b[off] & 0xFF) == 0xFE) {
            off++;
        }
        byte[] reply = new byte[0];
        try {
            Dlt645Frame f = Dlt645FrameCodec.decode(b, off, b.length - off);
            if (Responder.respond(meters, f, clock.instant()) instanceof Responder.Answer a) {
                reply = Dlt645FrameCodec.encode(a.reply(), 4);
            }
        } catch (RuntimeException e) {
            // a frame the meters cannot read: they stay silent, as on the wire
        }
        return Gw376Messages.forwardReply(request, fr.get().port(), reply);
    }

    /** 05 F31 sets the clock; other controls are denied. */
    private List<Gw376Frame> control(Gw376Frame request) {
        Optional<Gw376Data.Clock> c = request.data(0, 31, Gw376Data.Clock.class);
        if (c.isEmpty()) {
            return List.of(Gw376Messages.terminalDeny(request));
        }
        Instant wanted = c.get().time().atZone(LoadCurve.ZONE).toInstant();
        clockOffset = Duration.between(clock.instant(), wanted);
        return List.of(Gw376Messages.terminalConfirm(request));
    }

    /** How it dials in: switch it off and on, or drop the connection. */
    public ConcentratorLink link() {
        return link;
    }

    /** Open connections and counters, for tests. */
    public ConcentratorLink.Stats stats() {
        ConcentratorLink l = link;
        return l == null ? new ConcentratorLink.Stats(0, 0, 0, false) : l.stats();
    }

    @Override
    public String toString() {
        return "SimulatedConcentrator[" + name + " " + address + ", " + meters.size() + " meters]";
    }

}
