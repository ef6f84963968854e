package org.headend.protocol.dlt645;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The other typical reply: forward active energy total (00010000), one value, the read the
 * collector's default schedule makes of every meter every interval. Same method as
 * {@link Dlt645CodecBenchmark}: decode against a checksum loop over the same bytes.
 */
@State(Scope.Benchmark)
// A heap of fixed size, touched before the run: with the default heap growing into fresh memory the
// allocating benchmarks measured page faults too (error bars of 40-400 ns on 17-40 ns steps, 7 ns once fixed).
@Fork(jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Dlt645EnergyReplyBenchmark {

    /** Vector D07-002 with the usual 4 FE in front: 24 bytes. */
    private byte[] wire;

    @Setup
    public void setUp() {
        wire = HexFormat.of().parseHex("FEFEFEFE6825040302010068910833333433753945338B16");
    }

    @Benchmark
    public int checksumBaseline() {
        return Dlt645FrameCodec.checksum(wire, 0, wire.length);
    }

    /** Bytes to message, the entry that skips the intermediate frame. */
    @Benchmark
    public Dlt645Message decodeMessage() {
        return Dlt645MessageDecoder.decode(wire);
    }

    /** Bytes to frame to message: the path of a frame the extractor delivered (the collector's). */
    @Benchmark
    public Dlt645Message decodeFrameThenMessage() {
        return Dlt645MessageDecoder.decode(Dlt645FrameCodec.decode(wire));
    }
}
