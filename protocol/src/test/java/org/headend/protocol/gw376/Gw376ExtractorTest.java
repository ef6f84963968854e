package org.headend.protocol.gw376;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.headend.protocol.dlt645.PublicVectors;
import org.headend.protocol.gw376.Gw376Exception.Reason;
import org.headend.protocol.wire.Streams;

/** The streaming extractor: every G13 vector in one stream, resync rules, bounds, and chunking independence. */
class Gw376ExtractorTest {

    /** What an extractor did with a stream: frames, drops (reason/bytes), noise, leftovers. */
    record Outcome(List<Gw376Frame> frames, List<String> drops, long noise, int buffered) {
    }

    static Outcome run(byte[] stream, int[] cuts, int maxUserDataLength) {
        Gw376Extractor x = new Gw376Extractor(maxUserDataLength);
        List<Gw376Frame> frames = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        Gw376Extractor.Sink sink = new Gw376Extractor.Sink() {
            @Override
            public void frame(Gw376Frame frame) {
                frames.add(frame);
            }

            @Override
            public void dropped(Reason reason, int bytes) {
                drops.add(reason.tag() + "/" + bytes);
            }
        };
        Streams.inChunks(stream, cuts, (off, n) -> {
            x.feed(stream, off, n, sink);
            assertTrue(x.buffered() <= Gw376Limits.OVERHEAD + maxUserDataLength, "buffer grew to " + x.buffered());
        });
        long counted = Arrays.stream(Reason.values()).mapToLong(x::dropped).sum();
        assertEquals(drops.size(), counted, "counters agree with the sink");
        assertEquals(frames.size(), x.frames());
        return new Outcome(frames, drops, x.noiseBytes(), x.buffered());
    }

    static Outcome run(byte[] stream, int[] cuts) {
        return run(stream, cuts, Gw376Limits.MAX_USER_DATA_LENGTH);
    }

    @Example
    void yieldsEveryPublicVectorFromOneNoisyStreamHoweverItIsCut() {
        List<byte[]> parts = new ArrayList<>();
        List<Gw376Frame> expected = new ArrayList<>();
        for (PublicVectors.Row r : G13.ROWS) {
            parts.add(new byte[] {0x00, 0x68, 0x16}); // noise with a false start
            parts.add(r.bytes());
            expected.add(Gw376Decoder.decode(r.bytes()));
        }
        byte[] stream = Streams.concat(parts.toArray(new byte[0][]));
        Outcome whole = run(stream, new int[0]);
        assertEquals(expected, whole.frames());
        assertEquals(0, whole.buffered());
        // Each false 68 is one bad_start, taking the 16 after it; the 00 before it is noise.
        assertEquals(java.util.Collections.nCopies(21, "bad_start/2"), whole.drops());
        assertEquals(21, whole.noise());
        assertEquals(whole, run(stream, Streams.everyPosition(stream.length)));
        for (int cut = 0; cut <= stream.length; cut++) {
            assertEquals(whole, run(stream, new int[] {cut}), "split at " + cut);
        }
    }

    @Example
    void resyncsAfterABadChecksumAndCountsOneCorruptedFrameOnce() {
        byte[] good = G13.bytes("G13-003");
        byte[] bad = good.clone();
        bad[bad.length - 2] ^= 0x01;
        byte[] stream = Streams.concat(good, bad, good);
        for (int[] cuts : new int[][] {new int[0], Streams.everyPosition(stream.length)}) {
            Outcome o = run(stream, cuts);
            assertEquals(2, o.frames().size());
            // The first 68 up to the header's second one goes with the drop; the false starts met
            // inside the rest of the corrupted frame are the same corruption, not counted again.
            assertEquals(List.of("bad_checksum/5"), o.drops());
        }
    }

