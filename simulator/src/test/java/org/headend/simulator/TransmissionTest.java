package org.headend.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransmissionTest {

    static final byte[] REPLY = new byte[24];
    static final long BYTE_2400 = 11L * 1_000_000_000L / 2400;

    static {
        for (int i = 0; i < REPLY.length; i++) {
            REPLY[i] = (byte) i;
        }
    }

    static byte[] joined(Transmission t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < t.chunks(); i++) {
            out.writeBytes(t.chunk(i));
        }
        return out.toByteArray();
    }

    @Test
    void unpacedReplyGoesOutInOneWriteAtOnce() {
        Transmission t = Transmission.plan(new byte[0], REPLY, false, false, 0, new Random(1));
        assertEquals(1, t.chunks());
        assertEquals(0, t.dueNanos(0));
        assertArrayEquals(REPLY, t.chunk(0));
    }

    @Test
    void pacedReplyTakesElevenBitsPerByte() {
        Transmission t = Transmission.plan(new byte[0], REPLY, false, false, BYTE_2400, new Random(1));
        assertEquals(24, t.chunks());
        assertEquals(24 * BYTE_2400, t.dueNanos(23)); // 110.0 ms at 2400 8E1 (protocols.md §5)
        assertEquals(110_000_000L, t.dueNanos(23), 24);
    }

    @Test
    void splitCutsSmallChunksAtLeastAMillisecondApart() {
        Transmission t = Transmission.plan(new byte[0], REPLY, false, true, 0, new Random(7));
        assertTrue(t.chunks() >= 24 / Transmission.MAX_SPLIT_CHUNK);
        for (int i = 0; i < t.chunks(); i++) {
            assertTrue(t.chunk(i).length >= 1 && t.chunk(i).length <= Transmission.MAX_SPLIT_CHUNK);
            if (i > 0) {
                assertTrue(t.dueNanos(i) - t.dueNanos(i - 1) >= Transmission.SPLIT_GAP_NANOS);
            }
        }
        assertArrayEquals(REPLY, joined(t));
    }

    @Test
    void heldReplyGoesOutFirstAndAtOnce() {
        byte[] held = {9, 9, 9};
        Transmission t = Transmission.plan(held, REPLY, false, false, BYTE_2400, new Random(1));
        assertArrayEquals(held, t.chunk(0));
        assertEquals(0, t.dueNanos(0));
        assertEquals(27, joined(t).length);
        assertFalse(t.closeAfter());
    }

    @Test
    void dropKeepsHalfTheReplyAndClosesAfterIt() {
        Transmission t = Transmission.plan(new byte[0], REPLY, true, false, 0, new Random(1));
        assertEquals(12, joined(t).length);
        assertTrue(t.closeAfter());
    }
}
