package org.headend.fieldcheck;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of on-site verification for Prometheus, tagged by area (never by meter), from the latest
 * {@link QuarterReport} given to {@link #update}. Names (Prometheus form):
 * <ul>
 *   <li>{@code headend_fieldcheck_required_meters} - remote-read meters to check this quarter;</li>
 *   <li>{@code headend_fieldcheck_overdue_meters} - of them, overdue;</li>
 *   <li>{@code headend_fieldcheck_compliance_percent} - checked / required x 100.</li>
 * </ul>
 * The owner keeps this object (and so the gauges' state) for as long as it exports them; areas that
 * vanish from a later report are removed from the exposition.
 */
public final class FieldCheckGauges {
    private static final Logger LOG = LoggerFactory.getLogger(FieldCheckGauges.class);
    private final MultiGauge required;
    private final MultiGauge overdue;
    private final MultiGauge compliance;

    private FieldCheckGauges(MeterRegistry registry) {
        required = MultiGauge.builder("headend.fieldcheck.required").baseUnit("meters")
                .description("Remote-read meters that must be checked on site this quarter").register(registry);
        overdue = MultiGauge.builder("headend.fieldcheck.overdue").baseUnit("meters")
                .description("Meters whose on-site check is overdue").register(registry);
        compliance = MultiGauge.builder("headend.fieldcheck.compliance").baseUnit("percent")
                .description("Meters checked this quarter as a percentage of those required").register(registry);
    }

    public static FieldCheckGauges bind(MeterRegistry registry) {
        return new FieldCheckGauges(registry);
    }

    /**
     * Binds the gauges and keeps them current from {@code fieldCheck}'s report of the running
     * quarter: at once, then every {@code every}, on a thread of their own (a report reads the
     * store: seconds for a large archive, too slow for every scrape). A report that fails (the
     * database away) leaves the last figures and is logged. Closing stops the updates.
     */
    public static AutoCloseable keepCurrent(MeterRegistry registry, FieldCheck fieldCheck, Clock clock, Duration every) {
        FieldCheckGauges gauges = bind(registry);
        ScheduledExecutorService updater = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "headend-fieldcheck-gauges");
            t.setDaemon(true);
            return t;
        });
        updater.scheduleWithFixedDelay(() -> {
            try {
                Instant now = clock.instant();
                gauges.update(fieldCheck.report(fieldCheck.quarterOf(now), now, ""));
            } catch (RuntimeException e) {
                LOG.warn("on-site verification gauges not updated, the last figures stay: {}", e.getMessage());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return updater::shutdownNow;
    }

    /** Shows this report's figures from now on. */
    public void update(QuarterReport report) {
        List<MultiGauge.Row<?>> req = new ArrayList<>();
        List<MultiGauge.Row<?>> over = new ArrayList<>();
        List<MultiGauge.Row<?>> comp = new ArrayList<>();
        for (QuarterReport.AreaRow a : report.areas()) {
            Tags tags = Tags.of("area", a.area());
            req.add(MultiGauge.Row.of(tags, a.required()));
            over.add(MultiGauge.Row.of(tags, a.overdue()));
            comp.add(MultiGauge.Row.of(tags, a.compliancePercent()));
        }
        required.register(req, true);
        overdue.register(over, true);
        compliance.register(comp, true);
    }
}
