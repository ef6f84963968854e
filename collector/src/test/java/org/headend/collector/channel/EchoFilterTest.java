package org.headend.collector.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.headend.protocol.serial.SerialFormat;
import org.junit.jupiter.api.Test;

/** Echo suppression with a clock the test moves: what is removed, what is kept. */
class EchoFilterTest {

    private static final long CHAR = SerialFormat.DLT645.characterNanos();
    private static final long SLACK = 20_000_000L;
    private static final Dlt645Address METER = Dlt645Address.parse("000000000042");
    private static final byte[] REQUEST = Dlt645FrameCodec.encode(
            Dlt645Messages.readRequest(Dlt645Edition.V2007, METER, 0x00010000L), 4);
    private static final byte[] REPLY = Dlt645FrameCodec.encode(Dlt645Messages.readReply(Dlt645Edition.V2007, METER,
            0x00010000L, new byte[] {0x12, 0x34, 0x56, 0x00}), 4);

    private final EchoFilter filter = new EchoFilter(CHAR, SLACK);

    private byte[] feed(byte[] bytes, long at) {
        byte[] buf = bytes.clone();
        return Arrays.copyOf(buf, filter.filter(buf, 0, buf.length, at));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void theEchoIsRemovedAndTheReplyAfterItKept() {
        filter.sent(REQUEST, 0);
        assertArrayEquals(REPLY, feed(concat(REQUEST, REPLY), 5 * CHAR));
        assertEquals(REQUEST.length, filter.suppressed());
    }

    @Test
    void anEchoInPiecesIsRemovedPieceByPiece() {
        filter.sent(REQUEST, 0);
        for (int i = 0; i < REQUEST.length; i++) {
            assertEquals(0, feed(new byte[] {REQUEST[i]}, (i + 1) * CHAR).length);
        }
        assertArrayEquals(REPLY, feed(REPLY, REQUEST.length * CHAR + SLACK));
    }

    @Test
    void withoutAnEchoTheReplyIsKeptAfterTheEchoCouldHaveCome() {
        filter.sent(REQUEST, 0);
        // the reply starts like the request (FE preamble, 68, same address): only timing tells them apart
        long replyStarts = REQUEST.length * CHAR + SLACK + 1;
        assertArrayEquals(REPLY, feed(REPLY, replyStarts));
        assertEquals(0, filter.suppressed());
    }

    @Test
    void aByteThatDiffersEndsTheEchoAndIsKept() {
        filter.sent(REQUEST, 0);
        byte[] collided = REQUEST.clone();
        collided[10] ^= 0x55;
        byte[] kept = feed(collided, CHAR);
        assertArrayEquals(Arrays.copyOfRange(collided, 10, collided.length), kept);
        assertArrayEquals(REPLY, feed(REPLY, 2 * CHAR), "nothing more is taken for echo");
    }

    @Test
    void nothingIsRemovedBeforeAnythingIsSent() {
        assertArrayEquals(REPLY, feed(REPLY, 0));
    }

    @Test
    void aNewRequestReplacesAnEchoStillPending() {
        filter.sent(REPLY, 0); // any earlier bytes
        filter.sent(REQUEST, 1);
        assertEquals(0, feed(REQUEST, 2).length);
    }
}
