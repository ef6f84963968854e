package org.headend.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.headend.protocol.gw376.Gw376Address;
import org.headend.protocol.gw376.Gw376Data;
import org.headend.protocol.gw376.Gw376Decoder;
import org.headend.protocol.gw376.Gw376Encoder;
import org.headend.protocol.gw376.Gw376Frame;
import org.headend.protocol.gw376.Gw376Messages;
import org.junit.jupiter.api.Test;

/** What a simulated concentrator answers, through the real 1376.1 codec both ways. */
class SimulatedConcentratorTest {

    final MutableClock clock = new MutableClock(OffsetDateTime.of(2026, 3, 2, 10, 0, 0, 0, LoadCurve.ZONE).toInstant());
    final List<SimulatedMeter> meters = Fleet.groups(7, 1, 4, i -> "ct-1").get(0);
    final SimulatedConcentrator c = new SimulatedConcentrator("ct-1", 0x1000, 1, meters, clock, 0, 16383);
    final Gw376Address master = Gw376Address.of(0x1000, 1, 1);

    /** The answer as the master would read it off the wire. */
    private List<Gw376Frame> ask(Gw376Frame request) {
        Gw376Frame sent = Gw376Decoder.decode(Gw376Encoder.encode(request));
        return c.answer(sent).stream().map(f -> Gw376Decoder.decode(Gw376Encoder.encode(f))).toList();
    }

    @Test
    void currentEnergyOfEachPointIsItsMetersRegisterInKwh() {
        List<Gw376Frame> r = ask(Gw376Messages.readCurrentEnergy(master, 3, List.of(1, 2, 3, 4)));
        assertEquals(1, r.size());
        assertEquals(3, r.get(0).sequence());
        for (int p = 1; p <= 4; p++) {
            Gw376Data.Energy e = r.get(0).data(p, 129, Gw376Data.Energy.class).orElseThrow();
            long[] reg = meters.get(p - 1).forwardActive(clock.instant());
            assertEquals(0, BigDecimal.valueOf(reg[0], 2).compareTo(e.total().orElseThrow()), "p" + p);
            assertEquals(4, e.tariffs());
        }
    }

    @Test
    void daysAreFrozenAtMidnightInOrderAndOnlyOnceOver() {
        LocalDate d = LocalDate.of(2026, 3, 2);
        assertEquals(List.of(), c.frozenDays(), "today is not over");
        assertTrue(ask(Gw376Messages.readDailyEnergy(master, 1, d, List.of(1))).get(0).unit(0, 2).isPresent(), "deny: no data");

        clock.advance(Duration.ofDays(3));
        assertEquals(List.of(d, d.plusDays(1), d.plusDays(2)), c.frozenDays());
        Gw376Frame r = ask(Gw376Messages.readDailyEnergy(master, 2, d.plusDays(1), List.of(2))).get(0);
        Gw376Data.Energy e = r.data(2, 161, Gw376Data.Energy.class).orElseThrow();
        assertEquals(d.plusDays(1), e.day().orElseThrow());
        long[] atMidnight = c.frozen(1, d.plusDays(1)).orElseThrow();
        assertEquals(0, BigDecimal.valueOf(atMidnight[0], 2).compareTo(e.total().orElseThrow()));
        assertTrue(c.frozen(1, d).orElseThrow()[0] <= atMidnight[0], "registers only go forward");
    }

    @Test
    void noMoreThanSixtyTwoDaysAreKept() {
        clock.advance(Duration.ofDays(70));
        assertEquals(62, c.frozenDays().size());
        assertEquals(LocalDate.of(2026, 3, 2).plusDays(70 - 62), c.frozenDays().get(0));
    }

    @Test
    void aForwardedDlt645ReadIsAnsweredByTheMeterBehindThePort() {
        SimulatedMeter m = meters.get(2);
        byte[] read = Dlt645FrameCodec.encode(Dlt645Messages.readRequest(Dlt645Edition.V2007, m.address(), 0x00010000L), 4);
        var fr = Gw376Data.ForwardRequest.dlt645(2, 2400, Duration.ofSeconds(2), Duration.ofMillis(100), read);
        Gw376Frame r = ask(Gw376Messages.forward(master, 5, fr, Gw376Messages.ZERO_PW)).get(0);
        byte[] reply = r.data(0, 1, Gw376Data.ForwardReply.class).orElseThrow().frame().toArray();
        var meterReply = Dlt645FrameCodec.decode(reply, 4, reply.length - 4);
        var value = (org.headend.protocol.dlt645.Dlt645Value.Number) Dlt645Messages.values(Dlt645Edition.V2007, meterReply).get(0);
        assertEquals(m.forwardActive(clock.instant())[0] / 100.0, value.doubleValue(), 1e-9);
    }

