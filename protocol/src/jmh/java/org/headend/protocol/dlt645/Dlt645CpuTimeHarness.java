package org.headend.protocol.dlt645;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The JMH benchmarks' operations timed by the thread's CPU time instead of the wall clock. On the
 * shared build machine other builds take the cores away for whole iterations, which JMH (wall
 * clock) counts and this does not: use it to compare code changes, JMH for the published figures.
 * Same inputs as {@link Dlt645CodecBenchmark}, {@link Dlt645EnergyReplyBenchmark} and
 * {@link Dlt645ExtractorBenchmark}; prints the
 * minimum and the median of 9 runs per operation, and each ratio to its checksum baseline.
 *
 * <p>Run: {@code ./mvnw -B -q -Pbench -pl protocol test-compile exec:exec
 * -Dbench.main=org.headend.protocol.dlt645.Dlt645CpuTimeHarness -Djmh.args=}
 */
public final class Dlt645CpuTimeHarness {

    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
    /** Results land here so that nothing is optimised away (a plain array store, no fence). */
    private static final Object[] SINK = new Object[1024];
    private static int intSink;

    private Dlt645CpuTimeHarness() {
    }

    private record Op(String name, int perRun, String baseline, IntConsumer body) {
    }

    public static void main(String[] args) {
        byte[] wire = HexFormat.of().parseHex(
                "FEFEFEFE68120000001020689118333234335C343333953333339333333336333333353333337416");
        Dlt645Frame frame = Dlt645FrameCodec.decode(wire);
        byte[] energy = HexFormat.of().parseHex("FEFEFEFE6825040302010068910833333433753945338B16");
        byte[] one = HexFormat.of().parseHex(Dlt645ExtractorBenchmark.DST);
        byte[] stream = new byte[one.length * (65536 / one.length)];
        for (int i = 0; i < stream.length; i += one.length) {
            System.arraycopy(one, 0, stream, i, one.length);
        }
        Dlt645Extractor extractor = new Dlt645Extractor();
        int[] delivered = new int[1];
        Dlt645Extractor.Sink sink = f -> SINK[delivered[0]++ & 1023] = f;
        Op[] ops = {
            new Op("checksum baseline (28 B)", 2_000_000, null, n -> {
                int x = 0;
                for (int i = 0; i < n; i++) {
                    x += Dlt645FrameCodec.checksum(wire, 0, wire.length);
                }
                intSink += x;
            }),
            new Op("decodeFrame", 1_000_000, "checksum baseline (28 B)", n -> {
                for (int i = 0; i < n; i++) {
                    SINK[i & 1023] = Dlt645FrameCodec.decode(wire);
                }
            }),
            new Op("decodeMessage", 300_000, "checksum baseline (28 B)", n -> {
                for (int i = 0; i < n; i++) {
                    SINK[i & 1023] = Dlt645MessageDecoder.decode(wire);
                }
            }),
            new Op("decodeFrameThenMessage", 300_000, "checksum baseline (28 B)", n -> {
                for (int i = 0; i < n; i++) {
                    SINK[i & 1023] = Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(wire));
                }
            }),
            new Op("decodeMessageFromFrame", 300_000, "checksum baseline (28 B)", n -> {
                for (int i = 0; i < n; i++) {
                    SINK[i & 1023] = Dlt645MessageDecoder.decode(frame);
                }
            }),
            new Op("checksum baseline (24 B)", 2_000_000, null, n -> {
                int x = 0;
                for (int i = 0; i < n; i++) {
                    x += Dlt645FrameCodec.checksum(energy, 0, energy.length);
                }
                intSink += x;
            }),
            new Op("decodeMessage (one value)", 300_000, "checksum baseline (24 B)", n -> {
                for (int i = 0; i < n; i++) {
                    SINK[i & 1023] = Dlt645MessageDecoder.decode(energy);
                }
            }),
            new Op("decodeFrameThenMessage (one)", 300_000, "checksum baseline (24 B)", n -> {
                for (int i = 0; i < n; i++) {
                    SINK[i & 1023] = Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(energy));
                }
            }),
            new Op("checksum baseline (65,520 B)", 2_000, null, n -> {
                int x = 0;
                for (int i = 0; i < n; i++) {
                    x += Dlt645FrameCodec.checksum(stream, 0, stream.length);
                }
                intSink += x;
            }),
            new Op("extract (64-byte chunks)", 300, "checksum baseline (65,520 B)", n -> {
                for (int i = 0; i < n; i++) {
                    for (int off = 0; off < stream.length; off += 64) {
                        extractor.feed(stream, off, Math.min(64, stream.length - off), sink);
                    }
                }
            }),
        };
        for (int warm = 0; warm < 6; warm++) {
            for (Op op : ops) {
                op.body().accept(op.perRun());
            }
        }
        Map<String, Double> medians = new HashMap<>();
        for (Op op : ops) {
            double[] perOp = new double[9];
            for (int r = 0; r < perOp.length; r++) {
                long t0 = THREAD.getCurrentThreadCpuTime();
                op.body().accept(op.perRun());
                perOp[r] = (THREAD.getCurrentThreadCpuTime() - t0) / (double) op.perRun();
            }
            Arrays.sort(perOp);
            medians.put(op.name(), perOp[4]);
            String ratio = op.baseline() == null ? "1" : String.format("%.1fx", perOp[4] / medians.get(op.baseline()));
            System.out.printf("%-30s min %10.1f ns  median %10.1f ns  ratio %s%n", op.name(), perOp[0], perOp[4], ratio);
        }
        System.out.println("(frames delivered: " + delivered[0] + ", checksum sink " + intSink + ")");
    }
}
