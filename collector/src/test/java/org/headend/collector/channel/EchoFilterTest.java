package org.headend.collector.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.junit.jupiter.api.Test;

/** Echo suppression: only a complete copy of the request is removed, however the bytes are cut. */
class EchoFilterTest {

    private static final Dlt645Address METER = Dlt645Address.parse("000000000042");
    private static final byte[] REQUEST = Dlt645FrameCodec.encode(
            Dlt645Messages.readRequest(Dlt645Edition.V2007, METER, 0x00010000L), 4);
    private static final byte[] REPLY = Dlt645FrameCodec.encode(Dlt645Messages.readReply(Dlt645Edition.V2007, METER,
            0x00010000L, new byte[] {0x12, 0x34, 0x56, 0x00}), 4);

    private final EchoFilter filter = new EchoFilter();

    /** Feeds {@code bytes} in chunks of {@code size} and returns all that was handed on. */
    private byte[] feed(byte[] bytes, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i += size) {
            out.writeBytes(filter.filter(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size))));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void theEchoIsRemovedAndTheReplyAfterItKept() {
        filter.sent(REQUEST);
        assertArrayEquals(REPLY, feed(concat(REQUEST, REPLY), 512));
        assertEquals(REQUEST.length, filter.suppressed());
    }

    @Test
    void anEchoInPiecesIsHeldThenRemoved() {
        filter.sent(REQUEST);
        for (int i = 0; i < REQUEST.length; i++) {
            assertEquals(0, filter.filter(new byte[] {REQUEST[i]}).length, "byte " + i + " held");
        }
        assertEquals(REQUEST.length, filter.suppressed());
        assertArrayEquals(REPLY, feed(REPLY, 512));
    }

    @Test
    void withoutAnEchoTheReplyThatStartsLikeTheRequestIsKeptWhole() {
        filter.sent(REQUEST);
        // FE preamble, 68 and the same address: the first 12 bytes match the request, the control code does not
        assertArrayEquals(REPLY, feed(REPLY, 1));
        assertEquals(0, filter.suppressed());
    }

    @Test
    void aByteThatDiffersHandsOnEverythingHeldAndEndsTheEcho() {
        filter.sent(REQUEST);
        byte[] collided = REQUEST.clone();
        collided[10] ^= 0x55;
        assertArrayEquals(collided, feed(collided, 3));
        assertArrayEquals(REPLY, feed(REPLY, 512), "nothing more is taken for echo");
        assertEquals(0, filter.suppressed());
    }

    @Test
    void nothingIsRemovedBeforeAnythingIsSent() {
        assertArrayEquals(REPLY, feed(REPLY, 512));
    }

    @Test
    void aPartialEchoStillHeldIsHandedOnWhenTheNextRequestGoesOut() {
        filter.sent(REQUEST);
        byte[] cut = Arrays.copyOf(REQUEST, 9); // the adapter lost the rest
        assertEquals(0, filter.filter(cut).length);
        filter.sent(REQUEST);
        assertArrayEquals(concat(cut, REPLY), feed(concat(REQUEST, REPLY), 7), "the cut echo first, then the next reply");
        assertEquals(REQUEST.length, filter.suppressed());
    }

    /**
     * Every chunk size, every damaged byte, echo or none: the output is the input minus exactly one
     * leading, complete copy of the request, or the input unchanged.
     */
    @Test
    void chunkingNeverChangesWhatIsHandedOn() {
        for (int size = 1; size <= REQUEST.length + REPLY.length; size++) {
            for (int flip = -1; flip < REQUEST.length; flip++) {
                for (boolean echoed : new boolean[] {true, false}) {
                    byte[] echo = REQUEST.clone();
                    if (flip >= 0) {
                        echo[flip] ^= 0x01; // a damaged echo: not ours, kept
                    }
                    byte[] in = echoed ? concat(echo, REPLY) : REPLY;
                    EchoFilter f = new EchoFilter();
                    f.sent(REQUEST);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (int i = 0; i < in.length; i += size) {
                        out.writeBytes(f.filter(Arrays.copyOfRange(in, i, Math.min(in.length, i + size))));
                    }
                    boolean complete = echoed && flip < 0;
                    String at = "chunks of " + size + ", byte " + flip + " damaged, echoed " + echoed;
                    assertArrayEquals(complete ? REPLY : in, out.toByteArray(), at);
                    assertEquals(complete ? REQUEST.length : 0, f.suppressed(), at);
                }
            }
        }
    }
}
