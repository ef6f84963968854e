package org.headend.protocol.gw376;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.headend.protocol.gw376.Gw376Data.Ack;
import org.headend.protocol.wire.Octets;

/**
 * Static entries for the frames a master station and a terminal exchange (protocols.md §3.8,
 * §3.10). Master side: confirm/deny, reads of 0C F2 / F129, 0D F161, 0A, 0E, clock set 05 F31 and
 * transparent forwarding 10 F1. Terminal side (the simulator's concentrators): login, heartbeat,
 * logout, replies (one frame or several with FIR/FIN). {@code pseq} is 0..15 and chosen by the
 * caller, which matches replies with {@link Gw376Frame#answers}.
 */
public final class Gw376Messages {

    /** The PW plain masters send: 16 zero bytes [ID1869017764]. */
    public static final Octets ZERO_PW = Octets.of(new byte[Gw376Limits.PW_LENGTH]);

    private Gw376Messages() {
    }

    private static Gw376Frame frame(Gw376Control c, Gw376Address a, Gw376Afn afn, Gw376Seq seq, List<Gw376Group> groups, Octets pw) {
        return new Gw376Frame(Gw376Limits.PROTOCOL_1376_1, c, a, afn.code(), seq, groups, pw, null, null);
    }

    private static Gw376Frame request(Gw376Control c, Gw376Address a, Gw376Afn afn, int pseq, List<Gw376Group> groups, Octets pw) {
        return frame(c, a, afn, Gw376Seq.single(pseq, false), groups, pw);
    }

    // ---- master station ----

    /**
     * AFN 00 F1, all confirmed, for {@code request} (a login, heartbeat or any frame with CON = 1):
     * same address and sequence number; C = 0B after a link test, 00 otherwise.
     */
    public static Gw376Frame confirm(Gw376Frame request) {
        return masterAnswer(request, Gw376Group.of(0, 1, Gw376Data.NONE));
    }

    /** AFN 00 F2, all denied, for {@code request}. */
    public static Gw376Frame deny(Gw376Frame request) {
        return masterAnswer(request, Gw376Group.of(0, 2, Gw376Data.NONE));
    }

    /** AFN 00 F3: confirm or deny each unit of {@code request} (ERR 0 = correct). */
    public static Gw376Frame acknowledge(Gw376Frame request, List<Ack> acks) {
        return masterAnswer(request, Gw376Group.of(0, 3, new Gw376Data.Acks(request.afn(), acks)));
    }

    private static Gw376Frame masterAnswer(Gw376Frame request, Gw376Group unit) {
        Gw376Control c = request.afn() == Gw376Afn.LINK_TEST.code() ? Gw376Control.LINK_STATUS : Gw376Control.MASTER_CONFIRM;
        return request(c, request.address(), Gw376Afn.CONFIRM, request.sequence(), List.of(unit), null);
    }

    /** 0C F129: current forward active energy of each point (several points share a DA per group of 8). */
    public static Gw376Frame readCurrentEnergy(Gw376Address a, int pseq, Collection<Integer> points) {
        return request(Gw376Control.REQUEST_LEVEL2, a, Gw376Afn.CLASS1, pseq, Gw376Group.requests(points, List.of(129)), null);
    }

    /** 0C p0 F2: the terminal's calendar clock. */
    public static Gw376Frame readClock(Gw376Address a, int pseq) {
        return request(Gw376Control.REQUEST_LEVEL2, a, Gw376Afn.CLASS1, pseq, List.of(Gw376Group.of(0, 2, Gw376Data.NONE)), null);
    }

    /** 0D F161: forward active energy each point froze on {@code day} (td_d). */
    public static Gw376Frame readDailyEnergy(Gw376Address a, int pseq, LocalDate day, Collection<Integer> points) {
        Gw376Data.Day td = new Gw376Data.Day(day);
        return request(Gw376Control.REQUEST_LEVEL2, a, Gw376Afn.CLASS2, pseq, Gw376Group.requests(points, List.of(161), (p, f) -> td), null);
    }

