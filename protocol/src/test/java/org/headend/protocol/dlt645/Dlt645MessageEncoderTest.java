package org.headend.protocol.dlt645;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.headend.protocol.dlt645.Dlt645Message.Acknowledgement;
import org.headend.protocol.dlt645.Dlt645Message.AddressReply;
import org.headend.protocol.dlt645.Dlt645Message.BaudReply;
import org.headend.protocol.dlt645.Dlt645Message.BroadcastTime;
import org.headend.protocol.dlt645.Dlt645Message.ChangeBaud;
import org.headend.protocol.dlt645.Dlt645Message.ChangePassword;
import org.headend.protocol.dlt645.Dlt645Message.ClearDemand;
import org.headend.protocol.dlt645.Dlt645Message.ClearEvents;
import org.headend.protocol.dlt645.Dlt645Message.ClearMeter;
import org.headend.protocol.dlt645.Dlt645Message.ErrorReply;
import org.headend.protocol.dlt645.Dlt645Message.FollowUpReply;
import org.headend.protocol.dlt645.Dlt645Message.Freeze;
import org.headend.protocol.dlt645.Dlt645Message.PasswordReply;
import org.headend.protocol.dlt645.Dlt645Message.ReReadRequest;
import org.headend.protocol.dlt645.Dlt645Message.ReadAddressRequest;
import org.headend.protocol.dlt645.Dlt645Message.ReadFollowUpRequest;
import org.headend.protocol.dlt645.Dlt645Message.ReadReply;
import org.headend.protocol.dlt645.Dlt645Message.ReadRequest;
import org.headend.protocol.dlt645.Dlt645Message.RemoteControl;
import org.headend.protocol.dlt645.Dlt645Message.WriteAddressRequest;
import org.headend.protocol.dlt645.Dlt645Message.WriteRequest;

/** Encode/decode round trips over every message layout and every catalogue format, and robustness. */
class Dlt645MessageEncoderTest {

    private static final Dlt645Edition V07 = Dlt645Edition.V2007;
    private static final Dlt645Edition V97 = Dlt645Edition.V1997;

