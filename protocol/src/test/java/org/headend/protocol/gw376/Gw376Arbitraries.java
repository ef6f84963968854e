package org.headend.protocol.gw376;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.headend.protocol.wire.Octets;

/** Random valid frames for the properties: every AFN/Fn layout the codec types, raw units, all AUX combinations. */
final class Gw376Arbitraries {

    /** AFN, direction and units of a frame. */
    record Body(int afn, boolean up, List<Gw376Group> groups) {
    }

    private Gw376Arbitraries() {
    }

    static Arbitrary<Gw376Frame> frames() {
        Arbitrary<Gw376Address> address = Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 127), Arbitraries.of(true, false))
                .as(Gw376Address::new);
        Arbitrary<Integer> controlBits = Arbitraries.integers().between(0, 0x7F);
        Arbitrary<Integer> seqBits = Arbitraries.integers().between(0, 0x7F);
        Arbitrary<Gw376Tp> tp = Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 23), Arbitraries.integers().between(1, 31),
                Arbitraries.integers().between(0, 255)).as(Gw376Tp::new).injectNull(0.5);
        Arbitrary<byte[]> pw = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<Gw376Frame.EventCounters> ec = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255)).as(Gw376Frame.EventCounters::new);
        return Combinators.combine(bodies(), address, controlBits, seqBits, tp, pw, ec, Arbitraries.of(1, 2))
                .as((body, a, c, s, t, p, e, id) -> {
                    Gw376Control control = new Gw376Control((body.up() ? 0x80 : 0) | c);
                    Gw376Seq seq = Gw376Seq.of(s).withTpv(t != null);
                    Octets password = !body.up() && Gw376Afn.downlinkHasPw(body.afn()) ? Octets.of(p) : null;
                    return new Gw376Frame(id, control, a, body.afn(), seq, body.groups(), password, control.acd() ? e : null, t);
                });
    }

    static Arbitrary<Body> bodies() {
        return Arbitraries.oneOf(requests(), energyReplies(), clocks(), frozenRequests(), acks(), events(), forwarding(), raw(), linkTests());
    }

    private static Arbitrary<List<Integer>> points() {
        return Arbitraries.integers().between(1, Gw376DataId.MAX_PN).list().ofMinSize(1).ofMaxSize(12);
    }

    /** Reads without data, several points and Fn per identifier (0C, 0A down). */
    private static Arbitrary<Body> requests() {
        return Combinators.combine(Arbitraries.of(0x0C, 0x0A), points(),
                        Arbitraries.integers().between(1, Gw376DataId.MAX_FN).filter(f -> f != 10).list().ofMinSize(1).ofMaxSize(5))
                .as((afn, pns, fns) -> new Body(afn, false, Gw376Group.requests(pns, fns)));
    }

    private static Arbitrary<Optional<BigDecimal>> value(int digits, int scale) {
        return Arbitraries.longs().between(0, (long) Math.pow(10, digits) - 1).map(v -> BigDecimal.valueOf(v, scale))
                .optional(0.8);
    }

    private static Arbitrary<LocalDateTime> minutes() {
        return Arbitraries.longs().between(0, 100L * 365 * 24 * 60 - 1).map(m -> LocalDateTime.of(2000, 1, 1, 0, 0).plusMinutes(m));
    }

    private static Arbitrary<Gw376Data.Energy> energy(Optional<LocalDate> day, Optional<YearMonth> month, List<String> quantities) {
        return Arbitraries.integers().between(0, Gw376Limits.MAX_TARIFFS).flatMap(m -> {
            List<Arbitrary<Gw376Data.Series>> series = new ArrayList<>();
            for (String q : quantities) {
                boolean active = q.startsWith("energy.active");
                series.add(value(active ? 10 : 8, active ? 4 : 2).list().ofSize(m + 1)
                        .map(v -> new Gw376Data.Series(q, active ? "kWh" : "kvarh", v)));
            }
            return Combinators.combine(minutes().optional(0.9), Combinators.combine(series).as(l -> l))
                    .as((t, s) -> new Gw376Data.Energy(day, month, t, m, s));
        });
    }

    /** 0C F129 / F33 and 0D F161 / F177 replies for a few points. */
    private static Arbitrary<Body> energyReplies() {
        List<String> all = List.of("energy.active.import", "energy.reactive.import", "energy.reactive.q1", "energy.reactive.q4");
        Arbitrary<Gw376Group> unit = Combinators.combine(Arbitraries.integers().between(1, Gw376DataId.MAX_PN), Arbitraries.of(129, 33))
                .flatAs((pn, fn) -> energy(Optional.empty(), Optional.empty(), fn == 129 ? all.subList(0, 1) : all)
                        .map(e -> Gw376Group.of(pn, fn, e)));
        Arbitrary<Gw376Group> frozen = Combinators.combine(Arbitraries.integers().between(1, Gw376DataId.MAX_PN), Arbitraries.of(161, 177),
                        minutes())
                .flatAs((pn, fn, t) -> energy(fn == 161 ? Optional.of(t.toLocalDate()) : Optional.empty(),
                        fn == 177 ? Optional.of(YearMonth.from(t)) : Optional.empty(), all.subList(0, 1)).map(e -> Gw376Group.of(pn, fn, e)));
        return Arbitraries.oneOf(unit.list().ofMinSize(1).ofMaxSize(3).map(g -> new Body(0x0C, true, g)),
                frozen.list().ofMinSize(1).ofMaxSize(3).map(g -> new Body(0x0D, true, g)));
    }

    private static Arbitrary<Gw376Data.Clock> clock() {
        return Combinators.combine(minutes(), Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 7))
                .as((t, s, w) -> new Gw376Data.Clock(t.withSecond(s), w));
    }

    private static Arbitrary<Body> clocks() {
        return Combinators.combine(clock(), Arbitraries.of(0, 1, 2)).as((c, kind) -> switch (kind) {
            case 0 -> new Body(0x0C, true, List.of(Gw376Group.of(0, 2, c)));
            case 1 -> new Body(0x05, false, List.of(Gw376Group.of(0, 31, c)));
            default -> new Body(0x02, true, List.of(Gw376Group.of(0, 3, c)));
        });
    }

    private static Arbitrary<Body> frozenRequests() {
        return Combinators.combine(points(), minutes(), Arbitraries.of(true, false)).as((pns, t, daily) -> new Body(0x0D, false,
                Gw376Group.requests(pns, List.of(daily ? 161 : 177),
                        (p, f) -> daily ? new Gw376Data.Day(t.toLocalDate()) : new Gw376Data.Month(YearMonth.from(t)))));
    }

    private static Arbitrary<Body> acks() {
        Arbitrary<Gw376Data.Ack> ack = Combinators.combine(Arbitraries.integers().between(0, 64), Arbitraries.integers().between(1, 248),
                Arbitraries.integers().between(0, 255)).as((pn, fn, err) -> new Gw376Data.Ack(Gw376DataId.of(pn, fn), err));
        return Combinators.combine(Arbitraries.integers().between(0, 255), ack.list().ofMaxSize(6), Arbitraries.of(true, false))
                .as((afn, list, up) -> new Body(0x00, up, List.of(Gw376Group.of(0, 3, new Gw376Data.Acks(afn, list)))));
    }

    private static Arbitrary<Body> events() {
        Arbitrary<Gw376Event> init = Combinators.combine(minutes(), Arbitraries.integers().between(0, 255),
                        Arbitraries.strings().ofLength(4).withCharRange('\0', '\u00FF'), Arbitraries.strings().ofLength(4).withCharRange('\0', '\u00FF'))
                .as(Gw376Event.TerminalInit::new);
        Arbitrary<java.util.Optional<java.time.LocalDateTime>> time = Arbitraries.oneOf(minutes().map(java.util.Optional::of),
                Arbitraries.just(java.util.Optional.empty()));
        Arbitrary<java.util.OptionalInt> attributes = Arbitraries.oneOf(Arbitraries.integers().between(0, 255)
                .map(java.util.OptionalInt::of), Arbitraries.just(java.util.OptionalInt.empty()));
        Arbitrary<Gw376Event> power = Combinators.combine(attributes, time, time).as(Gw376Event.PowerOnOff::new);
        Arbitrary<Gw376Event> clock = Combinators.combine(minutes(), Arbitraries.integers().between(0, 0x0FFF),
                Arbitraries.of(true, false)).as(Gw376Event.MeterClock::new);
        // ERC 12 and 14 are decoded, so raw records of them would not come back raw
        Arbitrary<Gw376Event> other = Combinators.combine(Arbitraries.integers().between(2, 255).filter(e -> e != 12 && e != 14),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as((erc, c) -> new Gw376Event.Other(erc, Octets.of(c)));
        Arbitrary<Integer> b = Arbitraries.integers().between(0, 255);
        return Combinators.combine(b, b, b, b, Arbitraries.oneOf(init, power, clock, other).list().ofMaxSize(4), Arbitraries.of(1, 2))
                .as((ec1, ec2, pm, pn, records, fn) -> new Body(0x0E, true,
                        List.of(Gw376Group.of(0, fn, new Gw376Data.Events(ec1, ec2, pm, pn, records)))));
    }

    private static Arbitrary<Body> forwarding() {
        Arbitrary<Integer> b = Arbitraries.integers().between(0, 255);
        Arbitrary<Octets> frame = Arbitraries.bytes().array(byte[].class).ofMaxSize(60).map(Octets::of);
        Arbitrary<Body> down = Combinators.combine(b, b, b, b, frame)
                .as((port, c, ft, bt, f) -> new Body(0x10, false, List.of(Gw376Group.of(0, 1, new Gw376Data.ForwardRequest(port, c, ft, bt, f)))));
        Arbitrary<Body> up = Combinators.combine(b, frame)
                .as((port, f) -> new Body(0x10, true, List.of(Gw376Group.of(0, 1, new Gw376Data.ForwardReply(port, f)))));
        return Arbitraries.oneOf(down, up);
    }

    /** AFNs and Fn without a layout: the unit keeps its bytes. */
    private static Arbitrary<Body> raw() {
        return Combinators.combine(Arbitraries.of(0x03, 0x04, 0x09, 0x0B, 0x0F, 0x11, 0x42, 0xFE),
                        Arbitraries.integers().between(0, 64), Arbitraries.integers().between(1, 248),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(50), Arbitraries.of(true, false))
                .as((afn, pn, fn, bytes, up) -> new Body(afn, up, List.of(Gw376Group.of(pn, fn, Gw376Data.Raw.of(bytes)))));
    }

    private static Arbitrary<Body> linkTests() {
        return Combinators.combine(Arbitraries.of(0x00, 0x02), Arbitraries.integers().between(1, 3), Arbitraries.of(true, false))
                .as((afn, fn, up) -> new Body(afn, up, List.of(Gw376Group.of(0, afn == 0 ? Math.min(fn, 2) : fn, Gw376Data.NONE))));
    }
}
