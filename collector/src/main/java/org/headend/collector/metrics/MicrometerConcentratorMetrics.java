package org.headend.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link ConcentratorMetrics} on a Micrometer registry; meters made once per tag value and kept. */
final class MicrometerConcentratorMetrics implements ConcentratorMetrics {

    /** A concentrator answers over GPRS/4G: tens of ms on a LAN, seconds on a radio link. */
    private static final Duration[] ROUND_TRIP_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final AtomicInteger online = new AtomicInteger();
    private final Counter logins;
    private final Counter heartbeats;
    private final Counter unexpected;
    private final Counter backfilled;
    private final Counter events;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Counter> frames = new ConcurrentHashMap<>();
    private final Map<String, Timer> roundTrips = new ConcurrentHashMap<>();
    private final Map<String, Counter> timeouts = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final Map<String, Counter> clocks = new ConcurrentHashMap<>();
    private final Map<String, Counter> meterClocks = new ConcurrentHashMap<>();

    MicrometerConcentratorMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(CollectorMeters.CONCENTRATOR_SESSIONS.meterName(), online, Number::doubleValue)
                .description(CollectorMeters.CONCENTRATOR_SESSIONS.description()).strongReference(true).register(registry);
        logins = counter(CollectorMeters.CONCENTRATOR_LOGINS);
        heartbeats = counter(CollectorMeters.CONCENTRATOR_HEARTBEATS);
        unexpected = counter(CollectorMeters.CONCENTRATOR_UNEXPECTED);
        backfilled = counter(CollectorMeters.CONCENTRATOR_BACKFILLED);
        events = counter(CollectorMeters.CONCENTRATOR_EVENTS);
    }

    @Override
    public void sessionsOnline(int count) {
        online.set(count);
    }

    @Override
    public void loginAccepted() {
        logins.increment();
    }

    @Override
    public void loginRefused(String reason) {
        refused.computeIfAbsent(reason, r -> counter(CollectorMeters.CONCENTRATOR_REFUSED, r)).increment();
    }

    @Override
    public void heartbeat() {
        heartbeats.increment();
    }

    @Override
    public void frame(String direction, String afn) {
        frames.computeIfAbsent(direction + afn, k -> counter(CollectorMeters.CONCENTRATOR_FRAMES, direction, afn)).increment();
    }

    @Override
    public void roundTrip(String afn, long nanos) {
        roundTrips.computeIfAbsent(afn, a -> Timer.builder(CollectorMeters.CONCENTRATOR_ROUND_TRIP.meterName())
                .description(CollectorMeters.CONCENTRATOR_ROUND_TRIP.description())
                .tags(CollectorMeters.CONCENTRATOR_ROUND_TRIP.tags(a)).serviceLevelObjectives(ROUND_TRIP_BUCKETS)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void requestTimedOut(String afn) {
        timeouts.computeIfAbsent(afn, a -> counter(CollectorMeters.CONCENTRATOR_TIMEOUTS, a)).increment();
    }

    @Override
    public void unexpectedReply() {
        unexpected.increment();
    }

    @Override
    public void frameDropped(String reason) {
        dropped.computeIfAbsent(reason, r -> counter(CollectorMeters.CONCENTRATOR_DROPPED, r)).increment();
    }

    @Override
    public void backfilled(int readings) {
        backfilled.increment(readings);
    }

    @Override
    public void clockChecked(String outcome) {
        clocks.computeIfAbsent(outcome, o -> counter(CollectorMeters.CONCENTRATOR_CLOCKS, o)).increment();
    }

    @Override
    public void meterClockChecked(String outcome) {
        meterClocks.computeIfAbsent(outcome, o -> counter(CollectorMeters.CONCENTRATOR_METER_CLOCKS, o)).increment();
    }

    @Override
    public void terminalEvents(int records) {
        events.increment(records);
    }

    private Counter counter(CollectorMeters m, String... tagValues) {
        return Counter.builder(m.meterName()).description(m.description()).baseUnit(m.baseUnit())
                .tags(m.tags(tagValues)).register(registry);
    }
}