    @Property(tries = 1500)
    void encodeThenDecodeIsIdentity(@ForAll("messages") Dlt645Message m, @ForAll @IntRange(max = 4) int preamble) {
        byte[] wire = Dlt645MessageEncoder.encode(m, preamble);
        Dlt645Message back = Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(wire), m.edition());
        assertEquals(m, back);
        // and decode then encode reproduces the bytes
        assertArrayEquals(wire, Dlt645MessageEncoder.encode(back, preamble));
    }

    @Property(tries = 1000)
    void decodeThenEncodeReproducesAnyFrameThatDecodes(@ForAll("messages") Dlt645Message m,
                                                       @ForAll @IntRange(max = 60) int index, @ForAll byte replacement) {
        Dlt645Frame f = Dlt645MessageEncoder.toFrame(m);
        byte[] data = f.data();
        if (data.length > 0) {
            data[index % data.length] = replacement;
        }
        Dlt645Frame mutated = new Dlt645Frame(f.address(), f.control(), data);
        Dlt645Message decoded;
        try {
            decoded = Dlt645MessageDecoder.decode(mutated, m.edition());
        } catch (Dlt645Exception rejected) {
            return; // a mutation may make it invalid; it must then fail this way only
        }
        assertEquals(mutated, Dlt645MessageEncoder.toFrame(decoded));
    }

    /** Issue 2: bytes straight to the message give what bytes to frame to message give, failures included. */
    @Property(tries = 1500)
    void decodingWireBytesGivesWhatDecodingTheirFrameGives(@ForAll("messages") Dlt645Message m,
                                                           @ForAll @IntRange(max = 4) int preamble,
                                                           @ForAll @IntRange(max = 250) int index, @ForAll byte replacement,
                                                           @ForAll boolean mutate, @ForAll boolean withEdition) {
        byte[] wire = Dlt645MessageEncoder.encode(m, preamble);
        if (mutate) {
            wire[index % wire.length] = replacement;
        }
        Dlt645Edition ed = withEdition ? m.edition() : null;
        Object direct = outcome(() -> ed == null ? Dlt645MessageDecoder.decode(wire) : Dlt645MessageDecoder.decode(wire, ed));
        Object viaFrame = outcome(() -> ed == null ? Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(wire))
                : Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(wire), ed));
        assertEquals(viaFrame, direct);
    }

    /** The message, or the reason and text of the {@link Dlt645Exception}; anything else escapes. */
    private static Object outcome(java.util.function.Supplier<Dlt645Message> decode) {
        try {
            return decode.get();
        } catch (Dlt645Exception e) {
            return e.reason() + ": " + e.getMessage();
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesFailOnlyWithDlt645Exception(@ForAll @Size(max = 230) byte[] bytes, @ForAll boolean frameLike) {
        byte[] b = bytes;
        if (frameLike && b.length >= 12) {
            // Give it the shape of a frame so the deeper layers are reached.
            b[0] = 0x68;
            b[7] = 0x68;
            b[9] = (byte) (b.length - 12);
            b[b.length - 2] = (byte) Dlt645FrameCodec.checksum(b, 0, b.length - 2);
            b[b.length - 1] = 0x16;
        }
        try {
            Dlt645Frame f = Dlt645FrameCodec.decode(b);
            Dlt645MessageDecoder.decode(f);
            Dlt645MessageDecoder.decode(f, V97);
            Dlt645Description.describe(f, 0, null);
        } catch (Dlt645Exception expected) {
            // the only failure allowed
        }
        try {
            Dlt645MessageDecoder.decode(b);
        } catch (Dlt645Exception expected) {
            // the only failure allowed
        }
        Dlt645Description.describeStream(b, null);
    }

    @Example
    void encodesTheHolleyTripByteForByte() {
        RemoteControl trip = new RemoteControl(Dlt645Address.parse("111111111111"), new Dlt645Password(0, 0), 0,
                RemoteCommand.TRIP, 0, LocalDateTime.of(2018, 5, 12, 15, 41, 24));
        assertArrayEquals(Dlt645ExtractorTest.hex("68111111111111681C1033333333333333334D3357744845384B5516"),
                Dlt645MessageEncoder.encode(trip, 0));
    }

    @Example
    void encodesTheReadAddressBroadcastOfSection1_5() {
        assertArrayEquals(Dlt645ExtractorTest.hex("FEFEFEFE68AAAAAAAAAAAA681300DF16"),
                Dlt645MessageEncoder.encode(new ReadAddressRequest(Dlt645Address.WILDCARD), 4));
    }

    // ---- generators ----

    @Provide
    Arbitrary<Dlt645Message> messages() {
        Arbitrary<Dlt645Address> a = addresses();
        Arbitrary<Dlt645Password> pw = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 0xFFFFFF)).as(Dlt645Password::new);
        Arbitrary<Long> op = Arbitraries.longs().between(0, 0xFFFFFFFFL);
        Arbitrary<Long> di07 = Arbitraries.longs().between(0, 0xFFFFFFFFL);
        Arbitrary<Long> di97 = Arbitraries.longs().between(0, 0xFFFF);
        Arbitrary<LocalDateTime> seconds = dateTimes(true);
        Arbitrary<Integer> rate = Arbitraries.of(0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40);
        Arbitrary<Dlt645Bytes> value = Arbitraries.bytes().array(byte[].class).ofMaxSize(30).map(Dlt645Bytes::of);
        List<Arbitrary<? extends Dlt645Message>> all = new ArrayList<>();
        all.add(Combinators.combine(a, di07).as((x, d) -> ReadRequest.of(V07, x, d)));
        all.add(Combinators.combine(a, di97).as((x, d) -> ReadRequest.of(V97, x, d)));
        all.add(Combinators.combine(a, di07, Arbitraries.integers().between(1, 99), dateTimes(false).injectNull(0.5))
                .as((x, d, n, t) -> new ReadRequest(V07, x, d, n, t)));
        all.add(Combinators.combine(a, di07, Arbitraries.integers().between(0, 255)).as((x, d, s) -> new ReadFollowUpRequest(V07, x, d, s)));
        all.add(Combinators.combine(a, di97).as((x, d) -> new ReadFollowUpRequest(V97, x, d, 0)));
        all.add(a.map(ReReadRequest::new));
        all.add(a.map(ReadAddressRequest::new));
        all.add(Combinators.combine(a, di07, pw, op, value).as((x, d, p, o, v) -> new WriteRequest(V07, x, d, p, o, v)));
        all.add(Combinators.combine(a, di97, pw, value).as((x, d, p, v) -> new WriteRequest(V97, x, d, p, 0, v)));
        all.add(Combinators.combine(Arbitraries.of(V07, V97), a, a).as(WriteAddressRequest::new));
        all.add(Combinators.combine(a, seconds).as((x, t) -> new BroadcastTime(V07, x, t)));
        all.add(Combinators.combine(a, Arbitraries.of(0, 15, 30, 59, 99), Arbitraries.of(0, 12, 23, 99),
                Arbitraries.of(1, 15, 31, 99), Arbitraries.of(1, 6, 12, 99)).as(Freeze::new));
        all.add(Combinators.combine(Arbitraries.of(V07, V97), a, rate).as(ChangeBaud::new));
        all.add(Combinators.combine(Arbitraries.of(V07, V97), a, rate).as(BaudReply::new));
        all.add(Combinators.combine(a, di07, pw, pw).as((x, d, o, n) -> new ChangePassword(V07, x, d, o, n)));
        all.add(Combinators.combine(a, pw, pw).as((x, o, n) -> new ChangePassword(V97, x, 0, o, n)));
        all.add(Combinators.combine(Arbitraries.of(V07, V97), a, pw).as(PasswordReply::new));
        all.add(Combinators.combine(a, pw, op).as((x, p, o) -> new ClearDemand(V07, x, p, o)));
        all.add(a.map(x -> new ClearDemand(V97, x, Dlt645Password.NONE, 0)));
        all.add(Combinators.combine(a, pw, op).as(ClearMeter::new));
        all.add(Combinators.combine(a, pw, op, di07).as(ClearEvents::new));
        all.add(Combinators.combine(a, pw, op, Arbitraries.of(RemoteCommand.class), Arbitraries.integers().between(0, 255), seconds)
                .as(RemoteControl::new));
        all.add(Combinators.combine(a, Arbitraries.of(catalogueItems())).flatAs((x, item) ->
                valuesFor(item).map(vs -> ReadReply.of(x, item, vs))));
        all.add(Combinators.combine(a, di07, value).as((x, d, v) -> new ReadReply(V07, x, d, true, v, List.of())));
        all.add(Combinators.combine(a, di07, value, Arbitraries.integers().between(0, 255), Arbitraries.of(true, false))
                .as((x, d, v, s, more) -> new FollowUpReply(V07, x, d, v, s, more)));
        all.add(Combinators.combine(a, a).as(AddressReply::new));
        all.add(Combinators.combine(a, Arbitraries.of(Dlt645Function.class)).as((x, f) ->
                new Acknowledgement(f.impliedEdition().orElse(V07), x, f))
                .filter(ack -> !List.of(0x11, 0x12, 0x01, 0x02).contains(ack.function().code())));
        all.add(Combinators.combine(a, Arbitraries.of(Dlt645Function.class), Arbitraries.integers().between(0, 255)).as((x, f, e) ->
                new ErrorReply(f.impliedEdition().orElse(V07), x, f, e)));
        return Arbitraries.oneOf(all);
    }

    static Arbitrary<Dlt645Address> addresses() {
        Arbitrary<Dlt645Address> digits = Arbitraries.strings().numeric().ofLength(12).map(Dlt645Address::parse);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, digits),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Dlt645Address.BROADCAST)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().numeric().ofLength(4)
                        .map(s -> Dlt645Address.parse("AAAAAAAA" + s))));
    }

    static Arbitrary<LocalDateTime> dateTimes(boolean withSeconds) {
        return Combinators.combine(Arbitraries.integers().between(2000, 2099), Arbitraries.integers().between(1, 12),
                        Arbitraries.integers().between(1, 28), Arbitraries.integers().between(0, 23),
                        Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 59))
                .as((y, mo, d, h, mi, s) -> LocalDateTime.of(y, mo, d, h, mi, withSeconds ? s : 0));
    }

    static List<DataItem> catalogueItems() {
        List<DataItem> items = new ArrayList<>(Dlt645Catalogue.standard().items(V07));
        items.addAll(Dlt645Catalogue.standard().items(V97));
        return items;
    }

    /** One value per element, each within its format's range; a block may stop early. */
    static Arbitrary<List<Dlt645Value>> valuesFor(DataItem item) {
        List<Arbitrary<Dlt645Value>> each = new ArrayList<>();
        for (DataItem.Element e : item.elements()) {
            each.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, valueFor(e)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(new Dlt645Value.Missing(e.name(), e.quantity())))));
        }
        Arbitrary<List<Dlt645Value>> full = Combinators.combine(each).as(List::copyOf);
        if (!item.acceptsFewer()) {
            return full;
        }
        return Combinators.combine(full, Arbitraries.integers().between(1, item.elements().size()))
                .as((vs, n) -> List.copyOf(vs.subList(0, n)));
    }

    static Arbitrary<Dlt645Value> valueFor(DataItem.Element e) {
        DataFormat f = e.format();
        String n = e.name(), q = e.quantity();
        switch (f.kind()) {
            case BCD:
                return Arbitraries.longs().between(f.signed() ? -f.maxUnscaled() : 0, f.maxUnscaled())
                        .map(v -> new Dlt645Value.Number(n, q, v, f.scale(), e.unit()));
            case DIGITS:
                return Arbitraries.strings().numeric().ofLength(2 * f.bytes()).map(t -> new Dlt645Value.Text(n, q, t));
            case ASCII:
                return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(f.bytes())
                        .map(t -> new Dlt645Value.Text(n, q, t));
            case HEX:
                return Arbitraries.strings().withChars("0123456789ABCDEF").ofLength(2 * f.bytes())
                        .filter(t -> !t.equals("F".repeat(2 * f.bytes()))).map(t -> new Dlt645Value.Text(n, q, t));
            case BITS:
                return Arbitraries.integers().between(0, 0xFFFE).map(raw -> new Dlt645Value.Flags(n, q, raw,
                        Dlt645StatusBits.table(f.pattern().substring(f.pattern().indexOf(':') + 1)).names(raw)));
            case DATE_WEEKDAY:
                return Combinators.combine(dateTimes(false), Arbitraries.integers().between(0, 6))
                        .as((t, w) -> new Dlt645Value.Date(n, q, LocalDate.from(t), w));
            case TIME:
                return dateTimes(true).map(t -> new Dlt645Value.Time(n, q, LocalTime.from(t)));
            case DATE_TIME_MINUTES:
                return dateTimes(false).map(t -> new Dlt645Value.DateTime(n, q, t));
            case DATE_TIME_SECONDS:
                return dateTimes(true).map(t -> new Dlt645Value.DateTime(n, q, t));
            case MONTH_TIME:
                return dateTimes(false).map(t -> new Dlt645Value.Text(n, q, String.format("%02d-%02d %02d:%02d",
                        t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute())));
            default:
                throw new IllegalStateException(f.kind().name());
        }
    }
}
