package org.headend.protocol.gw376;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.headend.protocol.gw376.Gw376Exception.Reason;

/** Frame rules both ways: round trips of random frames, every length and check, raw units, vendor variants. */
class Gw376CodecTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** {@code userData} framed: 68 L L 68 ... CS 16, with a right checksum. */
    static byte[] framed(int protocolId, byte[] userData) {
        byte[] out = new byte[userData.length + 8];
        int l = userData.length << 2 | protocolId;
        out[0] = 0x68;
        out[1] = (byte) l;
        out[2] = (byte) (l >>> 8);
        out[3] = out[1];
        out[4] = out[2];
        out[5] = 0x68;
        System.arraycopy(userData, 0, out, 6, userData.length);
        out[6 + userData.length] = (byte) Gw376Decoder.checksum(userData, 0, userData.length);
        out[7 + userData.length] = 0x16;
        return out;
    }

    private static Reason reason(byte[] b) {
        return assertThrows(Gw376Exception.class, () -> Gw376Decoder.decode(b)).reason();
    }

    @Provide
    Arbitrary<Gw376Frame> frames() {
        return Gw376Arbitraries.frames();
    }

    // Random cases only: the edge cases of so many combined generators would use up every try.
    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void encodeThenDecodeGivesTheSameFrame(@ForAll("frames") Gw376Frame frame) {
        assertEquals(frame, Gw376Decoder.decode(Gw376Encoder.encode(frame)));
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void anyUserDataThatDecodesEncodesBackToTheSameBytes(@ForAll("frames") Gw376Frame frame,
                                                        @ForAll @IntRange(min = 0, max = 400) int at, @ForAll byte value) {
        // A mutated user-data byte with a corrected checksum: whatever still decodes must give the bytes back.
        byte[] b = Gw376Encoder.encode(frame);
        byte[] user = Arrays.copyOfRange(b, 6, b.length - 2);
        user[at % user.length] = value;
        byte[] wire = framed(frame.protocolId(), user);
        Gw376Frame decoded;
        try {
            decoded = Gw376Decoder.decode(wire);
        } catch (Gw376Exception e) {
            return;
        }
        assertArrayEquals(wire, Gw376Encoder.encode(decoded));
    }

    @Property(tries = 1000)
    void arbitraryBytesFailOnlyWithTheCodecsException(@ForAll @Size(max = 120) byte[] userData, @ForAll @IntRange(min = 0, max = 3) int id) {
        byte[] wire = framed(id, userData);
        try {
            Gw376Frame f = Gw376Decoder.decode(wire);
            assertArrayEquals(wire, Gw376Encoder.encode(f));
            assertNotNull(Gw376Description.describe(f));
        } catch (Gw376Exception expected) {
            // the only failure allowed
        }
    }

    @Example
    void checksEveryFramingRuleWithItsReason() {
        byte[] good = G13.bytes("G13-015");
        assertEquals(Reason.TRUNCATED, reason(Arrays.copyOf(good, 5)));
        assertEquals(Reason.TRUNCATED, reason(Arrays.copyOf(good, good.length - 1)));
        assertEquals(Reason.BAD_LENGTH, reason(Arrays.copyOf(good, good.length + 1)));
        byte[] b = good.clone();
        b[5] = 0x67;
        assertEquals(Reason.BAD_START, reason(b));
        b = good.clone();
        b[3] = 0x36;
        assertEquals(Reason.BAD_LENGTH, reason(b), "L copies differ");
        b = good.clone();
        b[1] = b[3] = 0x33;
        assertEquals(Reason.BAD_PROTOCOL_ID, reason(b), "protocol id 3");
        b = good.clone();
        b[1] = b[3] = 0x30;
        assertEquals(Reason.BAD_PROTOCOL_ID, reason(b), "protocol id 0");
        b = good.clone();
        b[b.length - 2] ^= 1;
        assertEquals(Reason.BAD_CHECKSUM, reason(b));
        b = good.clone();
        b[b.length - 1] = 0x17;
        assertEquals(Reason.BAD_END, reason(b));
        assertEquals(Reason.BAD_LENGTH, reason(framed(2, new byte[7])), "L below the 8 fixed bytes");
    }

    @Example
    void acceptsTheOlderProtocolIdentifier() {
        byte[] user = Arrays.copyOfRange(G13.bytes("G13-015"), 6, 18);
        assertEquals(1, Gw376Decoder.decode(framed(1, user)).protocolId());
        assertArrayEquals(framed(1, user), Gw376Encoder.encode(Gw376Decoder.decode(framed(1, user))));
    }

    @Example
    void rejectsIdentifiersThatNameNothingAndBytesThatCannotHoldOne() {
        // 0C request with DT1 = 00
        assertEquals(Reason.BAD_UNIT, reason(framed(2, hex("4B 71 01 22 08 02 0C 61 01 01 00 10"))));
        // DA1 = 00 with DA2 = 01
        assertEquals(Reason.BAD_UNIT, reason(framed(2, hex("4B 71 01 22 08 02 0C 61 00 01 01 10"))));
        // two bytes after the unit
        assertEquals(Reason.BAD_UNIT, reason(framed(2, hex("4B 71 01 22 08 02 0C 61 01 01 01 10 01 01"))));
        // Tp announced by SEQ but not there
        assertEquals(Reason.BAD_LENGTH, reason(framed(2, hex("4B 71 01 22 08 02 0C E1"))));
        // Tp time not BCD
        assertEquals(Reason.BAD_VALUE, reason(framed(2, hex("4B 71 01 22 08 02 0C E1 01 01 01 10 00 5A 00 00 01 00"))));
    }

    @Example
    void keepsUnknownAfnAndFnRawAndATruncatedKnownUnitRawWithItsProblem() {
        Gw376Frame unknownAfn = Gw376Decoder.decode(framed(2, hex("88 71 01 22 08 02 42 61 00 00 01 00 DE AD BE EF")));
        assertEquals(Gw376Data.Raw.of((byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF), unknownAfn.unit(0, 1).orElseThrow().data());
        Gw376Frame unknownFn = Gw376Decoder.decode(framed(2, hex("88 71 01 22 08 02 0C 61 01 01 01 03 01 02 03")));
        assertEquals(Gw376Data.Raw.of((byte) 1, (byte) 2, (byte) 3), unknownFn.unit(1, 25).orElseThrow().data());
        // F129 announcing M = 4 but carrying only the total
        byte[] user = hex("88 71 01 22 08 02 0C 61 01 01 01 10 18 16 28 08 18 04 00 01 00 00 00");
        Gw376Data.Raw raw = assertInstanceOf(Gw376Data.Raw.class, Gw376Decoder.decode(framed(2, user)).unit(1, 129).orElseThrow().data());
        assertTrue(raw.problem().contains("needs 31 bytes"), raw.problem());
        assertEquals(false, Gw376Description.describe(Gw376Decoder.decode(framed(2, user))).get("valid"));
        // a value neither BCD nor EE
        byte[] bad = hex("88 71 01 22 08 02 0C 61 01 01 01 10 18 16 28 08 18 00 0A 00 00 00 00");
        Gw376Data.Raw badValue = assertInstanceOf(Gw376Data.Raw.class, Gw376Decoder.decode(framed(2, bad)).unit(1, 129).orElseThrow().data());
        assertTrue(badValue.problem().contains("neither BCD nor EE"), badValue.problem());
    }

    @Example
    void decodesSeveralPointsAndFnPerIdentifierPointByPoint() {
        // 0D down p1+p2 F161 with td_d each, then a second identifier p9 F177 with td_m.
        byte[] user = hex("4B 71 01 22 08 02 0D 61 03 01 01 14 26 11 26 27 11 26 01 02 01 16 10 26");
        Gw376Frame f = Gw376Decoder.decode(framed(2, user));
        assertEquals(List.of("p1F161", "p2F161", "p9F177"), f.units().stream().map(u -> "p" + u.pn() + "F" + u.fn()).toList());
        assertEquals(new Gw376Data.Day(java.time.LocalDate.of(2026, 11, 26)), f.unit(1, 161).orElseThrow().data());
        assertEquals(new Gw376Data.Day(java.time.LocalDate.of(2026, 11, 27)), f.unit(2, 161).orElseThrow().data());
        assertEquals(new Gw376Data.Month(java.time.YearMonth.of(2026, 10)), f.unit(9, 177).orElseThrow().data());
        // one point, two Fn of one group: F1 and F2 of 0D, each with its td_d
        byte[] two = hex("4B 71 01 22 08 02 0D 61 01 01 03 00 26 11 26 25 11 26");
        Gw376Frame g = Gw376Decoder.decode(framed(2, two));
        assertEquals(List.of(1, 2), g.units().stream().map(Gw376Unit::fn).toList());
        assertArrayEquals(framed(2, two), Gw376Encoder.encode(g));
    }

    @Example
    void readsAVendorsTwoBytePasswordOnAClockSet() {
        // [TURTLE-05]: 05 F31 with a 2-byte PW and Tp; A.1 2015-03-12 10:30:55, Thursday.
        Gw376Frame f = Gw376Decoder.decode(hex("68 6A 00 6A 00 68 4A 10 13 39 30 F6 05 F1 00 00 40 03 55 30 10 12 83 15 60 04 01 55 30 10 12 00 50 16"));
        assertEquals(new Gw376Data.Clock(LocalDateTime.of(2015, 3, 12, 10, 30, 55), 4), f.unit(0, 31).orElseThrow().data());
        assertEquals("6004", f.pw().hex());
        assertEquals(new Gw376Tp(1, 55, 30, 10, 12, 0), f.tp());
    }

    @Example
    void refusesToBuildFramesWhoseAuxContradictsTheirFlags() {
        Gw376Address a = Gw376Address.of(1, 1, 1);
        List<Gw376Group> none = List.of();
        assertThrows(IllegalArgumentException.class, () -> new Gw376Frame(2, Gw376Control.REQUEST_LEVEL1, a, 0x05, Gw376Seq.single(1, false),
                none, null, null, null), "05 down needs PW");
        assertThrows(IllegalArgumentException.class, () -> new Gw376Frame(2, Gw376Control.RESPONSE, a, 0x0C, Gw376Seq.single(1, false).withTpv(true),
                none, null, null, null), "TpV without Tp");
        assertThrows(IllegalArgumentException.class, () -> new Gw376Frame(2, new Gw376Control(0xA8), a, 0x0C, Gw376Seq.single(1, false),
                none, null, null, null), "ACD without EC");
        assertThrows(IllegalArgumentException.class, () -> Gw376DataId.of(List.of(1, 9), List.of(1)), "points of two groups");
        assertThrows(IllegalArgumentException.class, () -> new Gw376Group(Gw376DataId.of(1, 129), List.of(Gw376Unit.of(2, 129))));
    }
}
