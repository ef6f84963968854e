package org.headend.protocol.gw376;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.headend.protocol.gw376.Gw376Data.Energy;
import org.junit.jupiter.api.Test;

/** The builders both sides use, checked against the public frames they must reproduce and by decoding what they build. */
class Gw376MessagesTest {

    private static final Gw376Address TERMINAL = Gw376Address.of(0x0171, 0x0822, 1);

    private static Gw376Frame wire(Gw376Frame f) {
        return Gw376Decoder.decode(Gw376Encoder.encode(f));
    }

    @Test
    void theMasterConfirmOfAHeartbeatIsThePublishedOne() {
        Gw376Frame heartbeat = G13.frame("G13-015");
        assertTrue(heartbeat.seq().con());
        Gw376Frame confirm = Gw376Messages.confirm(heartbeat);
        assertArrayEquals(G13.bytes("G13-016"), Gw376Encoder.encode(confirm));
    }

    @Test
    void thePerUnitConfirmOfAHeartbeatIsThePublishedOne() {
        Gw376Frame heartbeat = G13.frame("G13-017");
        Gw376Frame ack = Gw376Messages.acknowledge(heartbeat, List.of(new Gw376Data.Ack(Gw376DataId.of(0, 3), 0)));
        assertArrayEquals(G13.bytes("G13-018"), Gw376Encoder.encode(ack));
    }

    @Test
    void terminalLinkTestsAreThePublishedOnes() {
        assertArrayEquals(G13.bytes("G13-015"), Gw376Encoder.encode(Gw376Messages.heartbeat(Gw376Address.of(0x0200, 0x1234, 0), 1)));
        assertArrayEquals(G13.bytes("G13-019"), Gw376Encoder.encode(Gw376Messages.login(Gw376Address.of(0x0521, 0xAAAA, 5), 9)));
        assertArrayEquals(G13.bytes("G13-002"), Gw376Encoder.encode(Gw376Messages.logout(TERMINAL, 1)));
        Gw376Frame withClock = wire(Gw376Messages.heartbeat(TERMINAL, 3, LocalDateTime.of(2016, 3, 30, 0, 21, 51)));
        assertTrue(withClock.isHeartbeat());
        // A.1 as [THW] prints it: 51 21 00 30 63 16, Wednesday in the month byte.
        assertEquals(new Gw376Data.Clock(LocalDateTime.of(2016, 3, 30, 0, 21, 51), 3), withClock.unit(0, 3).orElseThrow().data());
        assertTrue(Gw376Encoder.encode(withClock).length == 26);
    }

    @Test
    void readsOfTheClockAndForwardingAreThePublishedOnes() {
        Gw376Address group = new Gw376Address(0x1215, 2, 0, true);
        assertArrayEquals(G13.bytes("G13-020"), Gw376Encoder.encode(Gw376Messages.readClock(group, 1)));
        byte[] meterRead = G13.frame("G13-021").data(0, 1, Gw376Data.ForwardRequest.class).orElseThrow().frame().toArray();
        Gw376Data.ForwardRequest port = Gw376Data.ForwardRequest.dlt645(1, 1200, Duration.ofSeconds(10), Duration.ofMillis(100), meterRead);
        Gw376Frame forward = Gw376Messages.forward(Gw376Address.of(0x4101, 40001, 1), 15, port, Gw376Messages.ZERO_PW);
        assertArrayEquals(G13.bytes("G13-021"), Gw376Encoder.encode(forward));
    }

    @Test
    void aReadOfManyPointsSharesOneIdentifierPerGroupOfEight() {
        Gw376Frame read = wire(Gw376Messages.readCurrentEnergy(TERMINAL, 4, List.of(1, 2, 8, 9, 17)));
        assertEquals(List.of("83010110", "01020110", "01030110"), read.groups().stream().map(g -> g.id().toString()).toList());
        assertEquals(List.of(1, 2, 8, 9, 17), read.units().stream().map(Gw376Unit::pn).toList());
        assertEquals(0x4B, read.control().value());
        assertEquals(0x0C, read.afn());

        Gw376Frame daily = wire(Gw376Messages.readDailyEnergy(TERMINAL, 5, LocalDate.of(2026, 11, 26), List.of(3, 4)));
        assertEquals(2, daily.units().size());
        for (Gw376Unit u : daily.units()) {
            assertEquals(161, u.fn());
            assertEquals(new Gw376Data.Day(LocalDate.of(2026, 11, 26)), u.data());
        }
    }

    @Test
    void aClockSetCarriesTheClockAndAPassword() {
        Gw376Frame set = wire(Gw376Messages.setClock(TERMINAL, 7, LocalDateTime.of(2026, 11, 27, 5, 30, 12), Gw376Messages.ZERO_PW));
        assertEquals(0x4A, set.control().value());
        assertEquals(Gw376Messages.ZERO_PW, set.pw());
        assertEquals(Gw376Data.Clock.of(LocalDateTime.of(2026, 11, 27, 5, 30, 12)), set.unit(0, 31).orElseThrow().data());
        assertEquals(5, ((Gw376Data.Clock) set.unit(0, 31).orElseThrow().data()).weekday(), "a Friday");
    }

