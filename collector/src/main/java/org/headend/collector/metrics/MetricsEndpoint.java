package org.headend.collector.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.headend.collector.config.MetricsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus scrape endpoint: {@code GET /metrics} answers the registry's scrape in the text
 * format 0.0.4; every other path is 404, other methods on /metrics 405. Runs on the JDK's
 * {@code HttpServer} with one daemon thread (scrapes come every few seconds at most).
 *
 * <p>Binds {@link MetricsSettings#host()} (loopback by default) and port; port 0 takes an ephemeral
 * port, read back with {@link #port()}. {@link #close()} stops it.
 */
public final class MetricsEndpoint implements AutoCloseable {

    public static final String PATH = "/metrics";
    /** Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound (port in use, unknown host), naming it
     */
    public static MetricsEndpoint start(PrometheusMeterRegistry registry, MetricsSettings settings) throws IOException {
        Objects.requireNonNull(registry, "registry");
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            throw new IOException("metrics.host " + settings.host() + " does not resolve");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IOException("cannot bind the metrics endpoint to " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-endpoint");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", new Scrape(registry));
        server.start();
        MetricsEndpoint endpoint = new MetricsEndpoint(server, executor);
        log.info("metrics at http://{}:{}{}", settings.host(), endpoint.port(), PATH);
        return endpoint;
    }

    /** The bound port: the configured one, or the ephemeral one chosen for port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Stops at once and ends the thread. No grace period: on JDK 17 {@code HttpServer.stop(n)} waits
     * the full n seconds whenever a keep-alive connection is open (JDK-8304065, fixed in 21), and a
     * scrape cut short costs nothing, as Prometheus scrapes again next interval.
     */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Handles every request; a failure becomes a 500, never a dead server thread. */
    private static final class Scrape implements com.sun.net.httpserver.HttpHandler {
        private final PrometheusMeterRegistry registry;

        Scrape(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!PATH.equals(exchange.getRequestURI().getPath())) {
                    plain(exchange, 404, "not found: the scrape is at " + PATH + "\n");
                } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    plain(exchange, 405, exchange.getRequestMethod() + " is not allowed on " + PATH + "\n");
                } else {
                    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
                    try {
                        registry.scrape(body, CONTENT_TYPE);
                    } catch (RuntimeException e) {
                        log.warn("metrics scrape failed", e);
                        plain(exchange, 500, "scrape failed: " + e + "\n");
                        return;
                    }
                    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                    boolean head = "HEAD".equals(exchange.getRequestMethod());
                    exchange.sendResponseHeaders(200, head ? -1 : body.size());
                    if (!head) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            body.writeTo(out);
                        }
                    }
                }
            } catch (RuntimeException | IOException e) {
                // the client went away or the response could not be written; the server keeps serving
                log.warn("metrics response to {} failed", exchange.getRemoteAddress(), e);
            }
        }

        private static void plain(HttpExchange exchange, int status, String text) throws IOException {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        }
    }
}
