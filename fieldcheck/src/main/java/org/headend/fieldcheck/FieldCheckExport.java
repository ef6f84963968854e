package org.headend.fieldcheck;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterSite;

/**
 * Due lists, comparison outcomes and reports as CSV (for crews and spreadsheets) and JSON (for
 * systems). Column names are documented in docs/field-verification.md; the JSON of a due meter
 * has the same names as the CSV columns.
 */
public final class FieldCheckExport {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule("field-check")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(LocalDate.class, ToStringSerializer.instance)
                    .addSerializer(Quarter.class, ToStringSerializer.instance))
            .enable(SerializationFeature.INDENT_OUTPUT);

    private FieldCheckExport() {
    }

    /** The due list, one row per meter: what the crew must verify. */
    public static void dueCsv(DueList due, Writer out) throws IOException {
        List<Map<String, Object>> rows = dueRows(due);
        csv(rows.isEmpty() ? dueRow(null).keySet() : rows.get(0).keySet(), rows, out);
    }

    public static void dueJson(DueList due, Writer out) throws IOException {
        JSON.writeValue(out, dueDocument(due));
    }

    /** The due list as JSON-ready maps: as_of, period, seed, meters (each with the CSV's columns). */
    static Map<String, Object> dueDocument(DueList due) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("as_of", due.asOf());
        doc.put("period", due.period().code());
        doc.put("seed", due.seed());
        doc.put("meters", dueRows(due));
        return doc;
    }

    private static List<Map<String, Object>> dueRows(DueList due) {
        List<Map<String, Object>> rows = new ArrayList<>(due.meters().size());
        for (DueMeter d : due.meters()) {
            rows.add(dueRow(d));
        }
        return rows;
    }

    private static Map<String, Object> dueRow(DueMeter d) {
        Meter m = d == null ? null : d.meter();
        MeterSite s = m == null ? MeterSite.NONE : m.site();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("area", m == null ? "" : m.area());
        r.put("stop", d == null ? 0 : d.stop());
        r.put("meter_address", m == null ? "" : m.address());
        r.put("reasons", d == null ? "" : String.join(" ", d.reasons().stream().map(DueReason::code).toList()));
        r.put("due_by", d == null ? "" : d.dueBy().toString());
        r.put("detail", d == null ? "" : d.detail());
        r.put("account", s.account());
        r.put("customer_name", s.customerName());
        r.put("customer_class", m == null ? "" : m.customerClass());
        r.put("voltage_level", s.voltageLevel());
        r.put("meter_serial", s.meterSerial());
        r.put("ct_serial", s.ctSerial());
        r.put("ct_ratio", m == null ? "" : m.ctRatio().toPlainString());
        r.put("vt_serial", s.vtSerial());
        r.put("vt_ratio", m == null ? "" : m.vtRatio().toPlainString());
        r.put("multiplier", m == null ? "" : m.multiplier().toPlainString());
        r.put("seals", s.seals());
        r.put("last_remote_kwh", d == null || d.lastRemote() == null ? "" : String.format(Locale.ROOT, "%.2f", d.lastRemoteRegisterKwh()));
        r.put("last_remote_time", d == null || d.lastRemote() == null ? "" : d.lastRemote().time().toString());
        r.put("last_check", d == null || d.lastCheck() == null ? "" : d.lastCheck().toString());
        r.put("latitude", s.latitude() == null ? "" : s.latitude().toString());
        r.put("longitude", s.longitude() == null ? "" : s.longitude().toString());
        return r;
    }

    /** Comparison outcomes: one row per finding; clean checks are not listed. */
    public static void findingsCsv(List<CheckOutcome> outcomes, Writer out) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CheckOutcome o : outcomes) {
            for (Finding f : o.findings()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("area", o.area());
                r.put("meter_address", f.meter());
                r.put("check_time", f.checkTime().toString());
                r.put("category", f.category().code());
                r.put("band", f.band());
                r.put("energy_kwh", String.format(Locale.ROOT, "%.1f", f.energyKwh()));
                r.put("factor", Double.isNaN(f.factor()) ? "" : CheckRules.num(f.factor()));
                r.put("remote_mode", o.remote().mode().name().toLowerCase(Locale.ROOT));
                r.put("evidence", f.evidence());
                rows.add(r);
            }
        }
        csv(List.of("area", "meter_address", "check_time", "category", "band", "energy_kwh", "factor", "remote_mode",
                "evidence"), rows, out);
    }

    /** The report's area rows (and a total row with area {@code *}). */
    public static void reportCsv(QuarterReport report, Writer out) throws IOException {
        List<String> categories = new ArrayList<>();
        for (Category c : Category.values()) {
            categories.add(c.code());
        }
        List<String> bands = new ArrayList<>(report.total().findingsByBand().keySet());
        bands.sort(java.util.Comparator.comparingInt(b -> bandOrder(report, b)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (QuarterReport.AreaRow a : report.areas()) {
            rows.add(areaRow(report, a, a.area(), categories, bands));
        }
        rows.add(areaRow(report, report.total(), "*", categories, bands));
        List<String> header = new ArrayList<>(rows.get(0).keySet());
        csv(header, rows, out);
    }

    private static int bandOrder(QuarterReport report, String band) {
        List<String> order = new ArrayList<>(report.total().findingsByBand().keySet());
        return order.indexOf(band);
    }

    private static Map<String, Object> areaRow(QuarterReport report, QuarterReport.AreaRow a, String name,
                                               List<String> categories, List<String> bands) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("quarter", report.quarter().toString());
        r.put("area", name);
        r.put("required", a.required());
        r.put("checked", a.checked());
        r.put("overdue", a.overdue());
        r.put("pending", a.pending());
        r.put("compliance_percent", String.format(Locale.ROOT, "%.2f", a.compliancePercent()));
        r.put("findings", a.findings());
        r.put("energy_kwh", String.format(Locale.ROOT, "%.1f", a.energyKwh()));
        r.put("corrections", a.corrections());
        r.put("corrected_kwh", String.format(Locale.ROOT, "%.1f", a.correctedKwh()));
        for (String c : categories) {
            r.put(c, a.findingsByCategory().getOrDefault(c, 0));
        }
        for (String b : bands) {
            r.put("band " + b, a.findingsByBand().getOrDefault(b, 0));
        }
        return r;
    }

    /** The drill-down: one row per finding, or per meter without findings. */
    public static void drillDownCsv(QuarterReport report, Writer out) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (QuarterReport.MeterRow m : report.meters()) {
            List<QuarterReport.FindingRow> fs = m.findings().isEmpty() ? java.util.Collections.singletonList(null) : m.findings();
            for (QuarterReport.FindingRow f : fs) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("quarter", report.quarter().toString());
                r.put("area", m.area());
                r.put("meter_address", m.meter());
                r.put("state", m.state());
                r.put("checks", String.join(" ", m.checks().stream().map(Instant::toString).toList()));
                r.put("check_time", f == null ? "" : f.checkTime().toString());
                r.put("category", f == null ? "" : f.category());
                r.put("band", f == null ? "" : f.band());
                r.put("energy_kwh", f == null ? "" : String.format(Locale.ROOT, "%.1f", f.energyKwh()));
                r.put("accepted", f == null ? "" : f.accepted());
                r.put("evidence", f == null ? "" : f.evidence());
                rows.add(r);
            }
        }
        csv(List.of("quarter", "area", "meter_address", "state", "checks", "check_time", "category", "band", "energy_kwh",
                "accepted", "evidence"), rows, out);
    }

    public static void reportJson(QuarterReport report, Writer out) throws IOException {
        JSON.writeValue(out, report);
    }

    /** JSON text of any of this package's values (for the HTTP handler). */
    static byte[] json(Object value) throws IOException {
        return JSON.writeValueAsBytes(value);
    }

    private static void csv(Iterable<String> header, List<Map<String, Object>> rows, Writer out) throws IOException {
        List<String> h = new ArrayList<>();
        header.forEach(h::add);
        CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(h.toArray(String[]::new))
                .setRecordSeparator('\n').get());
        for (Map<String, Object> r : rows) {
            List<Object> values = new ArrayList<>(h.size());
            for (String k : h) {
                values.add(r.getOrDefault(k, ""));
            }
            p.printRecord(values);
        }
        p.flush();
    }
}