    @Example
    void findsAFrameThatStartsInsideACorruptedOne() {
        byte[] good = G13.bytes("G13-015");
        // A frame cut short (its tail lost) followed at once by a whole one: the whole one is found.
        byte[] cut = Arrays.copyOf(G13.bytes("G13-003"), 30);
        byte[] stream = Streams.concat(cut, good, good);
        Outcome o = run(stream, new int[0]);
        assertTrue(o.frames().size() >= 1, o.toString());
        assertEquals(Gw376Decoder.decode(good), o.frames().get(o.frames().size() - 1));
        assertEquals(o, run(stream, Streams.everyPosition(stream.length)));
    }

    @Example
    void rejectsAnOversizeLengthWithoutWaitingForItsBytes() {
        // L = 256 bytes of user data against a cap of 255 (a radio channel): dropped once the 6-byte header is in.
        byte[] header = Gw376CodecTest.hex("68 02 04 02 04 68");
        Gw376Extractor x = new Gw376Extractor(255);
        List<Reason> drops = new ArrayList<>();
        x.feed(header, new Gw376Extractor.Sink() {
            @Override
            public void frame(Gw376Frame frame) {
            }

            @Override
            public void dropped(Reason reason, int bytes) {
                drops.add(reason);
            }
        });
        assertEquals(List.of(Reason.TOO_LONG), drops);
        assertEquals(1, x.buffered(), "only the header's second 68 stays, as the next candidate");
    }

    @Example
    void rejectsHeadersWithUnequalLengthsOrABadProtocolIdentifier() {
        // The header's second 68 stays buffered as the next candidate.
        Outcome unequal = run(Gw376CodecTest.hex("68 32 00 36 00 68"), new int[0]);
        assertEquals(List.of("bad_length/5"), unequal.drops());
        assertEquals(1, unequal.buffered());
        assertEquals(List.of("bad_protocol_id/5"), run(Gw376CodecTest.hex("68 33 00 33 00 68"), new int[0]).drops());
        assertEquals(List.of("bad_length/5"), run(Gw376CodecTest.hex("68 1E 00 1E 00 68"), new int[0]).drops(), "L = 7 < 8");
    }

    @Example
    void dropsAFrameWhoseContentCannotBeDecodedWholeAndKeepsTheNext() {
        byte[] badUnit = Gw376CodecTest.framed(2, Gw376CodecTest.hex("4B 71 01 22 08 02 0C 61 01 01 00 10"));
        byte[] good = G13.bytes("G13-020");
        byte[] stream = Streams.concat(badUnit, good);
        for (int[] cuts : new int[][] {new int[0], Streams.everyPosition(stream.length)}) {
            Outcome o = run(stream, cuts);
            assertEquals(List.of("bad_unit/" + badUnit.length), o.drops());
            assertEquals(List.of(Gw376Decoder.decode(good)), o.frames());
        }
    }

    @Provide
    Arbitrary<byte[]> streams() {
        List<byte[]> vectors = G13.ROWS.stream().map(PublicVectors.Row::bytes).toList();
        return Streams.of(Arbitraries.oneOf(Arbitraries.of(vectors), Gw376Arbitraries.frames().map(Gw376Encoder::encode)), 10);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void chunkingNeverChangesTheOutcome(@ForAll("streams") byte[] stream,
                                        @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 2000) Integer> rawCuts) {
        int[] cuts = rawCuts.stream().mapToInt(c -> Math.min(c, stream.length)).sorted().toArray();
        assertEquals(run(stream, new int[0]), run(stream, cuts));
        assertEquals(run(stream, new int[0], 64), run(stream, cuts, 64));
    }

    @Property(tries = 300)
    void arbitraryBytesNeverThrowNorOverfillTheBuffer(@ForAll @Size(max = 600) byte[] stream,
                                                      @ForAll @IntRange(min = 1, max = 64) int chunk,
                                                      @ForAll @IntRange(min = 8, max = 300) int cap) {
        int[] cuts = new int[stream.length / chunk];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * chunk;
        }
        run(stream, cuts, cap); // asserts the bound after every chunk
    }
}
