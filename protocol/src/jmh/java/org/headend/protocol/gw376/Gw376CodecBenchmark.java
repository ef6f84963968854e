package org.headend.protocol.gw376;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The reply a concentrator read brings back most: 0C F129 (current forward active energy, total
 * and 4 tariffs, read time, Tp echoed), as G13-003 but with values, 57 bytes. Decoding it, and the
 * extractor over ~64 KiB of such replies fed in 64-byte chunks, each against a checksum loop over
 * the same bytes in the same run (the DL/T 645 benchmarks' method).
 */
@State(Scope.Benchmark)
// A heap of fixed size, touched before the run: with the default heap growing into fresh memory the
// allocating benchmarks measured page faults too (error bars of 40-400 ns on 17-40 ns steps, 7 ns once fixed).
@Fork(jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@BenchmarkMode(Mode.AverageTime)
public class Gw376CodecBenchmark {

    private byte[] reply;
    private byte[] stream;
    private Gw376Extractor extractor;
    private Gw376Extractor.Sink sink;

    @Setup
    public void setUp(Blackhole bh) {
        Gw376Address terminal = Gw376Address.of(0x0171, 0x0822, 1);
        Gw376Frame request = Gw376Messages.withTp(Gw376Messages.readCurrentEnergy(terminal, 2, List.of(1)),
                new Gw376Tp(2, 39, 19, 16, 28, 0));
        reply = Gw376Encoder.encode(Gw376Messages.reply(request, List.of(Gw376Group.of(1, 129,
                Gw376Data.Energy.current(LocalDateTime.of(2018, 8, 28, 16, 18), List.of(new BigDecimal("12345.6789"),
                        new BigDecimal("3086.4197"), new BigDecimal("4938.2716"), new BigDecimal("2469.1358"), new BigDecimal("1851.8518")))))));
        int copies = 65536 / reply.length;
        stream = new byte[reply.length * copies];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(reply, 0, stream, i * reply.length, reply.length);
        }
        extractor = new Gw376Extractor();
        sink = bh::consume;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int replyChecksumBaseline() {
        return Gw376Decoder.checksum(reply, 0, reply.length);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Gw376Frame decodeReply() {
        return Gw376Decoder.decode(reply);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int streamChecksumBaseline() {
        return Gw376Decoder.checksum(stream, 0, stream.length);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long extract() {
        long before = extractor.frames();
        for (int off = 0; off < stream.length; off += 64) {
            extractor.feed(stream, off, Math.min(64, stream.length - off), sink);
        }
        return extractor.frames() - before;
    }
}
