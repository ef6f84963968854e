package org.headend.protocol.dlt645;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;
import org.headend.protocol.dlt645.Dlt645Message.AddressReply;
import org.headend.protocol.dlt645.Dlt645Message.BroadcastTime;
import org.headend.protocol.dlt645.Dlt645Message.ChangeBaud;
import org.headend.protocol.dlt645.Dlt645Message.ErrorReply;
import org.headend.protocol.dlt645.Dlt645Message.ReadReply;
import org.headend.protocol.dlt645.Dlt645Message.ReadRequest;
import org.headend.protocol.dlt645.Dlt645Message.RemoteControl;
import org.headend.protocol.dlt645.Dlt645Message.WriteRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every D07/D97 public vector against its stated meaning (../shared/vectors/README.md). */
class Dlt645MessageDecoderTest {

    static Stream<PublicVectors.Row> singleFrames() {
        List<PublicVectors.Row> rows = PublicVectors.rows("D07", "D97");
        assertTrue(rows.size() >= 60, "expected the D07/D97 rows, got " + rows.size());
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleFrames")
    void decodesEachPublicFrameAsItsMeaningStates(PublicVectors.Row row) {
        String meaning = row.meaning();
        if (row.invalid()) {
            Dlt645Exception viaFrame = assertThrows(Dlt645Exception.class, () -> Dlt645FrameCodec.decode(row.bytes()));
            Dlt645Exception direct = assertThrows(Dlt645Exception.class, () -> Dlt645MessageDecoder.decode(row.bytes()));
            assertEquals(viaFrame.reason(), direct.reason(), direct.getMessage());
            return;
        }
        Dlt645Frame frame = Dlt645FrameCodec.decode(row.bytes());
        Dlt645Message msg = Dlt645MessageDecoder.decode(frame);
        assertEquals(msg, Dlt645MessageDecoder.decode(row.bytes()), "bytes straight to the message (issue 2)");
        Dlt645Edition edition = row.protocol().equals("DLT645-1997") ? Dlt645Edition.V1997 : Dlt645Edition.V2007;
        if (frame.control().functionCode() != 0x08) {
            assertEquals(edition, msg.edition(), "edition detected from the control code");
        }
        assertEquals(group(meaning, "addr=([0-9A-F]{12})"), frame.address().toString());
        assertEquals(group(meaning, "C=([0-9A-F]{2})"), frame.control().toString());
        assertEquals(Integer.parseInt(group(meaning, "L=(\\d+)")), frame.dataLength());
        assertEquals(row.direction().equals("response"), frame.control().isResponse());
        assertEquals(meaning.contains("abnormal"), msg instanceof ErrorReply);

        Matcher pre = Pattern.compile("(\\d)xFE preamble").matcher(meaning);
        int preamble = pre.find() ? Integer.parseInt(pre.group(1)) : 0;
        Map<String, Object> described = Dlt645Description.describeStream(row.bytes(), null).get(0);
        assertEquals(preamble, described.get("preamble"));
        assertEquals(true, described.get("valid"));

        Matcher di = Pattern.compile("DI=([0-9A-F]{4,8})").matcher(meaning);
        if (di.find()) {
            long id = Long.parseLong(di.group(1), 16);
            assertEquals(id, frame.dataId(edition));
            assertEquals(di.group(1), edition.formatDataId(id));
        }
        Matcher value = Pattern.compile("value: (.*?)(?:\\. Note:|$)").matcher(meaning);
        if (value.find() && msg instanceof ReadReply r) {
            assertValues(value.group(1), r.values());
        }
        Matcher err = Pattern.compile("ERR=([0-9A-F]{2}) \\(([^)]*)\\)").matcher(meaning);
        if (err.find()) {
            ErrorReply e = assertInstanceOf(ErrorReply.class, msg);
            assertEquals(Integer.parseInt(err.group(1), 16), e.error());
            String[] names = err.group(2).split("; ");
            assertEquals(names.length, e.flags().size(), "flags " + e.flags());
            for (int i = 0; i < names.length; i++) {
                String firstWord = names[i].split("[ /]")[0].toLowerCase();
                assertTrue(e.flags().get(i).startsWith(firstWord), e.flags().get(i) + " vs " + names[i]);
            }
        }
        Matcher reported = Pattern.compile("reported address=([0-9]{12})").matcher(meaning);
        if (reported.find()) {
            assertEquals(reported.group(1), assertInstanceOf(AddressReply.class, msg).reported().toString());
        }
        // Decode then encode gives the bytes back, preamble included.
        assertArrayEquals(row.bytes(), Dlt645MessageEncoder.encode(msg, preamble), "re-encoded " + row.id());
    }

    /** Compares "1206.42 kWh", "1.29 kWh, 0.62 kWh", "225.6 V, FFFF (...)", dates, times, "quoted" text, digits. */
    static void assertValues(String expected, List<Dlt645Value> values) {
        String e = expected.trim();
        Matcher date = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) weekday (\\d+)").matcher(e);
        Matcher time = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2})").matcher(e);
        Matcher quoted = Pattern.compile("^\"([^\"]*)\"").matcher(e);
        if (date.find()) {
            Dlt645Value.Date d = assertInstanceOf(Dlt645Value.Date.class, values.get(0));
            assertEquals(date.group(1), d.date().toString());
            assertEquals(Integer.parseInt(date.group(2)), d.weekday());
        } else if (time.find()) {
            assertEquals(time.group(1), assertInstanceOf(Dlt645Value.Time.class, values.get(0)).time().toString());
        } else if (quoted.find()) {
            assertEquals(quoted.group(1), assertInstanceOf(Dlt645Value.Text.class, values.get(0)).text());
        } else if (e.matches("\\d{12}")) {
            assertEquals(e, assertInstanceOf(Dlt645Value.Text.class, values.get(0)).text());
        } else {
            String[] parts = e.split(", ");
            assertEquals(parts.length, values.size(), "values " + values);
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].startsWith("FFFF")) {
                    assertInstanceOf(Dlt645Value.Missing.class, values.get(i));
                    continue;
                }
                String[] nu = parts[i].split(" ", 2);
                Dlt645Value.Number n = assertInstanceOf(Dlt645Value.Number.class, values.get(i));
                assertEquals(new BigDecimal(nu[0]), n.decimalValue(), "value " + i + " of " + e);
                if (nu.length > 1) {
                    assertEquals(nu[1], n.unit());
                }
            }
        }
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            fail("'" + regex + "' not in: " + text);
        }
        return m.group(1);
    }

    @Test
    void decodesTheBroadcastTimeOfVectorD07_033() {
        BroadcastTime b = (BroadcastTime) Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(
                HexFormat.of().parseHex("6899999999999968080684554338394A4B16")));
        assertEquals(LocalDateTime.of(2017, 6, 5, 10, 22, 51), b.time());
        assertTrue(b.address().isBroadcast());
    }

    @Test
    void decodesTheBaudChangeOfVectorD07_016As2400() {
        ChangeBaud c = (ChangeBaud) Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(
                HexFormat.of().parseHex("680100120119206817013B7016")));
        assertEquals(2400, c.baud());
    }

    @Test
    void decodesThe1997WriteOfVectorD97_018WithItsPasswordAndValue() {
        WriteRequest w = (WriteRequest) Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(
                HexFormat.of().parseHex("6899999999999968040A43F30000000039393A4CA216")));
        assertEquals(Dlt645Edition.V1997, w.edition());
        assertEquals(0xC010, w.dataId());
        assertEquals("CD:CDCDCD", w.password().toString());
        assertEquals("06060719", w.value().hex());
    }

    @Test
    void decodesTheHolleyTripCommandWithItsDeadline() {
        RemoteControl r = (RemoteControl) Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(HexFormat.of().parseHex(
                "68111111111111681C1033333333333333334D335774484538 4B5516".replace(" ", ""))));
        assertEquals(RemoteCommand.TRIP, r.command());
        assertEquals(LocalDateTime.of(2018, 5, 12, 15, 41, 24), r.validUntil());
        assertEquals(0, r.operatorCode());
    }

    @Test
    void decodesNegativeSignedBcdFromBit7OfTheTopByte() {
        // Phase A current -1.234 A: 34 12 80 after removing 0x33 (§1.7), and PF -0.500.
        Dlt645Frame current = Dlt645Messages.readReply(Dlt645Edition.V2007, Dlt645Address.parse("1"), 0x02020100L,
                new byte[] {0x34, 0x12, (byte) 0x80});
        Dlt645Value.Number i = (Dlt645Value.Number) Dlt645Messages.values(Dlt645Edition.V2007, current).get(0);
        assertEquals(new BigDecimal("-1.234"), i.decimalValue());
        Dlt645Frame pf = Dlt645Messages.readReply(Dlt645Edition.V2007, Dlt645Address.parse("1"), 0x02060000L,
                new byte[] {0x00, (byte) 0x85});
        assertEquals(new BigDecimal("-0.500"),
                ((Dlt645Value.Number) Dlt645Messages.values(Dlt645Edition.V2007, pf).get(0)).decimalValue());
    }

    @Test
    void decodesStatusWord3RelayOpenAndSupplyField() {
        ReadReply r = (ReadReply) Dlt645MessageDecoder.decode(Dlt645Messages.readReply(Dlt645Edition.V2007,
                Dlt645Address.parse("1"), 0x04000503L, new byte[] {0x10, 0x01}));
        Dlt645Value.Flags f = (Dlt645Value.Flags) r.values().get(0);
        assertEquals(List.of("supply=mains", "relay_open", "meter_type=energy_prepaid"), f.set());
    }

    @Test
    void rejectsAFunctionCodeOfTheOtherEditionWhenTheMeterIsConfigured() {
        Dlt645Frame f = Dlt645FrameCodec.decode(HexFormat.of().parseHex("6803000000000068010244E90316"));
        Dlt645Exception e = assertThrows(Dlt645Exception.class, () -> Dlt645MessageDecoder.decode(f, Dlt645Edition.V2007));
        assertEquals(Reason.UNKNOWN_FUNCTION, e.reason());
        assertInstanceOf(ReadRequest.class, Dlt645MessageDecoder.decode(f, Dlt645Edition.V1997));
    }

    @Test
    void rejectsAReplyWhoseLengthDoesNotFitItsDataItem() {
        Dlt645Frame f = Dlt645Messages.readReply(Dlt645Edition.V2007, Dlt645Address.parse("1"), 0x00010000L, new byte[3]);
        assertEquals(Reason.BAD_LENGTH, assertThrows(Dlt645Exception.class, () -> Dlt645MessageDecoder.decode(f)).reason());
    }

    @Test
    void rejectsNonBcdValueBytesAsBadValue() {
        Dlt645Frame f = Dlt645Messages.readReply(Dlt645Edition.V2007, Dlt645Address.parse("1"), 0x00010000L,
                new byte[] {0x1A, 0, 0, 0});
        assertEquals(Reason.BAD_VALUE, assertThrows(Dlt645Exception.class, () -> Dlt645MessageDecoder.decode(f)).reason());
    }

    @Test
    void keepsRawDataOfAnUnknownDataIdentifier() {
        ReadReply r = (ReadReply) Dlt645MessageDecoder.decode(Dlt645Messages.readReply(Dlt645Edition.V2007,
                Dlt645Address.parse("1"), 0x7F000000L, new byte[] {1, 2}));
        assertTrue(r.values().isEmpty());
        assertFalse(r.item().isPresent());
        assertEquals("0102", r.data().hex());
    }

    @Test
    void decodesABlockReplyWithFewerTariffsThanTheCatalogueLists() {
        ReadReply r = (ReadReply) Dlt645MessageDecoder.decode(Dlt645Messages.readReply(Dlt645Edition.V2007,
                Dlt645Address.parse("1"), 0x0001FF00L, new byte[] {0x00, 0x01, 0, 0, 0x00, 0x02, 0, 0}));
        assertEquals(2, r.values().size());
        assertEquals("energy.active.import.t1", r.values().get(1).quantity());
    }

    @Test
    void decodedValuesAreAnUnmodifiableListEqualToAPlainListAndKeptByTheReply() {
        byte[] wire = HexFormat.of().parseHex(
                "FEFEFEFE68120000001020689118333234335C343333953333339333333336333333353333337416");
        ReadReply r = (ReadReply) Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(wire));
        List<Dlt645Value> values = r.values();
        assertEquals(5, values.size());
        assertEquals(List.copyOf(values), values);
        assertEquals(values, List.copyOf(values));
        assertEquals(List.copyOf(values).hashCode(), values.hashCode());
        assertThrows(UnsupportedOperationException.class, () -> values.add(values.get(0)));
        assertThrows(UnsupportedOperationException.class, () -> values.set(0, values.get(1)));
        assertThrows(IndexOutOfBoundsException.class, () -> values.get(5));
        ReadReply again = new ReadReply(r.edition(), r.address(), r.dataId(), false, r.data(), values);
        assertEquals(r, again);
    }
}
