package org.headend.collector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.headend.collector.config.MetricsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CollectorMetrics metrics = CollectorMetrics.of(registry);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MetricsEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        CollectorMetricsTest.fireEveryEvent(metrics, registry);
        endpoint = MetricsEndpoint.start(registry, new MetricsSettings("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        endpoint.close();
        metrics.close();
        registry.close();
    }

    private HttpResponse<String> request(String method, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void servesTheScrapeOverARealSocketInTextFormat004() throws Exception {
        HttpResponse<String> r = request("GET", "/metrics");

        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
        assertTrue(r.body().contains("headend_polls_total{outcome=\"ok\",protocol=\"dlt645-2007\"} 2"), r.body());
        assertNotEquals(0, endpoint.port());
        assertEquals("127.0.0.1", endpoint.address().getAddress().getHostAddress());
    }

    @Test
    void answersOtherPathsWith404AndOtherMethodsWith405() throws Exception {
        assertEquals(404, request("GET", "/").statusCode());
        assertEquals(404, request("GET", "/metrics/extra").statusCode());
        HttpResponse<String> post = request("POST", "/metrics");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(null));
        HttpResponse<String> head = request("HEAD", "/metrics");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void everySampleHasHelpAndTypeCountersEndInTotalAndUnitsAreInNames() throws Exception {
        Exposition e = Exposition.parse(request("GET", "/metrics").body());

        assertEquals(List.of(), e.errors);
        List<String> wrong = new ArrayList<>();
        for (Exposition.Sample s : e.samples) {
            Exposition.Family f = e.familyOf(s);
            if (f == null || f.help() == null || f.type() == null) {
                wrong.add("line " + s.line() + " " + s.name() + ": no HELP or TYPE");
            } else if (f.type().equals("counter") && !s.name().endsWith("_total")) {
                wrong.add("line " + s.line() + " " + s.name() + ": counter without _total");
            }
        }
        for (CollectorMeters m : CollectorMeters.values()) {
            String name = CollectorMetricsTest.prometheusName(m);
            String unit = m.type() == io.micrometer.core.instrument.Meter.Type.TIMER ? "seconds" : m.baseUnit();
            if (unit != null && !name.contains("_" + unit)) {
                wrong.add(name + ": unit " + unit + " not in the name");
            }
            if (e.families.get(name) == null) {
                wrong.add(name + " (" + m + ") not exposed");
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(e.samples.size() > 50, "only " + e.samples.size() + " samples");
    }

    /**
     * The exposition must pass {@code promtool check metrics}: no parse error (rc 1), no lint
     * complaint (rc 3), JVM metrics included. promtool comes with the prometheus package; CI must have it.
     */
    @Test
    void scrapePassesPromtoolCheckMetrics() throws Exception {
        String promtool = onPath("promtool");
        if (promtool == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("promtool is not on PATH but CI=true: install the prometheus package");
            }
            Assumptions.abort("promtool is not on PATH (apt package prometheus); skipping the promtool check");
        }
        String body = request("GET", "/metrics").body();

        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(body.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), () -> "promtool check metrics rc " + p.exitValue() + ": " + out);
        assertEquals("", out.strip(), "promtool complaints");
    }

    @Test
    void bindingAPortInUseFailsNamingTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class,
                    () -> MetricsEndpoint.start(registry, new MetricsSettings("127.0.0.1", taken.getLocalPort())));

            assertTrue(e.getMessage().startsWith("cannot bind the metrics endpoint to 127.0.0.1:" + taken.getLocalPort()),
                    e.getMessage());
        }
    }

    @Test
    void closedEndpointRefusesConnections() throws Exception {
        int port = endpoint.port();
        endpoint.close();

        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> http.send(req, HttpResponse.BodyHandlers.ofString()));
        assertNotNull(endpoint.address());
    }

    private static String onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
