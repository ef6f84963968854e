package org.headend.protocol.dlt645;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Dlt645FrameCodecTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void decodesTheWorkedReadReplyOfTheStandard() {
        Dlt645Frame f = Dlt645FrameCodec.decode(hex("68 25 04 03 02 01 00 68 91 08 33 33 34 33 75 39 45 33 8B 16"));
        assertEquals("000102030425", f.address().toString());
        assertEquals(0x91, f.control().value());
        assertEquals(0x00010000L, f.dataId(Dlt645Edition.V2007));
        Dlt645Value.Number v = (Dlt645Value.Number) Dlt645Messages.values(Dlt645Edition.V2007, f).get(0);
        assertEquals(120642, v.unscaled());
        assertEquals(2, v.scale());
        assertEquals("kWh", v.unit());
    }

    @Test
    void encodesTheWorkedReadRequestByteForByte() {
        Dlt645Frame f = Dlt645Messages.readRequest(Dlt645Edition.V2007, Dlt645Address.parse("000102030425"), 0x00010000L);
        assertArrayEquals(hex("68 25 04 03 02 01 00 68 11 04 33 33 34 33 E1 16"), Dlt645FrameCodec.encode(f, 0));
    }

    @Test
    void rejectsABadChecksum() {
        Dlt645Exception e = assertThrows(Dlt645Exception.class,
                () -> Dlt645FrameCodec.decode(hex("68 25 04 03 02 01 00 68 11 04 33 33 34 33 E2 16")));
        assertEquals(Dlt645Exception.Reason.BAD_CHECKSUM, e.reason());
    }

    @Test
    void extractorFindsAFrameBehindAFalseStartAndNoise() {
        byte[] frame = hex("FE FE 68 25 04 03 02 01 00 68 11 04 33 33 34 33 E1 16");
        byte[] stream = new byte[frame.length + 4];
        stream[0] = 0x11;
        stream[1] = 0x68;
        stream[2] = 0x22;
        stream[3] = 0x33;
        System.arraycopy(frame, 0, stream, 4, frame.length);
        List<Dlt645Frame> out = new ArrayList<>();
        Dlt645Extractor x = new Dlt645Extractor();
        for (byte b : stream) {
            x.feed(new byte[] {b}, out::add);
        }
        assertEquals(1, out.size());
        assertEquals(1, x.dropped(Dlt645Exception.Reason.BAD_START));
        assertEquals(0, x.buffered());
    }

    @Test
    void eightBytesAtOnceSumAndLoseTheirScramblingLikeOneByOne() {
        for (int pos = 0; pos < 8; pos++) {
            for (int b = 0; b < 256; b++) {
                byte[] eight = {(byte) 0xFF, 0x00, 0x33, 0x32, (byte) 0x80, 0x7F, 0x34, (byte) 0xB3};
                eight[pos] = (byte) b;
                long x = 0;
                int sum = 0;
                for (int k = 7; k >= 0; k--) {
                    x = (x << 8) | (eight[k] & 0xFF);
                    sum += eight[k] & 0xFF;
                }
                assertEquals(sum, Dlt645FrameCodec.byteSum(x));
                long u = Dlt645FrameCodec.unscramble(x);
                for (int k = 0; k < 8; k++) {
                    assertEquals((byte) (eight[k] - 0x33), (byte) (u >>> (8 * k)), "byte " + k + " of " + Long.toHexString(x));
                }
            }
        }
    }
}
