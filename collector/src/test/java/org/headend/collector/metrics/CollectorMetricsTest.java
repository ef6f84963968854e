package org.headend.collector.metrics;

import org.headend.collector.poll.PollOutcome;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollectorMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CollectorMetrics metrics = CollectorMetrics.of(registry);

    @AfterEach
    void close() {
        metrics.close();
        registry.close();
    }

    /** The Prometheus name the registry gives a catalogue entry. */
    static String prometheusName(CollectorMeters m) {
        String n = m.meterName().replace('.', '_');
        if (m.type() == Meter.Type.TIMER) {
            return n + "_seconds";
        }
        if (m.baseUnit() != null) {
            n += "_" + m.baseUnit();
        }
        return m.type() == Meter.Type.COUNTER ? n + "_total" : n;
    }

    /** Every event of both the bus side and the concentrator front end (issue 5). */
    static void fireEveryEvent(CollectorMetrics metrics, io.micrometer.core.instrument.MeterRegistry registry) {
        fireEveryEvent(metrics);
        ConcentratorMetrics c = ConcentratorMetrics.of(registry);
        c.sessionsOnline(3);
        c.loginAccepted();
        c.loginRefused("unknown_terminal");
        c.heartbeat();
        c.frame("in", "02");
        c.roundTrip("0C", 80_000_000L);
        c.requestTimedOut("10");
        c.unexpectedReply();
        c.frameDropped("bad_checksum");
        c.backfilled(5);
        c.clockChecked("set");
        c.meterClockChecked("drift");
        c.terminalEvents(2);
    }

    static void fireEveryEvent(CollectorMetrics metrics) {
        metrics.pollFinished("dlt645-2007", PollOutcome.OK);
        metrics.pollFinished("dlt645-2007", PollOutcome.OK);
        metrics.pollFinished("dlt645-2007", PollOutcome.TIMEOUT);
        metrics.replyReceived("gw-01", 221_700_000L);
        metrics.requestTimedOut("gw-01");
        metrics.requestRetried("gw-01");
        metrics.bytesReceived("gw-01", 24);
        metrics.bytesSent("gw-01", 20);
        metrics.bytesSent("gw-01", 20);
        metrics.frameDropped("gw-01", "bad_checksum");
        metrics.deviceException("gw-01", "illegal_data_address");
        metrics.readingsWritten(500, 12_000_000L);
        metrics.queueDepth("gw-01", 3);
        metrics.gatewaysConnected(2);
        metrics.spoolBytes(4096);
    }

    @Test
    void everyEventReachesItsCatalogueMeterWithItsTags() {
        fireEveryEvent(metrics, registry);

        Exposition e = Exposition.parse(registry.scrape());
        assertEquals(List.of(), e.errors);
        Map<String, String> bus = Map.of("bus", "gw-01");
        assertEquals(2, e.value("headend_polls_total", Map.of("protocol", "dlt645-2007", "outcome", "ok")));
        assertEquals(1, e.value("headend_polls_total", Map.of("protocol", "dlt645-2007", "outcome", "timeout")));
        assertEquals(1, e.value("headend_poll_round_trip_seconds_count", bus));
        assertEquals(0.2217, e.value("headend_poll_round_trip_seconds_sum", bus), 1e-9);
        assertEquals(0, e.value("headend_poll_round_trip_seconds_bucket", Map.of("bus", "gw-01", "le", "0.2")));
        assertEquals(1, e.value("headend_poll_round_trip_seconds_bucket", Map.of("bus", "gw-01", "le", "0.25")));
        assertEquals(1, e.value("headend_poll_timeouts_total", bus));
        assertEquals(1, e.value("headend_poll_retries_total", bus));
        assertEquals(24, e.value("headend_bus_received_bytes_total", bus));
        assertEquals(40, e.value("headend_bus_sent_bytes_total", bus));
        assertEquals(1, e.value("headend_frames_dropped_total", Map.of("bus", "gw-01", "reason", "bad_checksum")));
        assertEquals(1, e.value("headend_device_exceptions_total", Map.of("bus", "gw-01", "exception", "illegal_data_address")));
        assertEquals(500, e.value("headend_readings_written_total", Map.of()));
        assertEquals(1, e.value("headend_store_write_seconds_count", Map.of()));
        assertEquals(3, e.value("headend_bus_queue_depth", bus));
        assertEquals(2, e.value("headend_gateways_connected", Map.of()));
        assertEquals(4096, e.value("headend_store_spool_bytes", Map.of()));
    }

    @Test
    void concentratorEventsReachTheirMeters() {
        fireEveryEvent(metrics, registry);

        Exposition e = Exposition.parse(registry.scrape());
        assertEquals(List.of(), e.errors);
        assertEquals(3, e.value("headend_concentrator_sessions", Map.of()));
        assertEquals(1, e.value("headend_concentrator_logins_total", Map.of()));
        assertEquals(1, e.value("headend_concentrator_refused_total", Map.of("reason", "unknown_terminal")));
        assertEquals(1, e.value("headend_concentrator_heartbeats_total", Map.of()));
        assertEquals(1, e.value("headend_concentrator_frames_total", Map.of("direction", "in", "afn", "02")));
        assertEquals(0.08, e.value("headend_concentrator_round_trip_seconds_sum", Map.of("afn", "0C")), 1e-9);
        assertEquals(1, e.value("headend_concentrator_timeouts_total", Map.of("afn", "10")));
        assertEquals(1, e.value("headend_concentrator_unexpected_replies_total", Map.of()));
        assertEquals(1, e.value("headend_concentrator_frames_dropped_total", Map.of("reason", "bad_checksum")));
        assertEquals(5, e.value("headend_concentrator_backfilled_readings_total", Map.of()));
        assertEquals(1, e.value("headend_concentrator_clock_checks_total", Map.of("outcome", "set")));
        assertEquals(1, e.value("headend_concentrator_meter_clock_checks_total", Map.of("outcome", "drift")));
        assertEquals(2, e.value("headend_concentrator_events_total", Map.of()));
    }

    @Test
    void everyCatalogueEntryIsExposedWithItsTypeAndExactlyItsTagKeys() {
        fireEveryEvent(metrics, registry);
        Exposition e = Exposition.parse(registry.scrape());

        for (CollectorMeters m : CollectorMeters.values()) {
            String name = prometheusName(m);
            Exposition.Family f = e.families.get(name);
            assertNotNull(f, () -> m + " is not exposed as " + name + "; families: " + e.families.keySet());
            String type = switch (m.type()) {
                case COUNTER -> "counter";
                case TIMER -> "histogram";
                default -> "gauge";
            };
            assertEquals(type, f.type(), name);
            assertEquals(m.description(), f.help(), name);
            String sampleName = m.type() == Meter.Type.TIMER ? name + "_count" : name;
            for (Exposition.Sample s : e.samples(sampleName)) {
                assertEquals(Set.copyOf(m.tagKeys()), s.labels().keySet(), sampleName);
            }
        }
    }

    @Test
    void pollsOfANewProtocolStartAtZeroForEveryOutcome() {
        metrics.pollFinished("dlt645-1997", PollOutcome.DISCONNECTED);

        Exposition e = Exposition.parse(registry.scrape());
        for (PollOutcome o : PollOutcome.values()) {
            assertEquals(o == PollOutcome.DISCONNECTED ? 1 : 0,
                    e.value("headend_polls_total", Map.of("protocol", "dlt645-1997", "outcome", o.tag())), o.tag());
        }
    }

    @Test
    void gaugesKeepTheirValueAfterGarbageCollection() {
        metrics.queueDepth("gw-02", 7);
        metrics.spoolBytes(10);
        System.gc();

        Exposition e = Exposition.parse(registry.scrape());
        assertEquals(7, e.value("headend_bus_queue_depth", Map.of("bus", "gw-02")));
        assertEquals(10, e.value("headend_store_spool_bytes", Map.of()));
    }

    @Test
    void jvmMetricsAreBound() {
        Set<String> names = Exposition.parse(registry.scrape()).families.keySet();

        for (String n : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "system_cpu_logical_processors", "process_uptime_seconds", "jvm_gc_memory_allocated_bytes_total")) {
            assertTrue(names.contains(n), () -> n + " missing from " + names);
        }
    }

    @Test
    void catalogueTagsAreBoundedKeysNeverAMeterAddress() {
        Set<String> keys = new HashSet<>();
        for (CollectorMeters m : CollectorMeters.values()) {
            keys.addAll(m.tagKeys());
            assertTrue(m.meterName().matches("[a-z]+(\\.[a-z]+)+"), m.meterName());
        }
        // exception names come from ModbusExceptionCode.tag: nine names and code_XX, bounded
        assertEquals(Set.of("bus", "protocol", "outcome", "reason", "exception", "direction", "afn"), keys);
    }

    @Test
    void tagValuesMustMatchTheCatalogueKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CollectorMeters.POLLS.tags("dlt645-2007"));

        assertEquals("headend.polls has tag keys [protocol, outcome], got 1 values", e.getMessage());
    }

    @Test
    void noneAcceptsEveryEventWithoutARegistry() {
        assertDoesNotThrow(() -> {
            fireEveryEvent(CollectorMetrics.NONE);
            CollectorMetrics.NONE.frameDropped(null, null);
            CollectorMetrics.NONE.close();
        });
    }
}