    /** 0A: parameters {@code fns} of point {@code pn}. */
    public static Gw376Frame queryParameters(Gw376Address a, int pseq, int pn, Collection<Integer> fns) {
        return request(Gw376Control.REQUEST_LEVEL2, a, Gw376Afn.QUERY_PARAMETERS, pseq, Gw376Group.requests(List.of(pn), fns), null);
    }

    /** 0E F1 (important) or F2 (normal) events from pointer {@code start} to {@code end} ⚠. */
    public static Gw376Frame readEvents(Gw376Address a, int pseq, boolean important, int start, int end) {
        return request(Gw376Control.REQUEST_LEVEL2, a, Gw376Afn.CLASS3, pseq,
                List.of(Gw376Group.of(0, important ? 1 : 2, new Gw376Data.EventQuery(start, end))), null);
    }

    /** 05 p0 F31: set the terminal clock to {@code time} (A.1); {@code pw} 16 bytes, e.g. {@link #ZERO_PW}. */
    public static Gw376Frame setClock(Gw376Address a, int pseq, LocalDateTime time, Octets pw) {
        return request(Gw376Control.REQUEST_LEVEL1, a, Gw376Afn.CONTROL, pseq,
                List.of(Gw376Group.of(0, 31, Gw376Data.Clock.of(time))), pw);
    }

    /** 10 p0 F1: forward a meter frame through a terminal port ({@link Gw376Data.ForwardRequest#dlt645}). */
    public static Gw376Frame forward(Gw376Address a, int pseq, Gw376Data.ForwardRequest request, Octets pw) {
        return request(Gw376Control.REQUEST_LEVEL2, a, Gw376Afn.FORWARDING, pseq, List.of(Gw376Group.of(0, 1, request)), pw);
    }

    /** {@code frame} with Tp added (SEQ.TpV = 1), as masters send with reads. */
    public static Gw376Frame withTp(Gw376Frame frame, Gw376Tp tp) {
        return new Gw376Frame(frame.protocolId(), frame.control(), frame.address(), frame.afn(), frame.seq().withTpv(tp != null),
                frame.groups(), frame.pw(), frame.ec(), tp);
    }

    // ---- terminal ----

    /**
     * Uplink {@code frame} with ACD = 1 and {@code ec} in its AUX tail (§3.7): the terminal has
     * important events the master has not read; null {@code ec} gives the frame with ACD = 0.
     */
    public static Gw376Frame withEventCounters(Gw376Frame frame, Gw376Frame.EventCounters ec) {
        if (!frame.control().up()) {
            throw new IllegalArgumentException("EC travels on uplink frames only, not on " + frame.control());
        }
        int c = ec == null ? frame.control().value() & ~0x20 : frame.control().value() | 0x20;
        return new Gw376Frame(frame.protocolId(), new Gw376Control(c), frame.address(), frame.afn(), frame.seq(),
                frame.groups(), frame.pw(), ec, frame.tp());
    }

    /** AFN 02 p0 F1 login, CON = 1, MSA 0 (§3.10). */
    public static Gw376Frame login(Gw376Address terminal, int pseq) {
        return linkTest(terminal, pseq, 1, Gw376Data.NONE);
    }

    /** AFN 02 p0 F2 logout. */
    public static Gw376Frame logout(Gw376Address terminal, int pseq) {
        return linkTest(terminal, pseq, 2, Gw376Data.NONE);
    }

    /** AFN 02 p0 F3 heartbeat, without clock. */
    public static Gw376Frame heartbeat(Gw376Address terminal, int pseq) {
        return linkTest(terminal, pseq, 3, Gw376Data.NONE);
    }

    /** AFN 02 p0 F3 heartbeat carrying the terminal clock (A.1) [THW]. */
    public static Gw376Frame heartbeat(Gw376Address terminal, int pseq, LocalDateTime clock) {
        return linkTest(terminal, pseq, 3, Gw376Data.Clock.of(clock));
    }

