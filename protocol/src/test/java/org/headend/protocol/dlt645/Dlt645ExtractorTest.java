package org.headend.protocol.dlt645;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;
import org.headend.protocol.dlt645.Dlt645Message.ErrorReply;
import org.headend.protocol.dlt645.Dlt645Message.ReadReply;
import org.headend.protocol.wire.Streams;

/** The streaming extractor: the DST public stream, resync rules, bounds, and chunking independence. */
class Dlt645ExtractorTest {

    private static final PublicVectors.Row STREAM = PublicVectors.rows("DST").get(0);

    /** What an extractor did with a stream: frames (with preambles), drop counts, noise, leftovers. */
    record Outcome(List<Dlt645Frame> frames, List<Integer> preambles, List<String> drops, long noise, int buffered) {
    }

    static Outcome run(byte[] stream, int[] cuts) {
        Dlt645Extractor x = new Dlt645Extractor();
        List<Dlt645Frame> frames = new ArrayList<>();
        List<Integer> preambles = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        Dlt645Extractor.Sink sink = new Dlt645Extractor.Sink() {
            @Override
            public void frame(Dlt645Frame frame) {
                frames.add(frame);
                preambles.add(x.lastPreamble());
            }

            @Override
            public void dropped(Reason reason, int bytes) {
                drops.add(reason.tag() + "/" + bytes);
            }
        };
        Streams.inChunks(stream, cuts, (off, n) -> {
            x.feed(stream, off, n, sink);
            assertTrue(x.buffered() <= Dlt645Limits.MAX_FRAME_LENGTH, "buffer grew to " + x.buffered());
        });
        return new Outcome(frames, preambles, drops, x.noiseBytes(), x.buffered());
    }

    @Example
    void yieldsTheThirteenFramesOfThePublicStreamInOrder() {
        byte[] stream = STREAM.bytes();
        Outcome whole = run(stream, new int[0]);
        assertEquals(13, whole.frames().size());
        assertEquals(List.of(), whole.drops());
        assertEquals(0, whole.buffered());
        assertEquals(List.of(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4), whole.preambles());

        // The meaning lists ERR=02 then DI=value pairs, in stream order.
        assertInstanceOfError(Dlt645MessageDecoder.decode(whole.frames().get(0)));
        Matcher m = Pattern.compile("([0-9A-F]{8})=(\"[^\"]*\"|[^;]+)").matcher(STREAM.meaning());
        int i = 1;
        while (m.find()) {
            ReadReply r = (ReadReply) Dlt645MessageDecoder.decode(whole.frames().get(i++));
            assertEquals(m.group(1), Dlt645Edition.V2007.formatDataId(r.dataId()));
            String expected = m.group(2).trim().replaceAll("\\. A streaming extractor.*", "");
            if (expected.matches("\\d{12}")) {
                assertEquals(expected, ((Dlt645Value.Text) r.values().get(0)).text());
            } else {
                Dlt645MessageDecoderTest.assertValues(expected, r.values());
            }
        }
        assertEquals(13, i);

        Outcome bytewise = run(stream, Streams.everyPosition(stream.length));
        assertEquals(whole, bytewise);
        for (int cut = 0; cut <= stream.length; cut++) {
            assertEquals(whole, run(stream, new int[] {cut}), "split at " + cut);
        }
    }

    private static void assertInstanceOfError(Dlt645Message m) {
        assertEquals(2, ((ErrorReply) m).error());
    }

    @Example
    void resyncsAfterABadChecksumAndKeepsTheNextFrame() {
        byte[] good = hex("FEFEFEFE6843100011340068910633343435CA55EE16");
        byte[] bad = good.clone();
        bad[bad.length - 2] ^= 0x01;
        byte[] stream = Streams.concat(bad, good);
        Outcome o = run(stream, new int[0]);
        assertEquals(1, o.frames().size());
        // The bad frame's 68 and the address bytes up to its second 68 go with the drop; that 68 is
        // tried next, fails, and is not counted again: one corrupted frame is one drop.
        assertEquals(List.of("bad_checksum/7"), o.drops());
        assertEquals(Dlt645FrameCodec.decode(good), o.frames().get(0));
        assertEquals(4, o.preambles().get(0));
    }

    @Example
    void oneCorruptedFrameCountsOnceHoweverItIsChunked() {
        byte[] good = hex("FEFEFEFE6843100011340068910633343435CA55EE16");
        byte[] bad = good.clone();
        bad[bad.length - 2] ^= 0x01;
        byte[] stream = Streams.concat(good, bad, good);
        int[] everyByte = new int[stream.length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        for (int[] cuts : new int[][] {new int[0], everyByte}) {
            Outcome o = run(stream, cuts);
            assertEquals(2, o.frames().size());
            assertEquals(1, o.drops().size(), o.drops().toString());
            assertTrue(o.drops().get(0).startsWith("bad_checksum/"), o.drops().toString());
        }
    }

    @Example
    void rejectsAnOversizeLengthWithoutWaitingForItsBytes() {
        // L = 0xC9 = 201 > 200: dropped as soon as the 10-byte header is in.
        byte[] header = hex("68111111111111689 1C9".replace(" ", ""));
        Dlt645Extractor x = new Dlt645Extractor();
        List<Reason> drops = new ArrayList<>();
        x.feed(header, new Dlt645Extractor.Sink() {
            @Override
            public void frame(Dlt645Frame frame) {
            }

            @Override
            public void dropped(Reason reason, int bytes) {
                drops.add(reason);
            }
        });
        assertEquals(List.of(Reason.TOO_LONG), drops);
        assertEquals(1, x.dropped(Reason.TOO_LONG));
        // Only the bytes from the header's second 68 stay, as the next candidate: "68 91 C9".
        assertEquals(3, x.buffered());
    }

    @Example
    void countsNoiseButNotPreambleBytes() {
        byte[] stream = Streams.concat(hex("0102FEFE"), hex("6843100011340068910633343435CA55EE16"));
        Dlt645Extractor x = new Dlt645Extractor();
        List<Dlt645Frame> out = new ArrayList<>();
        x.feed(stream, out::add);
        assertEquals(1, out.size());
        assertEquals(2, x.noiseBytes());
        assertEquals(2, x.lastPreamble());
    }

    @Provide
    Arbitrary<byte[]> streams() {
        List<byte[]> frames = new ArrayList<>();
        for (PublicVectors.Row r : PublicVectors.rows("D07", "D97")) {
            frames.add(r.bytes());
        }
        return Streams.of(Arbitraries.of(frames), 12);
    }

    @Property(tries = 300)
    void chunkingNeverChangesTheOutcome(@ForAll("streams") byte[] stream,
                                        @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 1000) Integer> rawCuts) {
        int[] cuts = rawCuts.stream().mapToInt(c -> Math.min(c, stream.length)).sorted().toArray();
        assertEquals(run(stream, new int[0]), run(stream, cuts));
    }

    @Property(tries = 300)
    void arbitraryBytesNeverThrowNorOverfillTheBuffer(@ForAll @Size(max = 600) byte[] stream,
                                                      @ForAll @IntRange(min = 1, max = 64) int chunk) {
        int[] cuts = new int[stream.length / chunk];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * chunk;
        }
        Outcome o = run(stream, cuts); // asserts the bound after every chunk
        for (Dlt645Frame f : o.frames()) {
            try {
                Dlt645MessageDecoder.decode(f);
            } catch (Dlt645Exception expected) {
                // the only failure allowed
            }
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
