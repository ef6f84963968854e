package org.headend.collector;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.channel.BusListener;
import org.headend.collector.channel.Dlt645Bus;
import org.headend.collector.metrics.CollectorMetrics;
import org.headend.collector.modbus.ModbusLine;
import org.headend.collector.poll.JobResult;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Exception;
import org.headend.storage.ReadingWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link CollectorMetrics} from what the buses report as it happens, and samples once a
 * second what only has a current value: queue depths, connected gateways, the writer's totals and
 * spool. The writer is sampled rather than hooked so storage stays free of metrics.
 */
final class Instrumentation implements BusListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Instrumentation.class);

    private final CollectorMetrics metrics;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "headend-metrics-sampler");
        t.setDaemon(true);
        return t;
    });
    private long lastStored;

    Instrumentation(CollectorMetrics metrics) {
        this.metrics = metrics;
    }

    /** Starts sampling the buses, the Modbus lines and the writer every second. */
    void sample(Map<String, Dlt645Bus> buses, Map<String, ModbusLine> lines, ReadingWriter writer) {
        sampler.scheduleAtFixedRate(() -> {
            try {
                int up = 0;
                for (Dlt645Bus b : buses.values()) {
                    metrics.queueDepth(b.name(), b.queueDepth());
                    up += b.gateway() && b.connected() ? 1 : 0;
                }
                for (ModbusLine l : lines.values()) {
                    metrics.queueDepth(l.name(), l.queueDepth());
                    up += l.gateway() && l.connected() ? 1 : 0;
                }
                metrics.gatewaysConnected(up);
                ReadingWriter.Stats s = writer.stats();
                long stored = s.written();
                if (stored > lastStored) {
                    metrics.readingsWritten((int) Math.min(Integer.MAX_VALUE, stored - lastStored), s.lastFlush().toNanos());
                    lastStored = stored;
                }
                metrics.spoolBytes(s.spooledBytes());
            } catch (Throwable t) {
                log.warn("metrics sample failed; sampling goes on", t);
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    static String protocolTag(Dlt645Edition edition) {
        return edition == Dlt645Edition.V1997 ? MeterProtocol.DLT645_1997.code() : MeterProtocol.DLT645_2007.code();
    }

    @Override
    public void bytesOut(String bus, int n) {
        metrics.bytesSent(bus, n);
    }

    @Override
    public void bytesIn(String bus, int n) {
        metrics.bytesReceived(bus, n);
    }

    @Override
    public void frameDropped(String bus, Dlt645Exception.Reason reason) {
        metrics.frameDropped(bus, reason.tag());
    }

    /** Counted with the extractor's drops: a frame that answers nothing outstanding is also thrown away. */
    @Override
    public void unexpectedFrame(String bus) {
        metrics.frameDropped(bus, "unexpected");
    }

    @Override
    public void roundTrip(String bus, long nanos) {
        metrics.replyReceived(bus, nanos);
    }

    @Override
    public void timeout(String bus) {
        metrics.requestTimedOut(bus);
    }

    @Override
    public void silence(String bus, long nanos) {
        metrics.busSilence(bus, nanos);
    }

    @Override
    public void quarantined(String bus, int meters) {
        metrics.metersQuarantined(bus, meters);
    }

    @Override
    public void retry(String bus) {
        metrics.requestRetried(bus);
    }

    @Override
    public void jobDone(String bus, JobResult result) {
        metrics.pollFinished(protocolTag(result.job().edition()), result.outcome());
    }

    @Override
    public void deviceException(String bus, String exception) {
        metrics.deviceException(bus, exception);
    }

    @Override
    public void readFinished(String bus, String protocol, org.headend.collector.poll.PollOutcome outcome) {
        metrics.pollFinished(protocol, outcome);
    }

    @Override
    public void jobSkipped(String bus, Dlt645Edition edition) {
        metrics.pollFinished(protocolTag(edition), org.headend.collector.poll.PollOutcome.SKIPPED);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
