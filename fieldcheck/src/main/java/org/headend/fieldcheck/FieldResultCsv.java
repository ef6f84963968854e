package org.headend.fieldcheck;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.headend.collector.archive.Meter;
import org.headend.storage.FieldResult;

/**
 * Reads a crew's field-result sheet (columns in docs/field-verification.md). A bad row is reported
 * with its line and every reason and skipped; the good rows are kept. Only a sheet that cannot be
 * read as a whole (a required column missing from the header, an unclosed quote) fails, with an
 * {@link IllegalArgumentException} naming the line.
 *
 * <p>Limits: {@value #MAX_ROWS} rows per sheet, {@value #MAX_TEXT} characters per text field
 * ({@value #MAX_NOTES} for notes); numbers in the ranges of {@link Field}.
 */
final class FieldResultCsv {
    static final int MAX_ROWS = 2_000_000;
    static final int MAX_TEXT = 100;
    static final int MAX_NOTES = 1000;
    static final List<String> REQUIRED = List.of("meter_address", "check_time");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd").optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().appendPattern("HH:mm[:ss]").toFormatter(Locale.ROOT);

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreHeaderCase(true).setTrim(true).setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .setIgnoreEmptyLines(false).setAllowMissingColumnNames(true).get();

    /** Numeric columns with their inclusive ranges. */
    enum Field {
        REGISTER("register_kwh", 0, 1e9), CT("ct_ratio", 1e-6, 1e6), VT("vt_ratio", 1e-6, 1e6),
        CLAMP_I("clamp_current_a", 0, 1e5), CLAMP_U("clamp_voltage_v", 1, 1e6), PF("clamp_power_factor", 0.01, 1),
        METER_KW("meter_power_kw", 0, 1e6), WS_N("ws_pulses", 1, 1e6), WS_C("ws_constant", 0.001, 1e7),
        WS_P("ws_power_w", 0.001, 1e10), WS_T("ws_seconds", 0.01, 86_400);

        final String column;
        final double min;
        final double max;

        Field(String column, double min, double max) {
            this.column = column;
            this.min = min;
            this.max = max;
        }
    }

    private final ZoneId zone;
    private final Instant latest;

    /**
     * @param zone  zone of times written without an offset
     * @param now   check times after now + 1 day are refused (a typo in the year)
     */
    FieldResultCsv(ZoneId zone, Instant now) {
        this.zone = zone;
        this.latest = now.plusSeconds(86_400);
    }

    /** The rows read: good results (with their origin set) and their lines, and the problems of the others. */
    record Rows(List<FieldResult> results, List<Long> lines, List<ImportProblem> problems, long rows, long repeated) {
    }

