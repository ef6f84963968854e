package org.headend.fieldcheck;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * HTTP/JSON of on-site verification, for a JDK {@code HttpServer} context at {@value #PATH}
 * (for example beside the collector's /metrics):
 * <ul>
 *   <li>{@code GET /fieldcheck/report?quarter=2026Q3&area=north} - the {@link QuarterReport} as of now;</li>
 *   <li>{@code GET /fieldcheck/due?as_of=2026-09-15T00:00:00Z} - the {@link DueList} (as of now by default).</li>
 * </ul>
 * A bad parameter is 400 with the reason; other paths 404; other methods 405. Each request reads
 * the store afresh.
 */
public final class FieldCheckHttp implements HttpHandler {
    public static final String PATH = "/fieldcheck";

    private final FieldCheck fieldCheck;
    private final Clock clock;

    public FieldCheckHttp(FieldCheck fieldCheck, Clock clock) {
        this.fieldCheck = fieldCheck;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                send(ex, 405, "{\"error\":\"only GET\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            Instant now = clock.instant();
            Object body;
            try {
                body = switch (ex.getRequestURI().getPath()) {
                    case PATH + "/report" -> {
                        Quarter quarter = q.containsKey("quarter") ? Quarter.parse(q.get("quarter")) : fieldCheck.quarterOf(now);
                        yield fieldCheck.report(quarter, now, q.getOrDefault("area", ""));
                    }
                    case PATH + "/due" -> FieldCheckExport.dueDocument(
                            fieldCheck.due(q.containsKey("as_of") ? Instant.parse(q.get("as_of")) : now));
                    default -> null;
                };
            } catch (RuntimeException e) {
                send(ex, 400, FieldCheckExport.json(Map.of("error", String.valueOf(e.getMessage()))));
                return;
            }
            if (body == null) {
                send(ex, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(ex, 200, FieldCheckExport.json(body));
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