    @Test
    void aTerminalAnswersAReadWithTypedValuesTheMasterMatchesByPseq() {
        Gw376Frame request = Gw376Messages.withTp(Gw376Messages.readCurrentEnergy(TERMINAL, 11, List.of(1, 2)),
                Gw376Tp.at(3, LocalDateTime.of(2026, 11, 27, 5, 0, 1), 0));
        List<Gw376Group> groups = new ArrayList<>();
        for (int pn : List.of(1, 2)) {
            groups.add(Gw376Group.of(pn, 129, Energy.current(LocalDateTime.of(2026, 11, 27, 5, 0),
                    List.of(new BigDecimal("1234.5678").add(BigDecimal.valueOf(pn)), new BigDecimal("1.0000"), new BigDecimal("2.0000"),
                            new BigDecimal("3.0000"), new BigDecimal("4.0000")))));
        }
        Gw376Frame reply = wire(Gw376Messages.reply(wire(request), groups));
        assertTrue(reply.answers(request));
        assertEquals(request.tp(), reply.tp(), "Tp echoed");
        assertEquals(0x88, reply.control().value());
        assertEquals(Optional.of(new BigDecimal("1236.5678")), reply.data(2, 129, Energy.class).orElseThrow().total());
        assertFalse(reply.answers(Gw376Messages.readCurrentEnergy(TERMINAL, 12, List.of(1))), "another PSEQ");
        assertFalse(reply.answers(Gw376Messages.readCurrentEnergy(Gw376Address.of(0x0171, 0x0823, 1), 11, List.of(1))), "another terminal");

        Gw376Frame daily = Gw376Messages.readDailyEnergy(TERMINAL, 6, LocalDate.of(2026, 11, 26), List.of(1));
        Gw376Frame dailyReply = wire(Gw376Messages.reply(daily, List.of(Gw376Group.of(1, 161, Energy.dayFrozen(LocalDate.of(2026, 11, 26),
                LocalDateTime.of(2026, 11, 27, 0, 5), List.of(new BigDecimal("99.0001")))))));
        Energy e = dailyReply.data(1, 161, Energy.class).orElseThrow();
        assertEquals(Optional.of(LocalDate.of(2026, 11, 26)), e.day());
        assertEquals(Optional.of(new BigDecimal("99.0001")), e.total());
        assertEquals(0, e.tariffs());
    }

    @Test
    void aForwardingReplyCarriesTheMetersFrame() {
        byte[] meterReply = Dlt645FrameCodec.encode(Dlt645Messages.readReply(Dlt645Edition.V2007, Dlt645Address.parse("000000001187"),
                0x00010000L, new byte[] {0x42, 0x06, 0x12, 0x00}), 4);
        Gw376Frame request = Gw376Messages.forward(TERMINAL, 2, Gw376Data.ForwardRequest.dlt645(2, 2400, Duration.ofSeconds(5),
                Duration.ofMillis(50), new byte[] {0x68}), Gw376Messages.ZERO_PW);
        assertEquals("2400 8E1", request.data(0, 1, Gw376Data.ForwardRequest.class).map(r -> r.baud() + " " + r.framing()).orElseThrow());
        Gw376Frame reply = wire(Gw376Messages.forwardReply(request, 2, meterReply));
        assertTrue(reply.answers(request));
        Gw376Data.ForwardReply r = reply.data(0, 1, Gw376Data.ForwardReply.class).orElseThrow();
        assertEquals(2, r.port());
        assertArrayEquals(meterReply, r.frame().toArray());
        assertEquals(0x00010000L, Dlt645FrameCodec.decode(r.frame().toArray()).dataId(Dlt645Edition.V2007));
    }

    @Test
    void aLongReplyIsSplitWithFirFinAndCountingRseq() {
        Gw376Frame request = Gw376Messages.readCurrentEnergy(TERMINAL, 14, java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());
        List<Gw376Group> groups = new ArrayList<>();
        for (Gw376Unit u : request.units()) {
            groups.add(Gw376Group.of(u.pn(), 129, Energy.current(LocalDateTime.of(2026, 11, 27, 5, 0),
                    List.of(BigDecimal.valueOf(u.pn(), 4), BigDecimal.ZERO.setScale(4)))));
        }
        List<Gw376Frame> frames = Gw376Messages.replies(request, groups, 255);
        assertTrue(frames.size() > 1);
        List<Integer> points = new ArrayList<>();
        for (int k = 0; k < frames.size(); k++) {
            Gw376Frame f = wire(frames.get(k));
            assertTrue(Gw376Encoder.userDataLength(f) <= 255);
            assertEquals(k == 0, f.seq().fir());
            assertEquals(k == frames.size() - 1, f.seq().fin());
            assertEquals((14 + k) & 0x0F, f.sequence());
            f.units().forEach(u -> points.add(u.pn()));
        }
        assertTrue(wire(frames.get(0)).answers(request));
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList(), points);
        assertThrows(IllegalArgumentException.class, () -> Gw376Messages.replies(request, groups, 20));
    }

    @Test
    void terminalConfirmAndDenyAnswerTheRequest() {
        Gw376Frame set = Gw376Messages.setClock(TERMINAL, 9, LocalDateTime.of(2026, 1, 1, 0, 0), Gw376Messages.ZERO_PW);
        Gw376Frame ok = wire(Gw376Messages.terminalConfirm(set));
        Gw376Frame no = wire(Gw376Messages.terminalDeny(set));
        assertTrue(ok.answers(set) && no.answers(set));
        assertTrue(ok.unit(0, 1).isPresent());
        assertTrue(no.unit(0, 2).isPresent());
        assertEquals(0x80, ok.control().value());
        assertEquals(0x89, no.control().value());
    }
}
