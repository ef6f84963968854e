package org.headend.collector.channel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.headend.collector.poll.JobResult;
import org.headend.collector.poll.MeterJob;
import org.headend.collector.poll.PollOutcome;
import org.headend.protocol.dlt645.Dlt645Address;
import org.headend.protocol.dlt645.Dlt645Catalogue;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Frame;
import org.headend.protocol.dlt645.Dlt645FrameCodec;
import org.headend.protocol.dlt645.Dlt645Function;
import org.headend.protocol.dlt645.Dlt645Messages;
import org.headend.protocol.dlt645.Dlt645Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Dlt645BusTest {

    private static final long ENERGY = 0x00010000L;
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final EventLoopGroup group = Transport.newGroup(1, "bus-test");
    private final List<JobResult> results = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers a read of ENERGY with the meter's address digits as its register, to tell replies apart. */
    private static byte[] energyReply(Dlt645Frame request) {
        long register = request.address().nibbles() % 1_000_000L;
        byte[] values = Dlt645Catalogue.standard().require(Dlt645Edition.V2007, ENERGY).encode(register);
        return Dlt645FrameCodec.encode(Dlt645Messages.readReply(Dlt645Edition.V2007, request.address(), ENERGY, values), 4);
    }

    private Dlt645Bus bus(ScriptedGateway gw, BusListener listener) {
        return bus(gw, listener, new BusTiming(TIMEOUT, 2, 0, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofMillis(200), 4, 1000));
    }

    private Dlt645Bus bus(ScriptedGateway gw, BusListener listener, BusTiming s) {
        Dlt645Bus bus = new Dlt645Bus("gw-test", new LinkSpec.Gateway(gw.address()), s, group.next(), listener, Clock.systemUTC());
        bus.start();
        return bus;
    }

    private MeterJob job(String address) {
        return new MeterJob(Dlt645Address.parse(address), Dlt645Edition.V2007, List.of(ENERGY), false, results::add);
    }

    private static double energyOf(JobResult r) {
        return ((Dlt645Value.Number) r.values().get(ENERGY).get(0)).doubleValue();
    }

    @Test
    void readsEveryMeterWithOneRequestOutstandingAtATime() throws Exception {
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger maxOutstanding = new AtomicInteger();
        Function<Dlt645Frame, byte[]> script = req -> {
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            outstanding.decrementAndGet();
            return energyReply(req);
        };
        try (ScriptedGateway gw = new ScriptedGateway(script)) {
            Dlt645Bus bus = bus(gw, BusListener.NONE);
            for (int i = 1; i <= 50; i++) {
                bus.submit(job(Integer.toString(i)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> results.size() == 50);
            assertTrue(results.stream().allMatch(r -> r.outcome() == PollOutcome.OK));
            assertEquals(50, gw.requests.size());
            assertEquals(1, maxOutstanding.get());
            JobResult r7 = results.stream().filter(r -> r.address().equals(Dlt645Address.parse("7"))).findFirst().orElseThrow();
            assertEquals(0.07, energyOf(r7), 1e-9);
            bus.close().syncUninterruptibly();
        }
    }

    @Test
    void aSilentMeterCostsOneTimeoutAndTheOthersAreStillRead() throws Exception {
        Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
        Function<Dlt645Frame, byte[]> script = req -> {
            asked.computeIfAbsent(req.address().toString(), k -> new AtomicInteger()).incrementAndGet();
            return req.address().equals(Dlt645Address.parse("2")) ? null : energyReply(req);
        };
        AtomicInteger timeouts = new AtomicInteger();
        BusListener listener = new BusListener() {
            @Override
            public void timeout(String bus) {
                timeouts.incrementAndGet();
            }
        };
        try (ScriptedGateway gw = new ScriptedGateway(script)) {
            Dlt645Bus bus = bus(gw, listener);
            for (int i = 1; i <= 3; i++) {
                bus.submit(job(Integer.toString(i)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> results.size() == 3);
            assertEquals(PollOutcome.TIMEOUT, results.get(1).outcome());
            assertEquals(PollOutcome.OK, results.get(2).outcome());
            assertEquals(1, asked.get("000000000002").get(), "a timeout is not retried within the cycle");
            assertEquals(1, timeouts.get());
        }
    }

    @Test
    void aCorruptedReplyIsRetriedAtOnceNotAfterTheTimeout() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Function<Dlt645Frame, byte[]> script = req -> {
            byte[] reply = energyReply(req);
            if (calls.incrementAndGet() == 1) {
                reply[reply.length - 2] ^= 0x01; // break the checksum once
            }
            return reply;
        };
        try (ScriptedGateway gw = new ScriptedGateway(script)) {
            Dlt645Bus bus = bus(gw, BusListener.NONE);
            bus.submit(job("5"));
            await().atMost(Duration.ofSeconds(5)).until(() -> results.size() == 1);
            assertEquals(PollOutcome.OK, results.get(0).outcome());
            assertEquals(2, results.get(0).attempts());
        }
    }

    @Test
    void anAbnormalReplyEndsAsErrorReplyWithoutRetry() throws Exception {
        Function<Dlt645Frame, byte[]> script = req -> Dlt645FrameCodec.encode(
                Dlt645Messages.errorReply(req.address(), Dlt645Function.READ, 0x02), 0);
        try (ScriptedGateway gw = new ScriptedGateway(script)) {
            Dlt645Bus bus = bus(gw, BusListener.NONE);
            bus.submit(job("9"));
            await().atMost(Duration.ofSeconds(5)).until(() -> results.size() == 1);
            assertEquals(PollOutcome.ERROR_REPLY, results.get(0).outcome());
            assertEquals(1, gw.requests.size());
        }
    }

    @Test
    void aDroppedConnectionIsReestablishedAndTheJobResumed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ScriptedGateway[] self = new ScriptedGateway[1];
        Function<Dlt645Frame, byte[]> script = req -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    self[0].dropConnection();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            }
            return energyReply(req);
        };
        try (ScriptedGateway gw = new ScriptedGateway(script)) {
            self[0] = gw;
            Dlt645Bus bus = bus(gw, BusListener.NONE);
            bus.submit(job("3"));
            bus.submit(job("4"));
            await().atMost(Duration.ofSeconds(10)).until(() -> results.size() == 2);
            assertTrue(results.stream().allMatch(r -> r.outcome() == PollOutcome.OK), results.toString());
            assertTrue(gw.connections.get() >= 2);
        }
    }

    @Test
    void aMeterWithAJobStillQueuedIsSkippedNotQueuedTwice() throws Exception {
        try (ScriptedGateway gw = new ScriptedGateway(req -> null)) {
            Dlt645Bus bus = bus(gw, BusListener.NONE);
            assertTrue(bus.submit(job("1")));
            assertFalse(bus.submit(job("1")), "the meter's first job is still queued");
            await().atMost(Duration.ofSeconds(5)).until(() -> results.size() == 1);
            assertEquals(PollOutcome.TIMEOUT, results.get(0).outcome());
            assertTrue(bus.submit(job("1")), "once its job ended the meter can be queued again");
        }
    }

    @Test
    void anOnDemandReadGoesBeforeTheScheduledQueue() throws Exception {
        try (ScriptedGateway gw = new ScriptedGateway(Dlt645BusTest::energyReply)) {
            Dlt645Bus bus = bus(gw, BusListener.NONE);
            for (int i = 1; i <= 30; i++) {
                bus.submit(job(Integer.toString(i)));
            }
            bus.submit(new MeterJob(Dlt645Address.parse("999"), Dlt645Edition.V2007, List.of(ENERGY), true, results::add));
            await().atMost(Duration.ofSeconds(10)).until(() -> results.size() == 31);
            int position = 0;
            while (!results.get(position).job().onDemand()) {
                position++;
            }
            assertTrue(position <= 2, "the on-demand read came back at position " + position + " of 31");
        }
    }

    @Test
    void closingLetsTheExchangeInFlightEndAndSkipsTheQueue() throws Exception {
        try (ScriptedGateway gw = new ScriptedGateway(req -> null)) {
            Dlt645Bus bus = bus(gw, BusListener.NONE);
            for (int i = 1; i <= 5; i++) {
                bus.submit(job(Integer.toString(i)));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.requests.size() == 1);
            bus.close().syncUninterruptibly();
            assertEquals(5, results.size());
            assertEquals(4, results.stream().filter(r -> r.outcome() == PollOutcome.SKIPPED).count(), results.toString());
            assertEquals(PollOutcome.TIMEOUT, results.stream().filter(r -> r.address().equals(Dlt645Address.parse("1")))
                    .findFirst().orElseThrow().outcome(), "the request in flight ran to its timeout");
            assertEquals(1, gw.requests.size(), "no request is started after close()");
        }
    }

    /** Submits one scheduled job per address and waits until all have ended. */
    private List<JobResult> round(Dlt645Bus bus, String... addresses) {
        int before = results.size();
        for (String a : addresses) {
            assertTrue(bus.submit(job(a)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> results.size() == before + addresses.length);
        return List.copyOf(results.subList(before, results.size()));
    }

    private static PollOutcome outcomeOf(List<JobResult> round, String address) {
        return round.stream().filter(r -> r.address().equals(Dlt645Address.parse(address))).findFirst().orElseThrow().outcome();
    }

    @Test
    void aMeterSilentForSeveralPollsIsQuarantinedAndCostsTheBusNothingUntilItsProbe() throws Exception {
        Function<Dlt645Frame, byte[]> script = req -> req.address().equals(Dlt645Address.parse("2")) ? null : energyReply(req);
        java.util.concurrent.atomic.AtomicLong silence = new java.util.concurrent.atomic.AtomicLong();
        AtomicInteger quarantined = new AtomicInteger();
        BusListener listener = new BusListener() {
            @Override
            public void silence(String bus, long nanos) {
                silence.addAndGet(nanos);
            }

            @Override
            public void quarantined(String bus, int meters) {
                quarantined.set(meters);
            }
        };
        BusTiming timing = new BusTiming(TIMEOUT, 2, 0, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofMillis(200), 4, 1000).withFairness(new Fairness(TIMEOUT, 4, 2,
                Duration.ofHours(1), Duration.ofHours(1))); // floor = request timeout: a loaded machine never misses a reply
        try (ScriptedGateway gw = new ScriptedGateway(script)) {
            Dlt645Bus bus = bus(gw, listener, timing);
            List<PollOutcome> silentMeter = new java.util.ArrayList<>();
            for (int cycle = 0; cycle < 5; cycle++) {
                List<JobResult> r = round(bus, "1", "2", "3");
                silentMeter.add(outcomeOf(r, "2"));
                assertEquals(PollOutcome.OK, outcomeOf(r, "1"));
                assertEquals(PollOutcome.OK, outcomeOf(r, "3"));
            }
            assertEquals(List.of(PollOutcome.TIMEOUT, PollOutcome.TIMEOUT, PollOutcome.QUARANTINED,
                    PollOutcome.QUARANTINED, PollOutcome.QUARANTINED), silentMeter);
            assertEquals(2, gw.requests.stream().filter(f -> f.address().equals(Dlt645Address.parse("2"))).count(),
                    "a quarantined meter is not asked until its probe is due");
            assertEquals(1, bus.quarantined());
            assertEquals(1, quarantined.get());
            assertTrue(silence.get() >= 2 * TIMEOUT.toNanos(), "each silence held the bus for its timeout, in all "
                    + silence.get() / 1e6 + " ms");
        }
    }

    @Test
    void anOnDemandReadAsksAQuarantinedMeterAndItsAnswerEndsTheQuarantine() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean dead = new java.util.concurrent.atomic.AtomicBoolean(true);
        Function<Dlt645Frame, byte[]> script = req -> dead.get() ? null : energyReply(req);
        BusTiming timing = new BusTiming(TIMEOUT, 2, 0, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofMillis(200), 4, 1000).withFairness(new Fairness(TIMEOUT, 4, 1,
                Duration.ofHours(1), Duration.ofHours(1)));
        try (ScriptedGateway gw = new ScriptedGateway(script)) {
            Dlt645Bus bus = bus(gw, BusListener.NONE, timing);
            assertEquals(PollOutcome.TIMEOUT, outcomeOf(round(bus, "7"), "7"));
            assertEquals(PollOutcome.QUARANTINED, outcomeOf(round(bus, "7"), "7"));
            dead.set(false);
            bus.submit(new MeterJob(Dlt645Address.parse("7"), Dlt645Edition.V2007, List.of(ENERGY), true, results::add));
            await().atMost(Duration.ofSeconds(5)).until(() -> results.size() == 3);
            assertEquals(PollOutcome.OK, results.get(2).outcome());
            assertEquals(0, bus.quarantined());
            assertEquals(PollOutcome.OK, outcomeOf(round(bus, "7"), "7"), "scheduled reads ask it again");
        }
    }

    @Test
    void theNextRequestWaitsForTheFrameGapAfterTheLastByteHeard() throws Exception {
        Duration gap = Duration.ofMillis(150);
        BusTiming timing = new BusTiming(TIMEOUT, 2, 0, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofMillis(200), 4, 1000).withFrameGap(gap);
        try (ScriptedGateway gw = new ScriptedGateway(Dlt645BusTest::energyReply)) {
            Dlt645Bus bus = bus(gw, BusListener.NONE, timing);
            round(bus, "1", "2", "3");
            for (int i = 1; i < 3; i++) {
                long apart = gw.requestNanos.get(i) - gw.requestNanos.get(i - 1);
                assertTrue(apart >= gap.toNanos(), "requests " + apart / 1e6 + " ms apart, gap " + gap.toMillis() + " ms");
            }
        }
    }
}
