package org.headend.collector.config;

import java.util.Objects;

/**
 * Where the Prometheus scrape endpoint listens.
 *
 * @param host address to bind; loopback by default so metrics are not exposed by accident
 * @param port TCP port, 0 for an ephemeral one
 */
public record MetricsSettings(String host, int port) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9464;
    public static final MetricsSettings DEFAULTS = new MetricsSettings(DEFAULT_HOST, DEFAULT_PORT);

    public MetricsSettings {
        Objects.requireNonNull(host, "host");
    }
}