    private static Gw376Frame linkTest(Gw376Address terminal, int pseq, int fn, Gw376Data data) {
        return frame(Gw376Control.LINK_TEST, terminal.withMaster(0), Gw376Afn.LINK_TEST, Gw376Seq.single(pseq, true),
                List.of(Gw376Group.of(0, fn, data)), null);
    }

    /** The terminal's AFN 00 F1 (C = 80) for {@code request}, e.g. after a clock set. */
    public static Gw376Frame terminalConfirm(Gw376Frame request) {
        return terminalAnswer(request, Gw376Control.TERMINAL_CONFIRM, Gw376Afn.CONFIRM.code(), List.of(Gw376Group.of(0, 1, Gw376Data.NONE)));
    }

    /** The terminal's AFN 00 F2 (C = 89): denied, or no data for what was asked. */
    public static Gw376Frame terminalDeny(Gw376Frame request) {
        return terminalAnswer(request, Gw376Control.TERMINAL_DENY, Gw376Afn.CONFIRM.code(), List.of(Gw376Group.of(0, 2, Gw376Data.NONE)));
    }

    /** A one-frame reply (C = 88) to {@code request} carrying {@code groups}; Tp echoed (§3.7). */
    public static Gw376Frame reply(Gw376Frame request, List<Gw376Group> groups) {
        return terminalAnswer(request, Gw376Control.RESPONSE, request.afn(), groups);
    }

    /** 10 F1 reply ⚠: the meter's frame from {@code port} (empty: the meter did not answer). */
    public static Gw376Frame forwardReply(Gw376Frame request, int port, byte[] meterFrame) {
        return reply(request, List.of(Gw376Group.of(0, 1, new Gw376Data.ForwardReply(port, Octets.of(meterFrame)))));
    }

    private static Gw376Frame terminalAnswer(Gw376Frame request, Gw376Control c, int afn, List<Gw376Group> groups) {
        Gw376Seq seq = new Gw376Seq(request.tp() != null, true, true, false, request.sequence());
        return new Gw376Frame(request.protocolId(), c, request.address(), afn, seq, groups, null, null, request.tp());
    }

    /**
     * A reply to {@code request} split so that no frame's user data exceeds {@code maxUserDataLength}:
     * FIR on the first, FIN on the last, RSEQ counting on from the request's PSEQ ⚠ ({@link Gw376Seq}).
     * Groups are never split; one too large for a frame is refused.
     */
    public static List<Gw376Frame> replies(Gw376Frame request, List<Gw376Group> groups, int maxUserDataLength) {
        Gw376Frame empty = reply(request, List.of());
        int base = Gw376Encoder.userDataLength(empty);
        List<List<Gw376Group>> parts = new ArrayList<>();
        List<Gw376Group> part = new ArrayList<>();
        int size = base;
        for (Gw376Group g : groups) {
            int n = Gw376Encoder.userDataLength(reply(request, List.of(g))) - base;
            if (base + n > maxUserDataLength) {
                throw new IllegalArgumentException("group " + g.id() + " of " + n + " bytes does not fit a frame of "
                        + maxUserDataLength + " bytes of user data");
            }
            if (size + n > maxUserDataLength && !part.isEmpty()) {
                parts.add(part);
                part = new ArrayList<>();
                size = base;
            }
            part.add(g);
            size += n;
        }
        parts.add(part);
        List<Gw376Frame> out = new ArrayList<>(parts.size());
        for (int k = 0; k < parts.size(); k++) {
            Gw376Seq seq = new Gw376Seq(empty.seq().tpv(), k == 0, k == parts.size() - 1, false, (request.sequence() + k) & 0x0F);
            out.add(new Gw376Frame(empty.protocolId(), empty.control(), empty.address(), empty.afn(), seq, parts.get(k),
                    null, null, empty.tp()));
        }
        return out;
    }
}
