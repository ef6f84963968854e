package org.headend.collector.metrics;

/** The null object behind {@link CollectorMetrics#NONE}: every event ignored. */
enum NoCollectorMetrics implements CollectorMetrics {
    INSTANCE
}