    Rows read(Reader in, String source) throws IOException {
        CSVParser parser;
        try {
            parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalArgumentException(source + " line 1: bad header: " + e.getMessage(), e);
        }
        Set<String> header = new LinkedHashSet<>();
        parser.getHeaderNames().forEach(h -> header.add(h.strip().toLowerCase(Locale.ROOT)));
        for (String r : REQUIRED) {
            if (!header.contains(r)) {
                throw new IllegalArgumentException(source + " line 1: header lacks column " + r + "; it has " + header
                        + "; see docs/field-verification.md");
            }
        }
        List<FieldResult> good = new ArrayList<>();
        List<Long> goodLines = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        Map<String, Long> lineOfKey = new HashMap<>();
        Map<String, FieldResult> byKey = new HashMap<>();
        long rows = 0;
        long repeated = 0;
        long previousEnd = parser.getCurrentLineNumber();
        try {
            for (CSVRecord record : parser) {
                long line = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                if (++rows > MAX_ROWS) {
                    problems.add(new ImportProblem(line, "more than " + MAX_ROWS + " rows in one sheet; the rest is not read"));
                    break;
                }
                List<String> why = new ArrayList<>();
                FieldResult r = row(record, why, source + " line " + line);
                if (r == null) {
                    problems.add(new ImportProblem(line, String.join("; ", why)));
                    continue;
                }
                String key = r.meter() + "@" + r.checkTime().toEpochMilli();
                FieldResult earlier = byKey.putIfAbsent(key, r);
                if (earlier == null) {
                    lineOfKey.put(key, line);
                    good.add(r);
                    goodLines.add(line);
                } else if (earlier.sameValuesAs(r)) {
                    repeated++;
                } else {
                    problems.add(new ImportProblem(line, "meter " + r.meter() + " at " + r.checkTime()
                            + " already on line " + lineOfKey.get(key) + " with other values; line " + lineOfKey.get(key) + " is kept"));
                }
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(source + " line " + (previousEnd + 1) + ": malformed CSV: "
                    + e.getCause().getMessage(), e);
        }
        return new Rows(good, goodLines, problems, rows, repeated);
    }

    private FieldResult row(CSVRecord rec, List<String> why, String origin) {
        String meter = text(rec, "meter_address", why);
        if (meter.isEmpty()) {
            why.add("meter_address is missing");
        } else {
            try {
                meter = Meter.normalizeAddress(meter);
            } catch (IllegalArgumentException e) {
                why.add("meter_address: " + e.getMessage());
            }
        }
        Instant checkTime = time(rec, "check_time", why, true);
        if (checkTime != null && (checkTime.isBefore(EARLIEST) || checkTime.isAfter(latest))) {
            why.add("check_time " + checkTime + " is outside " + EARLIEST + " .. " + latest);
        }
        Boolean present = presence(text(rec, "meter_present", why), why);
        Double register = number(rec, Field.REGISTER, why);
        if (Boolean.TRUE.equals(present) && register == null && !has(rec, Field.REGISTER.column)) {
            why.add("register_kwh is missing (required when the meter is present)");
        }
        String seal = text(rec, "seal", why).toLowerCase(Locale.ROOT);
        if (!seal.isEmpty() && !seal.equals("intact") && !seal.equals("broken") && !seal.equals("missing")) {
            why.add("seal was '" + seal + "' but must be intact, broken or missing (or empty: not inspected)");
        }
        Double[] clamp = {number(rec, Field.CLAMP_I, why), number(rec, Field.CLAMP_U, why), number(rec, Field.METER_KW, why)};
        allOrNone(rec, why, "clamp_current_a, clamp_voltage_v and meter_power_kw", Field.CLAMP_I, Field.CLAMP_U, Field.METER_KW);
        Double[] ws = {number(rec, Field.WS_N, why), number(rec, Field.WS_C, why), number(rec, Field.WS_P, why),
                number(rec, Field.WS_T, why)};
        allOrNone(rec, why, "ws_pulses, ws_constant, ws_power_w and ws_seconds", Field.WS_N, Field.WS_C, Field.WS_P, Field.WS_T);
        Integer phases = phases(text(rec, "phases", why), why);
        Double ct = number(rec, Field.CT, why);
        Double vt = number(rec, Field.VT, why);
        Double pf = number(rec, Field.PF, why);
        String meterSerial = text(rec, "meter_serial", why);
        String ctSerial = text(rec, "ct_serial", why);
        String vtSerial = text(rec, "vt_serial", why);
        String crew = text(rec, "crew", why);
        Instant clock = time(rec, "meter_clock", why, false);
        String notes = rec.isSet("notes") ? rec.get("notes") : "";
        if (notes.length() > MAX_NOTES) {
            why.add("notes has " + notes.length() + " characters but at most " + MAX_NOTES + " are kept");
        }
        if (!why.isEmpty()) {
            return null;
        }
        return new FieldResult(meter, checkTime, present, register, meterSerial, ct, vt, ctSerial, vtSerial, seal, clock,
                clamp[0], clamp[1], pf, phases, clamp[2], ws[0], ws[1], ws[2], ws[3], crew, notes, origin);
    }

    private static boolean has(CSVRecord rec, String column) {
        return rec.isSet(column) && !rec.get(column).isEmpty();
    }

    private static void allOrNone(CSVRecord rec, List<String> why, String names, Field... fields) {
        int n = 0;
        for (Field f : fields) {
            n += has(rec, f.column) ? 1 : 0;
        }
        if (n != 0 && n != fields.length) {
            why.add(names + " come together: give all or none");
        }
    }

    private static String text(CSVRecord rec, String column, List<String> why) {
        String v = rec.isSet(column) ? rec.get(column) : "";
        if (v.length() > MAX_TEXT) {
            why.add(column + " has " + v.length() + " characters but at most " + MAX_TEXT + " are allowed");
            return "";
        }
        return v;
    }

    private static Double number(CSVRecord rec, Field f, List<String> why) {
        String v = text(rec, f.column, why);
        if (v.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= f.min && d <= f.max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        why.add(f.column + " was '" + v + "' but must be a number in " + CheckRules.num(f.min) + ".." + CheckRules.num(f.max));
        return null;
    }

    private static Boolean presence(String v, List<String> why) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "", "yes", "y", "true", "1" -> {
                return true;
            }
            case "no", "n", "false", "0" -> {
                return false;
            }
            default -> {
                why.add("meter_present was '" + v + "' but must be yes or no");
                return null;
            }
        }
    }

    private static Integer phases(String v, List<String> why) {
        if (v.isEmpty()) {
            return null;
        }
        if (v.equals("1") || v.equals("3")) {
            return Integer.valueOf(v);
        }
        why.add("phases was '" + v + "' but must be 1 or 3");
        return null;
    }

    private Instant time(CSVRecord rec, String column, List<String> why, boolean required) {
        String v = text(rec, column, why);
        if (v.isEmpty()) {
            if (required) {
                why.add(column + " is missing");
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            try {
                return LocalDateTime.parse(v, LOCAL).atZone(zone).toInstant();
            } catch (DateTimeException e2) {
                why.add(column + " was '" + v + "' but must be ISO-8601 like 2026-07-14T09:30:00+08:00, or "
                        + "2026-07-14 09:30[:ss] in zone " + zone);
                return null;
            }
        }
    }
}
