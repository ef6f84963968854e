package org.headend.fieldcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.archive.MeterSite;
import org.headend.collector.archive.ReadingMethod;
import org.headend.storage.Quality;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.Source;
import org.headend.storage.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report over real HTTP, as Prometheus gauges, and the CSV and JSON exports, on a small archive. */
class FieldCheckEndpointsTest {
    static final Instant NOW = Instant.parse("2026-08-20T00:00:00Z");
    @TempDir
    Path dir;
    ReadingStore store;
    FieldCheck fc;

    static Meter meter(String address, String area, ReadingMethod method) {
        MeterSite site = new MeterSite("AC" + address, "Name", "SN" + address, "", "", "S1", "0.4kV", method, null,
                31.0 + Integer.parseInt(address) / 1000.0, 121.0, null);
        return new Meter(address, MeterProtocol.DLT645_2007, "gw", BigDecimal.ONE, BigDecimal.ONE, "residential", area, site);
    }

    @BeforeEach
    void open() throws Exception {
        store = Stores.open("embedded:" + dir.resolve("h.db"));
        List<Meter> archive = List.of(meter("1", "north", ReadingMethod.REMOTE), meter("2", "north", ReadingMethod.CONCENTRATOR),
                meter("3", "south", ReadingMethod.REMOTE), meter("4", "south", ReadingMethod.MANUAL));
        for (int d = 0; d < 60; d++) {
            Instant t = Instant.parse("2026-06-25T00:05:00Z").plusSeconds(86_400L * d);
            store.write(List.of(new Reading("000000000001", t, FieldCheckSettings.ENERGY, 100 + d * 10, "kWh", Quality.ACTUAL, Source.SCHEDULED),
                    new Reading("000000000003", t, FieldCheckSettings.ENERGY, 500 + d * 5, "kWh", Quality.ACTUAL, Source.SCHEDULED)));
        }
        fc = new FieldCheck(FieldCheckSettings.defaults(), archive, store, Clock.fixed(NOW, ZoneOffset.UTC));
        ImportReport r = fc.importResults(new StringReader("meter_address,check_time,register_kwh,seal\n"
                + "1,2026-07-10 12:05,255.00,intact\n3,2026-07-11 12:00,580.00,broken\n"), "crew.csv");
        assertEquals(2, r.added(), r.problems()::toString);
        fc.compare(new Quarter(2026, 3));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aRowImportedBeforeWithOtherValuesIsRefusedNamingTheFirstImport() throws Exception {
        ImportReport r = fc.importResults(new StringReader("meter_address,check_time,register_kwh,seal\n"
                + "3,2026-07-11 12:00,580.00,broken\n"
                + "1,2026-07-10 12:05,255.10,intact\n"
                + "2,2026-07-12 09:00,100.00,intact\n"), "crew-resent.csv");
        assertEquals(1, r.added());
        assertEquals(1, r.unchanged());
        assertEquals(1, r.problems().size(), r.problems()::toString);
        assertEquals(3, r.problems().get(0).line());
        assertTrue(r.problems().get(0).reason().contains("imported before with other values (crew.csv line 2), which are kept"),
                r.problems()::toString);
    }

    @Test
    void theReportAndTheDueListAreServedAsJson() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(FieldCheckHttp.PATH, new FieldCheckHttp(fc, Clock.fixed(NOW, ZoneOffset.UTC)));
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + FieldCheckHttp.PATH;
            HttpResponse<String> report = client.send(HttpRequest.newBuilder(URI.create(base + "/report?quarter=2026Q3")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, report.statusCode());
            JsonNode json = new ObjectMapper().readTree(report.body());
            assertEquals("2026Q3", json.get("quarter").asText());
            assertEquals(3, json.get("total").get("required").asInt());
            assertEquals(2, json.get("total").get("checked").asInt());
            assertEquals(1, json.get("total").get("findingsByCategory").get("seal_broken").asInt());
            HttpResponse<String> due = client.send(HttpRequest.newBuilder(URI.create(base + "/due")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode dueJson = new ObjectMapper().readTree(due.body());
            assertEquals(1, dueJson.get("meters").size());
            assertEquals("000000000002", dueJson.get("meters").get(0).get("meter_address").asText());
            HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create(base + "/report?quarter=2026Q5")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("must look like 2026Q3"), bad.body());
            assertEquals(404, client.send(HttpRequest.newBuilder(URI.create(base + "/nothing")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void gaugesShowOverdueAndCompliancePerArea() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FieldCheckGauges gauges = FieldCheckGauges.bind(registry);
        gauges.update(fc.report(new Quarter(2026, 3), NOW, ""));
        String text = registry.scrape();
        assertTrue(text.contains("headend_fieldcheck_compliance_percent{area=\"north\"} 50.0"), text);
        assertTrue(text.contains("headend_fieldcheck_compliance_percent{area=\"south\"} 100.0"), text);
        assertTrue(text.contains("headend_fieldcheck_overdue_meters{area=\"north\"} 1.0"), text);
        assertTrue(text.contains("headend_fieldcheck_required_meters{area=\"south\"} 1.0"), text);
    }

    @Test
    void gaugesKeptCurrentShowTheRunningQuarterWithoutAScrapeAskingForIt() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (AutoCloseable kept = FieldCheckGauges.keepCurrent(registry, fc, Clock.fixed(NOW, ZoneOffset.UTC),
                java.time.Duration.ofHours(1))) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> registry.scrape().contains("headend_fieldcheck_compliance_percent{area=\"north\"} 50.0"));
            assertTrue(registry.scrape().contains("headend_fieldcheck_overdue_meters{area=\"north\"} 1.0"));
        }
    }

    @Test
    void theCsvExportsCarryTheDocumentedColumns() throws Exception {
        StringWriter due = new StringWriter();
        FieldCheckExport.dueCsv(fc.due(NOW), due);
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(due.toString())).getRecords();
        assertEquals(1, rows.size());
        assertEquals("000000000002", rows.get(0).get("meter_address"));
        assertEquals("periodic", rows.get(0).get("reasons"));
        assertEquals("2026-09-30", rows.get(0).get("due_by"));
        assertEquals("SN2", rows.get(0).get("meter_serial"));
        StringWriter report = new StringWriter();
        FieldCheckExport.reportCsv(fc.report(new Quarter(2026, 3), NOW, ""), report);
        List<CSVRecord> areas = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(report.toString())).getRecords();
        assertEquals(List.of("north", "south", "*"), areas.stream().map(r -> r.get("area")).toList());
        assertEquals("1", areas.get(1).get("seal_broken"));
        assertEquals("1", areas.get(1).get("band none"));
        assertEquals("66.67", areas.get(2).get("compliance_percent"));
    }
}
