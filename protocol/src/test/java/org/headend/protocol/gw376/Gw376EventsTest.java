package org.headend.protocol.gw376;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.headend.protocol.wire.Octets;
import org.junit.jupiter.api.Test;

/** AFN 0E records the collector stores (issue 5): ERC 14 in both editions' layouts, unknown ERCs kept raw, ACD/EC. */
class Gw376EventsTest {

    private static final Gw376Address TERMINAL = Gw376Address.of(0x1000, 7, 1);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** The reply to a 0E F1 request carrying {@code records} as given on the wire (ERC, Le, content). */
    private static Gw376Data.Events decodeRecords(String recordsHex) {
        Gw376Frame request = Gw376Messages.readEvents(TERMINAL, 3, true, 4, 6);
        Gw376Frame reply = Gw376Messages.reply(request, List.of(Gw376Group.of(0, 1,
                new Gw376Data.Events(6, 0, 4, 6, List.of(new Gw376Event.Other(99, Octets.of(new byte[0])))))));
        byte[] b = Gw376Encoder.encode(reply);
        // swap the placeholder record (ERC 99, Le 0) for the bytes under test and fix L and CS
        String hex = HEX.formatHex(b);
        int at = hex.indexOf("06000406" + "6300");
        byte[] patched = HEX.parseHex(hex.substring(0, at + 8) + recordsHex + hex.substring(at + 12, hex.length() - 4) + "0016");
        int userLength = patched.length - 8;
        int l = (userLength << 2) | 2;
        patched[1] = patched[3] = (byte) l;
        patched[2] = patched[4] = (byte) (l >>> 8);
        int cs = 0;
        for (int i = 6; i < patched.length - 2; i++) {
            cs += patched[i] & 0xFF;
        }
        patched[patched.length - 2] = (byte) cs;
        return Gw376Decoder.decode(patched).data(0, 1, Gw376Data.Events.class).orElseThrow();
    }

    @Test
    void erc14OfThe2009EditionGivesBothTimes() {
        // off 2026-03-01 23:58, on 2026-03-02 00:07 (A.15 mm hh DD MM YY)
        Gw376Data.Events e = decodeRecords("0E0A" + "5823010326" + "0700020326");
        assertEquals(List.of(new Gw376Event.PowerOnOff(OptionalInt.empty(), Optional.of(LocalDateTime.of(2026, 3, 1, 23, 58)),
                Optional.of(LocalDateTime.of(2026, 3, 2, 0, 7)))), e.records());
    }

    @Test
    void erc14OfThe2013EditionKeepsItsAttributeByteAndAnUnknownOnTime() {
        Gw376Data.Events e = decodeRecords("0E0B" + "03" + "5823010326" + "EEEEEEEEEE");
        assertEquals(new Gw376Event.PowerOnOff(OptionalInt.of(3), Optional.of(LocalDateTime.of(2026, 3, 1, 23, 58)),
                Optional.empty()), e.records().get(0));
    }

    @Test
    void anErc14ThatDoesNotFitItsLayoutAndUnknownErcsStayRaw() {
        Gw376Data.Events e = decodeRecords("0E03" + "010203" + "2A02" + "ABCD" + "0E0A" + "5899010326" + "0700020326");
        assertEquals(new Gw376Event.Other(14, Octets.of(new byte[] {1, 2, 3})), e.records().get(0));
        assertEquals(new Gw376Event.Other(42, Octets.of(new byte[] {(byte) 0xAB, (byte) 0xCD})), e.records().get(1));
        assertInstanceOf(Gw376Event.Other.class, e.records().get(2), "hour 99 is no time: kept raw, not an exception");
        assertEquals(Optional.empty(), ((Gw376Event.Other) e.records().get(2)).time());
        assertEquals(Optional.empty(), ((Gw376Event.Other) e.records().get(1)).time(), "too short for a time");
    }

    @Test
    void erc12TellsThePointWhoseMeterClockIsOutOfToleranceAndWhetherItBeginsOrEnds() {
        // 2026-03-02 08:15, point 3, D15 = 1 (begins); then point 0x123 back within (D15 = 0)
        Gw376Data.Events e = decodeRecords("0C07" + "1508020326" + "0380" + "0C07" + "1509020326" + "2301");
        assertEquals(List.of(new Gw376Event.MeterClock(LocalDateTime.of(2026, 3, 2, 8, 15), 3, true),
                new Gw376Event.MeterClock(LocalDateTime.of(2026, 3, 2, 9, 15), 0x123, false)), e.records());
        assertInstanceOf(Gw376Event.Other.class, decodeRecords("0C07" + "1508020326" + "0340").records().get(0),
                "reserved bits D14..D12 set: not the layout, kept raw");
    }

    @Test
    void anUnknownErcThatStartsWithATimeTellsIt() {
        Gw376Data.Events e = decodeRecords("1F07" + "3012020326" + "0180");
        Gw376Event.Other o = (Gw376Event.Other) e.records().get(0);
        assertEquals(31, o.erc());
        assertEquals(Optional.of(LocalDateTime.of(2026, 3, 2, 12, 30)), o.time());
    }

    @Test
    void powerRecordsComeBackAsEncoded() {
        Gw376Event.PowerOnOff p = new Gw376Event.PowerOnOff(OptionalInt.empty(), Optional.empty(),
                Optional.of(LocalDateTime.of(2026, 3, 2, 0, 7)));
        Gw376Frame reply = Gw376Messages.reply(Gw376Messages.readEvents(TERMINAL, 1, true, 0, 1),
                List.of(Gw376Group.of(0, 1, new Gw376Data.Events(1, 0, 0, 1, List.of(p)))));
        Gw376Frame back = Gw376Decoder.decode(Gw376Encoder.encode(reply));
        assertEquals(List.of(p), back.data(0, 1, Gw376Data.Events.class).orElseThrow().records());
    }

    @Test
    void eventCountersSetAcdOnUplinkFramesOnly() {
        Gw376Frame reply = Gw376Messages.reply(Gw376Messages.readClock(TERMINAL, 2), List.of());
        Gw376Frame flagged = Gw376Messages.withEventCounters(reply, new Gw376Frame.EventCounters(5, 9));
        Gw376Frame back = Gw376Decoder.decode(Gw376Encoder.encode(flagged));
        assertTrue(back.control().acd());
        assertEquals(new Gw376Frame.EventCounters(5, 9), back.ec());
        assertEquals(reply, Gw376Messages.withEventCounters(flagged, null));
        assertThrows(IllegalArgumentException.class,
                () -> Gw376Messages.withEventCounters(Gw376Messages.readClock(TERMINAL, 2), new Gw376Frame.EventCounters(1, 1)));
    }
}
