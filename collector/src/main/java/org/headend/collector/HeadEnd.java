package org.headend.collector;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.config.BusSettings;
import org.headend.collector.config.CollectorConfig;
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
            store = Stores.openDeferred(config.store(), StoreOptions.defaults());
            ReadingWriter writer = ReadingWriter.start(store, WriterSettings.defaults().withSpool(
                    spoolDirectory(config.store()), WriterSettings.defaults().spoolMaxBytes()));
            log.info("store: {}; metrics: http://{}:{}{}", store.describe(), endpoint.address().getHostString(),
                    endpoint.port(), MetricsEndpoint.PATH);
            Instrumentation instrumentation = new Instrumentation(metrics);
            PollLedger ledger = new PollLedger(store, ZoneId.systemDefault(), clock);
            Collector collector = Collector.start(endpoints(config), meters, plan(config, maxCycles), writer,
                    instrumentation, ledger, clock);
            instrumentation.sample(collector.buses(), writer);
            return new HeadEnd(store, writer, ledger, collector, registry, metrics, endpoint, instrumentation);
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
        config.buses().forEach((name, b) ->
                out.add(new Collector.BusEndpoint(name, new InetSocketAddress(b.host(), b.port()), timing(b))));
        return out;
    }

    /** The channel's rules from the user's bus settings; a timeout is not retried within a cycle. */
    static BusTiming timing(BusSettings b) {
        return new BusTiming(b.requestTimeout(), b.retries(), 0, b.retryBackoff(), b.reconnectBackoff().min(),
                b.reconnectBackoff().max(), b.preamble(), BusTiming.DEFAULTS.maxQueue());
    }

    static PollPlan plan(CollectorConfig config, long maxCycles) {
        Map<Dlt645Edition, List<Long>> reads = new EnumMap<>(Dlt645Edition.class);
        for (MeterProtocol p : MeterProtocol.values()) {
            reads.put(p.edition(), config.schedule().items(p).stream().map(i -> i.id()).toList());
        }
        return new PollPlan(config.schedule().interval(), reads, maxCycles);
    }

    public Collector collector() {
        return collector;
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
