package org.headend.protocol.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.headend.protocol.modbus.ModbusPdu.BitsReply;
import org.headend.protocol.modbus.ModbusPdu.ExceptionReply;
import org.headend.protocol.modbus.ModbusPdu.Other;
import org.headend.protocol.modbus.ModbusPdu.ReadRequest;
import org.headend.protocol.modbus.ModbusPdu.RegistersReply;
import org.headend.protocol.modbus.ModbusPdu.WriteMultiple;
import org.headend.protocol.modbus.ModbusPdu.WriteMultipleReply;
import org.headend.protocol.modbus.ModbusPdu.WriteSingle;

/** Frames to bytes and back, both framings, every PDU kind; and whatever bytes come in, only ModbusException comes out. */
class ModbusFrameRoundTripTest {

    @Property(tries = 2000)
    void frameToBytesToFrame(@ForAll("frames") ModbusFrame f) {
        byte[] b = ModbusFrameCodec.encode(f);
        assertEquals(f, ModbusFrameCodec.decode(f.framing(), b, f.direction()));
        assertArrayEquals(b, ModbusFrameCodec.encode(ModbusFrameCodec.decode(f.framing(), b, f.direction())));
    }

    @Property(tries = 2000)
    void aFlippedBitInAnRtuFrameIsCaughtByTheCrc(@ForAll("frames") ModbusFrame f, @ForAll int where, @ForAll("bits") int bit) {
        ModbusFrame rtu = ModbusFrame.rtu(f.unit(), f.direction(), f.pdu());
        byte[] b = ModbusFrameCodec.encode(rtu);
        b[Math.floorMod(where, b.length)] ^= (byte) (1 << bit);
        try {
            ModbusFrameCodec.decodeRtu(b, f.direction());
            throw new AssertionError("a corrupted frame decoded");
        } catch (ModbusException e) {
            assertEquals(ModbusException.Reason.BAD_CRC, e.reason());
        }
    }

    @Property(tries = 3000)
    void anyBytesDecodeOrFailWithAReason(@ForAll("noise") byte[] b, @ForAll boolean tcp) {
        try {
            ModbusFrame f = ModbusFrameCodec.decode(tcp ? ModbusFraming.TCP : ModbusFraming.RTU, b, null);
            assertArrayEquals(b, ModbusFrameCodec.encode(f), "what decodes encodes back to the same bytes");
        } catch (ModbusException e) {
            assertEquals(true, e.getMessage().startsWith(e.reason().tag()));
        }
    }

    @Provide
    Arbitrary<Integer> bits() {
        return Arbitraries.integers().between(0, 7);
    }

    @Provide
    Arbitrary<byte[]> noise() {
        // short frames of plausible shape are more interesting than long random ones
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> shaped = frames().map(ModbusFrameCodec::encode).flatMap(b ->
                Arbitraries.integers().between(0, b.length - 1).flatMap(i -> Arbitraries.bytes().map(x -> {
                    byte[] c = b.clone();
                    c[i] = x;
                    return c;
                })));
        return Arbitraries.oneOf(random, shaped);
    }

    @Provide
    Arbitrary<ModbusFrame> frames() {
        Arbitrary<Integer> unit = Arbitraries.integers().between(0, 255);
        Arbitrary<Integer> transaction = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Boolean> tcp = Arbitraries.of(true, false);
        return Combinators.combine(tcp, transaction, unit, pdus()).as((t, tx, u, p) -> {
            ModbusDirection d = p.direction();
            return t ? ModbusFrame.tcp(tx, u, d, p.pdu()) : ModbusFrame.rtu(u, d, p.pdu());
        });
    }

    record Directed(ModbusDirection direction, ModbusPdu pdu) {
    }

    private static Arbitrary<Directed> pdus() {
        Arbitrary<Integer> word = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Directed> readRegs = Arbitraries.integers().between(3, 4).flatMap(fc ->
                Arbitraries.integers().between(1, 125).flatMap(q -> Arbitraries.integers().between(0, 0x10000 - q)
                        .map(s -> req(new ReadRequest(fc, s, q)))));
        Arbitrary<Directed> readBits = Arbitraries.integers().between(1, 2).flatMap(fc ->
                Arbitraries.integers().between(1, 2000).flatMap(q -> Arbitraries.integers().between(0, 0x10000 - q)
                        .map(s -> req(new ReadRequest(fc, s, q)))));
        Arbitrary<Directed> regsReply = Arbitraries.integers().between(3, 4).flatMap(fc ->
                word.array(int[].class).ofMinSize(1).ofMaxSize(125).map(w -> resp(new RegistersReply(fc, w))));
        Arbitrary<Directed> bitsReply = Arbitraries.integers().between(1, 2).flatMap(fc ->
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(250).map(b -> resp(new BitsReply(fc, b))));
        Arbitrary<Directed> single = Combinators.combine(Arbitraries.of(5, 6), word, word, Arbitraries.of(ModbusDirection.values()))
                .as((fc, a, v, d) -> new Directed(d, new WriteSingle(fc, a, fc == 5 ? (v % 2 == 0 ? 0xFF00 : 0) : v)));
        Arbitrary<Directed> writeRegs = Arbitraries.integers().between(0, 0xFFFF - 123).flatMap(s ->
                word.array(int[].class).ofMinSize(1).ofMaxSize(123).map(w -> req(WriteMultiple.registers(s, w))));
        Arbitrary<Directed> writeCoils = Arbitraries.integers().between(1, 1968).flatMap(q ->
                Arbitraries.bytes().array(byte[].class).ofSize((q + 7) / 8).map(d -> req(new WriteMultiple(0x0F, 0, q, d))));
        Arbitrary<Directed> writeReply = Combinators.combine(Arbitraries.of(0x0F, 0x10), Arbitraries.integers().between(1, 123),
                Arbitraries.integers().between(0, 0xFF00)).as((fc, q, s) -> resp(new WriteMultipleReply(fc, s, q)));
        Arbitrary<Directed> exception = Combinators.combine(Arbitraries.integers().between(1, 0x7F), Arbitraries.integers().between(0, 255))
                .as((fc, c) -> resp(new ExceptionReply(fc, c)));
        Arbitrary<Directed> other = Combinators.combine(Arbitraries.integers().between(0x11, 0x7F),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(252)).as((fc, d) -> req(new Other(fc, d)));
        return Arbitraries.oneOf(readRegs, readBits, regsReply, bitsReply, single, writeRegs, writeCoils, writeReply, exception, other);
    }

    private static Directed req(ModbusPdu p) {
        return new Directed(ModbusDirection.REQUEST, p);
    }

    private static Directed resp(ModbusPdu p) {
        return new Directed(ModbusDirection.RESPONSE, p);
    }
}
