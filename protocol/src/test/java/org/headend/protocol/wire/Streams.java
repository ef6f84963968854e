package org.headend.protocol.wire;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Streams for the extractor tests of every protocol: built from frames, cut into chunks. */
public final class Streams {

    /** Receives one chunk of a stream: {@code n} bytes from {@code off}. */
    public interface Chunks {
        void feed(int off, int n);
    }

    private Streams() {
    }

    /** Feeds {@code stream} cut at {@code cuts} (ascending offsets), chunk by chunk, the last one up to the end. */
    public static void inChunks(byte[] stream, int[] cuts, Chunks chunks) {
        int from = 0;
        for (int cut : cuts) {
            chunks.feed(from, cut - from);
            from = cut;
        }
        chunks.feed(from, stream.length - from);
    }

    /** Cuts before every byte: 0, 1, ..., n - 1. */
    public static int[] everyPosition(int n) {
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = i;
        }
        return cuts;
    }

    public static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] p : parts) {
            int n = all.length;
            all = Arrays.copyOf(all, n + p.length);
            System.arraycopy(p, 0, all, n, p.length);
        }
        return all;
    }

    /**
     * Up to {@code maxParts} parts in a row, each a whole frame, noise, a frame with one byte
     * changed or a frame cut short (in the ratio 4:2:2:1).
     */
    public static Arbitrary<byte[]> of(Arbitrary<byte[]> frame, int maxParts) {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
        Arbitrary<byte[]> mutated = frame.flatMap(f -> Arbitraries.integers().between(0, f.length - 1)
                .flatMap(i -> Arbitraries.bytes().map(b -> {
                    byte[] c = f.clone();
                    c[i] = b;
                    return c;
                })));
        Arbitrary<byte[]> truncated = frame.flatMap(f -> Arbitraries.integers().between(0, f.length).map(n -> Arrays.copyOf(f, n)));
        return Arbitraries.frequencyOf(Tuple.of(4, frame), Tuple.of(2, noise), Tuple.of(2, mutated), Tuple.of(1, truncated))
                .list().ofMaxSize(maxParts).map((List<byte[]> parts) -> concat(parts.toArray(new byte[0][])));
    }
}
