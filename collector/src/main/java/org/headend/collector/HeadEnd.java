package org.headend.collector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.Placement;
import org.headend.collector.concentrator.ConcentratorFront;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.channel.Fairness;
import org.headend.collector.channel.LineProtocol;
import org.headend.collector.channel.LinkSpec;
import org.headend.collector.config.BusDefaults;
import org.headend.collector.config.CollectorConfig;
import org.headend.collector.config.FairnessSettings;
import org.headend.collector.config.LineSettings;
import org.headend.collector.metrics.CollectorMetrics;
import org.headend.collector.metrics.MetricsEndpoint;
import org.headend.collector.poll.PollPlan;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.storage.ReadingStore;
import org.headend.storage.ReadingWriter;
import org.headend.storage.StoreOptions;
import org.headend.storage.Stores;
import org.headend.storage.WriterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a running head-end owns, started from one config and closed in the order that
 * loses nothing: stop polling, flush the writer (its spool keeps what the store did not take),
 * close the store.
 */
public final class HeadEnd implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeadEnd.class);

    private final ReadingStore store;
    private final ReadingWriter writer;
    private final PollLedger ledger;
    private final Collector collector;
    private final PrometheusMeterRegistry registry;
    private final CollectorMetrics metrics;
    private final MetricsEndpoint endpoint;
    private final Instrumentation instrumentation;
    private Concentrators concentrators; // null without a concentrator front end
    private ArchiveRecorder archive;

    private HeadEnd(ReadingStore store, ReadingWriter writer, PollLedger ledger, Collector collector,
                    PrometheusMeterRegistry registry, CollectorMetrics metrics, MetricsEndpoint endpoint,
                    Instrumentation instrumentation) {
        this.store = store;
        this.writer = writer;
        this.ledger = ledger;
        this.collector = collector;
        this.registry = registry;
        this.metrics = metrics;
        this.endpoint = endpoint;
        this.instrumentation = instrumentation;
    }

    /**
     * Opens the store, replays its spool, connects every bus and starts polling.
     *
     * @param maxCycles stop scheduling after this many cycles (0 = until closed)
     */
    public static HeadEnd start(CollectorConfig config, List<Meter> meters, long maxCycles, Clock clock)
            throws IOException {
        return start(config, meters, List.of(), maxCycles, clock);
    }

    /**
     * As above, with meters placed behind concentrators ({@link Placement}s from the archive): those
     * are read through the 1376.1 front end when {@code concentrators} is configured, never by a bus.
     */
    public static HeadEnd start(CollectorConfig config, List<Meter> meters, List<Placement> placements, long maxCycles,
                                Clock clock) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CollectorMetrics metrics = CollectorMetrics.of(registry);
        MetricsEndpoint endpoint;
        try {
            endpoint = MetricsEndpoint.start(registry, config.metrics());
        } catch (IOException e) {
            metrics.close();
            registry.close();
            throw new IOException(e.getMessage() + "; choose another metrics port (0 = any free port)", e);
        }
        ReadingStore store = null;
        try {
            // deferred: with PostgreSQL down at start the collector still polls and spools
            store = Stores.openDeferred(config.store(), config.storeOptions());
            ReadingWriter writer = ReadingWriter.start(store, WriterSettings.defaults().withSpool(
                    spoolDirectory(config.store()), WriterSettings.defaults().spoolMaxBytes()));
            log.info("store: {}; metrics: http://{}:{}{}", store.describe(), endpoint.address().getHostString(),
                    endpoint.port(), MetricsEndpoint.PATH);
            Instrumentation instrumentation = new Instrumentation(metrics);
            PollLedger ledger = new PollLedger(store, ZoneId.systemDefault(), clock);
            List<Meter> onBuses = Concentrators.onBuses(meters, placements);
            checkLines(config, onBuses);
            Collector collector = Collector.start(endpoints(config), onBuses,
                    plan(config, maxCycles), writer, instrumentation, ledger, clock);
            instrumentation.sample(collector.buses(), collector.modbusLines(), writer);
            HeadEnd h = new HeadEnd(store, writer, ledger, collector, registry, metrics, endpoint, instrumentation);
            h.archive = ArchiveRecorder.start(store, meters, placements, clock);
            try {
                h.concentrators = Concentrators.start(config, meters, placements, plan(config, maxCycles), writer, store,
                        ledger, registry, clock);
            } catch (IOException | RuntimeException e) {
                h.close();
                throw e;
            }
            return h;
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            endpoint.close();
            metrics.close();
            registry.close();
            throw e;
        }
    }

    /** The Prometheus endpoint's port (useful when 0 asked for any free one). */
    public int metricsPort() {
        return endpoint.port();
    }

    /** The spool lives beside an embedded store's file, or under data/spool for a server. */
    static Path spoolDirectory(String storeSpec) {
        if (storeSpec.startsWith("embedded:")) {
            Path file = Path.of(storeSpec.substring("embedded:".length())).toAbsolutePath();
            return file.resolveSibling(file.getFileName() + ".spool");
        }
        return Path.of("data", "spool");
    }

    static List<Collector.BusEndpoint> endpoints(CollectorConfig config) {
        List<Collector.BusEndpoint> out = new ArrayList<>();
        Fairness fairness = fairness(config.fairness());
        config.buses().forEach((name, b) -> out.add(new Collector.BusEndpoint(name,
                new LinkSpec.Gateway(new InetSocketAddress(b.host(), b.port())), timing(b.timing(), Duration.ZERO, fairness),
                config.modbus().quirks(name))));
        config.lines().forEach((name, l) -> out.add(new Collector.BusEndpoint(name,
                new LinkSpec.Serial(l.device(), l.format(), l.echoSuppression()), timing(l.timing(), l.frameGap(), fairness),
                config.modbus().quirks(name))));
        return out;
    }

    /**
     * A line's format and gap follow its protocol, so its meters must speak it: a Modbus meter on a
     * line left at the {@code dlt645} default would be asked at 2400 8E1.
     *
     * @throws IllegalArgumentException naming the line, a meter and the setting to change
     */
    static void checkLines(CollectorConfig config, List<Meter> meters) {
        for (Meter m : meters) {
            LineSettings line = config.lines().get(m.bus());
            if (line != null && (line.protocol() == LineProtocol.MODBUS_RTU) != (m.protocol() == MeterProtocol.MODBUS_RTU)) {
                throw new IllegalArgumentException("meter " + m.address() + " speaks " + m.protocol().code() + " but line "
                        + m.bus() + " is a " + line.protocol().code() + " line; set lines." + m.bus() + ".protocol"
                        + (m.protocol().isModbus() ? " to modbus-rtu (Modbus TCP meters go under 'buses')" : " to dlt645"));
            }
        }
    }

    /**
     * The channel's rules from the user's settings of a bus or line; a timeout is not retried
     * within a cycle. A gateway times its own line, so a bus has no frame gap.
     */
    static BusTiming timing(BusDefaults t, Duration frameGap, Fairness fairness) {
        return new BusTiming(t.requestTimeout(), t.retries(), 0, t.retryBackoff(), t.reconnectBackoff().min(),
                t.reconnectBackoff().max(), t.preamble(), BusTiming.DEFAULTS.maxQueue(), frameGap, fairness);
    }

    static Fairness fairness(FairnessSettings f) {
        return new Fairness(f.timeoutFloor(), f.deviations(), f.quarantineAfter(), f.probeBackoff().min(),
                f.probeBackoff().max());
    }

    static PollPlan plan(CollectorConfig config, long maxCycles) {
        Map<Dlt645Edition, List<Long>> reads = new EnumMap<>(Dlt645Edition.class);
        for (MeterProtocol p : MeterProtocol.dlt645()) {
            reads.put(p.edition(), config.schedule().items(p).stream().map(i -> i.id()).toList());
        }
        return new PollPlan(config.schedule().interval(), reads, maxCycles);
    }

    public Collector collector() {
        return collector;
    }

    /** The 1376.1 front end, empty unless {@code concentrators} is configured. */
    public java.util.Optional<ConcentratorFront> concentrators() {
        return java.util.Optional.ofNullable(concentrators == null ? null : concentrators.front());
    }

    /** The registry behind the metrics endpoint, for what other modules export beside the collector's meters. */
    public MeterRegistry registry() {
        return registry;
    }

    public ReadingStore store() {
        return store;
    }

    public ReadingWriter.Stats writerStats() {
        return writer.stats();
    }

    /** Stops polling, writes the last batch, closes the store, then the metrics. */
    @Override
    public void close() {
        try {
            archive.close();
            if (concentrators != null) {
                concentrators.close();
            }
            collector.close();
        } finally {
            try {
                ledger.close();
                writer.close();
            } finally {
                try {
                    store.close();
                } finally {
                    instrumentation.close();
                    endpoint.close();
                    metrics.close();
                    registry.close();
                }
            }
        }
    }
}