    @Test
    void aClockSetMovesTheTerminalClockAndIsConfirmed() {
        c.shiftClock(Duration.ofSeconds(30));
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), LoadCurve.ZONE);
        Gw376Frame r = ask(Gw376Messages.setClock(master, 4, now, Gw376Messages.ZERO_PW)).get(0);
        assertTrue(r.unit(0, 1).isPresent(), "AFN 00 F1: " + r);
        assertEquals(Duration.ZERO, c.clockOffset());
        Gw376Data.Clock read = ask(Gw376Messages.readClock(master, 6)).get(0).data(0, 2, Gw376Data.Clock.class).orElseThrow();
        assertEquals(now, read.time());
    }

    @Test
    void aPowerCycleIsAnImportantEventFlaggedByAcdUntilTheMasterReadsIt() {
        assertEquals(null, ask(Gw376Messages.readClock(master, 1)).get(0).ec(), "nothing pending: ACD = 0");
        LocalDateTime off = LocalDateTime.of(2026, 3, 2, 9, 40);
        c.powerCycle(off, off.plusMinutes(12));
        Gw376Frame flagged = ask(Gw376Messages.readClock(master, 2)).get(0);
        assertTrue(flagged.control().acd());
        assertEquals(new Gw376Frame.EventCounters(1, 0), flagged.ec());

        Gw376Data.Events e = ask(Gw376Messages.readEvents(master, 3, true, 0, 1)).get(0)
                .data(0, 1, Gw376Data.Events.class).orElseThrow();
        assertEquals(List.of(new org.headend.protocol.gw376.Gw376Event.PowerOnOff(java.util.OptionalInt.empty(),
                java.util.Optional.of(off), java.util.Optional.of(off.plusMinutes(12)))), e.records());
        assertEquals(1, e.end());
        assertEquals(null, ask(Gw376Messages.readClock(master, 4)).get(0).ec(), "read: ACD = 0 again");
    }

    @Test
    void aMeterClockShiftedIsWhatItsDateAndTimeSay() {
        SimulatedMeter m = meters.get(1);
        m.shiftClock(m.clockOffset().negated().plusSeconds(47));
        byte[] read = Dlt645FrameCodec.encode(Dlt645Messages.readRequest(Dlt645Edition.V2007, m.address(), 0x04000102L), 4);
        var fr = Gw376Data.ForwardRequest.dlt645(2, 2400, Duration.ofSeconds(2), Duration.ofMillis(100), read);
        byte[] reply = ask(Gw376Messages.forward(master, 5, fr, Gw376Messages.ZERO_PW)).get(0)
                .data(0, 1, Gw376Data.ForwardReply.class).orElseThrow().frame().toArray();
        var time = (org.headend.protocol.dlt645.Dlt645Value.Time) Dlt645Messages.values(Dlt645Edition.V2007,
                Dlt645FrameCodec.decode(reply, 4, reply.length - 4)).get(0);
        assertEquals(java.time.LocalTime.of(10, 0, 47), time.time());
    }

    @Test
    void aLongReplyIsSplitIntoFramesWithFirAndFin() {
        List<SimulatedMeter> many = Fleet.groups(7, 1, 64, i -> "ct-2").get(0);
        SimulatedConcentrator big = new SimulatedConcentrator("ct-2", 0x1000, 2, many, clock, 0, 512);
        List<Integer> points = java.util.stream.IntStream.rangeClosed(1, 64).boxed().toList();
        List<Gw376Frame> r = big.answer(Gw376Messages.readCurrentEnergy(Gw376Address.of(0x1000, 2, 1), 9, points));
        assertTrue(r.size() > 1, "64 points of ~35 bytes need several frames of 512 bytes: " + r.size());
        assertTrue(r.get(0).seq().fir() && !r.get(0).seq().fin());
        assertTrue(r.get(r.size() - 1).seq().fin());
        assertEquals(64, r.stream().mapToLong(f -> f.units().size()).sum());
    }
}
