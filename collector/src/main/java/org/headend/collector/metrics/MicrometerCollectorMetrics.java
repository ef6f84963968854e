package org.headend.collector.metrics;

import org.headend.collector.poll.PollOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link CollectorMetrics} on a Micrometer registry. Meters are looked up once per bus, protocol
 * or reason and kept in maps, so an event costs a map read and an increment. Gauge values live in
 * atomics held by this object (and registered with strong references), never in the registry alone.
 */
final class MicrometerCollectorMetrics implements CollectorMetrics {

    /**
     * Histogram buckets of the round trip. A single-DI read on a 2400-baud bus takes ~222 ms, at
     * 1200 baud ~423 ms, at 9600 ~70 ms (protocols.md §5); the default timeout is 2 s.
     */
    static final Duration[] ROUND_TRIP_BUCKETS = millis(50, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500,
            2000, 3000, 5000, 10000);
    static final Duration[] STORE_WRITE_BUCKETS = millis(1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);

    private final MeterRegistry registry;
    private final JvmGcMetrics gc;
    private final Map<String, Bus> buses = new ConcurrentHashMap<>();
    private final Map<String, Map<PollOutcome, Counter>> polls = new ConcurrentHashMap<>();
    private final Counter readingsWritten;
    private final Timer storeWrite;
    private final AtomicInteger gatewaysConnected = new AtomicInteger();
    private final AtomicLong spoolBytes = new AtomicLong();

    MicrometerCollectorMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        // The exposition must pass promtool's lint (issue 3); two of Micrometer's JVM names do not:
        // process.cpu.time is in ns (process_cpu_usage stays), system.cpu.count is a gauge named _count.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.logical.processors") : id;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        readingsWritten = counter(CollectorMeters.READINGS_WRITTEN);
        storeWrite = timer(CollectorMeters.STORE_WRITE, STORE_WRITE_BUCKETS);
        gauge(CollectorMeters.GATEWAYS_CONNECTED, gatewaysConnected);
        gauge(CollectorMeters.STORE_SPOOL, spoolBytes);
    }

    @Override
    public void pollFinished(String protocol, PollOutcome outcome) {
        polls.computeIfAbsent(protocol, this::pollCounters).get(outcome).increment();
    }

    /** All outcomes at once, so that each series exists at 0 before its first event and rate() sees it start. */
    private Map<PollOutcome, Counter> pollCounters(String protocol) {
        Map<PollOutcome, Counter> m = new EnumMap<>(PollOutcome.class);
        for (PollOutcome o : PollOutcome.values()) {
            m.put(o, counter(CollectorMeters.POLLS, protocol, o.tag()));
        }
        return m;
    }

    @Override
    public void replyReceived(String bus, long nanos) {
        bus(bus).roundTrip.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void requestTimedOut(String bus) {
        bus(bus).timeouts.increment();
    }

    @Override
    public void busSilence(String bus, long nanos) {
        bus(bus).silence.increment(nanos / 1e9);
    }

    @Override
    public void metersQuarantined(String bus, int meters) {
        bus(bus).quarantined.set(meters);
    }

    @Override
    public void requestRetried(String bus) {
        bus(bus).retries.increment();
    }

    @Override
    public void bytesReceived(String bus, int bytes) {
        bus(bus).received.increment(bytes);
    }

    @Override
    public void bytesSent(String bus, int bytes) {
        bus(bus).sent.increment(bytes);
    }

    @Override
    public void frameDropped(String bus, String reason) {
        Bus b = bus(bus);
        Counter c = b.dropped.get(reason);
        (c != null ? c : b.dropped.computeIfAbsent(reason, r -> counter(CollectorMeters.FRAMES_DROPPED, bus, r))).increment();
    }

    @Override
    public void deviceException(String bus, String exception) {
        Bus b = bus(bus);
        Counter c = b.exceptions.get(exception);
        (c != null ? c : b.exceptions.computeIfAbsent(exception, x -> counter(CollectorMeters.DEVICE_EXCEPTIONS, bus, x))).increment();
    }

    @Override
    public void readingsWritten(int count, long nanos) {
        readingsWritten.increment(count);
        storeWrite.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void queueDepth(String bus, int depth) {
        bus(bus).queueDepth.set(depth);
    }

    @Override
    public void gatewaysConnected(int count) {
        gatewaysConnected.set(count);
    }

    @Override
    public void spoolBytes(long bytes) {
        spoolBytes.set(bytes);
    }

    /** Removes the GC notification listener; the meters stay in the registry until it closes. */
    @Override
    public void close() {
        gc.close();
    }

    private Bus bus(String name) {
        Bus b = buses.get(name);
        return b != null ? b : buses.computeIfAbsent(name, Bus::new);
    }

    /** The meters of one bus, made together on its first event. */
    private final class Bus {
        final Timer roundTrip;
        final Counter timeouts;
        final Counter retries;
        final Counter received;
        final Counter sent;
        final Counter silence;
        final AtomicInteger queueDepth = new AtomicInteger();
        final AtomicInteger quarantined = new AtomicInteger();
        /** By drop reason, made on the first drop of each. */
        final Map<String, Counter> dropped = new ConcurrentHashMap<>();
        /** By exception name, made on the first exception of each. */
        final Map<String, Counter> exceptions = new ConcurrentHashMap<>();

        Bus(String name) {
            roundTrip = timer(CollectorMeters.POLL_ROUND_TRIP, ROUND_TRIP_BUCKETS, name);
            timeouts = counter(CollectorMeters.POLL_TIMEOUTS, name);
            retries = counter(CollectorMeters.POLL_RETRIES, name);
            received = counter(CollectorMeters.BUS_RECEIVED, name);
            sent = counter(CollectorMeters.BUS_SENT, name);
            silence = counter(CollectorMeters.BUS_SILENCE, name);
            gauge(CollectorMeters.BUS_QUEUE_DEPTH, queueDepth, name);
            gauge(CollectorMeters.METERS_QUARANTINED, quarantined, name);
        }
    }

    private Counter counter(CollectorMeters m, String... tagValues) {
        return Counter.builder(m.meterName()).description(m.description()).baseUnit(m.baseUnit())
                .tags(m.tags(tagValues)).register(registry);
    }

    private Timer timer(CollectorMeters m, Duration[] buckets, String... tagValues) {
        return Timer.builder(m.meterName()).description(m.description()).tags(m.tags(tagValues))
                .serviceLevelObjectives(buckets).register(registry);
    }

    private void gauge(CollectorMeters m, Number state, String... tagValues) {
        Gauge.builder(m.meterName(), state, Number::doubleValue).description(m.description()).baseUnit(m.baseUnit())
                .tags(m.tags(tagValues)).strongReference(true).register(registry);
    }

    private static Duration[] millis(long... ms) {
        Duration[] d = new Duration[ms.length];
        for (int i = 0; i < ms.length; i++) {
            d[i] = Duration.ofMillis(ms[i]);
        }
        return d;
    }
}
